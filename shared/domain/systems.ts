/**
 * Information systems and their security levels (issue #3; legal reference ../shared/domain/legal-framework.md
 * §2–§3, §10.3–§10.4). Enumerations both the server and the web app need.
 */

/** The legal regimes a level dossier can be handled under (§10.1). */
export const REGIMES = ['nd85_2016', 'nd331_2026'] as const;
export type Regime = (typeof REGIMES)[number];

export const SECURITY_LEVELS = [1, 2, 3, 4, 5] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];

/** System type by function (Decree 85 Art 6.2; Decree 331 keeps the same families). */
export const SYSTEM_TYPES = ['internal', 'citizen_business', 'infrastructure', 'industrial_control', 'other'] as const;
export type SystemType = (typeof SYSTEM_TYPES)[number];

/** Information by confidentiality attribute (Decree 85 Art 6.1). */
export const INFO_TYPES = ['public', 'private', 'personal', 'state_secret'] as const;
export type InfoType = (typeof INFO_TYPES)[number];

/** Who the system serves, as the registry records it (issue #3). */
export const AUDIENCES = ['internal', 'citizens_businesses', 'cross_agency'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const INFRA_SCOPES = ['single_org', 'sector_or_province', 'national', 'international'] as const;
export type InfraScope = (typeof INFRA_SCOPES)[number];

export const ICS_WORKS_GRADES = ['none', 'iv', 'iii', 'ii', 'i', 'special', 'ns_important'] as const;
export type IcsWorksGrade = (typeof ICS_WORKS_GRADES)[number];

export const STATE_SECRET_HARMS = ['none', 'harm', 'serious', 'especially_serious'] as const;
export type StateSecretHarm = (typeof STATE_SECRET_HARMS)[number];

export const HOSTINGS = ['own_room', 'provincial_dc', 'rented_dc', 'cloud'] as const;
export type Hosting = (typeof HOSTINGS)[number];

export const LIFECYCLES = ['planned', 'under_investment', 'operating', 'decommissioning', 'retired'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export const COMPONENT_KINDS = ['application', 'operating_system', 'database', 'web_server', 'network_device', 'security_device', 'hardware', 'other'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];
