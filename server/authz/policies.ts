/**
 * WHAT MAY THIS PERSON DO? — the role × action table, and nothing else decides it.
 * ⚠ Changing this file changes who may do what across the province: ask for two reviewers and
 * add or adjust a test in policies.test.ts for every change.
 */
import type { Role } from '@shared/domain/roles';
import type { Principal } from './principal';

export const ACTIONS = [
  'org.read',
  'org.manage',
  'org.designate_officer',
  'user.read',
  'user.manage',
  'audit.read',
  'token.manage',
  'system.read',
  'system.manage',
  'legal.manage',
  'dossier.read',
  'dossier.prepare',
  'dossier.submit',
  'dossier.appraise',
  'dossier.approve',
  'endpoint.read',
  'endpoint.manage',
  'endpoint.enroll',
  'endpoint.query',
  'endpoint.configure',
  'assessment.read',
  'assessment.perform',
  'inspection.record',
  // Security operations (issue #5).
  'soc.read',
  'soc.manage',
  'alert.ingest',
  'alert.read',
  'alert.triage',
  'advisory.read',
  'advisory.publish',
  'advisory.respond',
  'incident.read',
  'incident.report',
  'incident.respond',
  'incident.share',
] as const;
export type Action = (typeof ACTIONS)[number];

const READ_ALL: readonly Action[] = [
  'org.read',
  'user.read',
  'system.read',
  'dossier.read',
  'endpoint.read',
  'assessment.read',
  'soc.read',
  'advisory.read',
  'incident.read',
];

export const POLICY: Record<Role, readonly Action[]> = {
  // The administrator runs the platform; appraising and approving dossiers stay with the police.
  admin: [
    'org.read',
    'org.manage',
    'org.designate_officer',
    'user.read',
    'user.manage',
    'audit.read',
    'token.manage',
    'system.read',
    'system.manage',
    'legal.manage',
    'dossier.read',
    // Endpoints: the inventory, enrolling agents, live queries, and which products are "central".
    'endpoint.read',
    'endpoint.manage',
    'endpoint.enroll',
    'endpoint.query',
    'endpoint.configure',
    'assessment.read',
    // The SOC connection of every important system; alerts arrive with machine tokens ('alert.ingest'
    // is granted to tokens only: no person posts alerts).
    'soc.read',
    'soc.manage',
    'advisory.read',
    'incident.read',
  ],
  // The provincial police's cyber-security division appraises (Decree 331 Art 18, Art 23) …
  // … and inspects systems against the requirements of their level (Decree 331 Art 26–27).
  authority_appraiser: [...READ_ALL, 'dossier.appraise', 'inspection.record'],
  // … and records the approval decision (Form 06) within the competence the province gives it.
  authority_approver: [...READ_ALL, 'dossier.approve'],
  // SOC analysts and incident responders may ask agents live questions (osquery distributed queries).
  // The police SOC watches the alerts, publishes early warnings, and with the provincial response
  // team (Decision 05/2017 Art 12, Circular 20/2017 Art 11) runs incidents and shares them with the
  // National Cyber Security Center.
  soc_analyst: [...READ_ALL, 'endpoint.query', 'soc.manage', 'alert.read', 'alert.triage', 'advisory.publish', 'incident.report', 'incident.respond', 'incident.share'],
  incident_responder: [...READ_ALL, 'endpoint.query', 'alert.read', 'alert.triage', 'advisory.publish', 'incident.report', 'incident.respond', 'incident.share'],
  // The unit's security officer keeps the registry of its information systems and prepares dossiers;
  // whether they may also send them depends on the province's configuration (dossiers.rules.ts).
  // They also keep the unit's computers on record and enrol its machines' agents (issue #4).
  // The self-assessment of an approved system against its level's requirements is theirs too.
  // For security operations: the SOC connection of the unit's systems, the unit's own alerts, the
  // answer to early warnings, and reporting the unit's incidents.
  security_officer: [
    ...READ_ALL,
    'system.manage',
    'dossier.prepare',
    'endpoint.manage',
    'endpoint.enroll',
    'assessment.perform',
    'soc.manage',
    'alert.read',
    'advisory.respond',
    'incident.report',
  ],
  // The head of a unit designates its security officer, answers for the unit's record and sends its dossiers.
  org_head: [
    'org.read',
    'org.designate_officer',
    'user.read',
    'audit.read',
    'system.read',
    'system.manage',
    'dossier.read',
    'dossier.prepare',
    'dossier.submit',
    'endpoint.read',
    'endpoint.manage',
    'assessment.read',
    'assessment.perform',
    'soc.read',
    'advisory.read',
    'advisory.respond',
    'incident.read',
    'incident.report',
  ],
  leadership: ['org.read', 'user.read', 'audit.read', 'system.read', 'dossier.read', 'endpoint.read', 'assessment.read', 'soc.read', 'advisory.read', 'incident.read'],
  viewer: ['org.read', 'system.read', 'dossier.read', 'endpoint.read', 'assessment.read', 'soc.read', 'advisory.read', 'incident.read'],
};

export function roleCan(role: Role, action: Action): boolean {
  return POLICY[role].includes(action);
}

/** The organisation-subtree roots (materialised paths) on which the principal holds the action. */
export function grantRoots(principal: Principal, action: Action): string[] {
  switch (principal.kind) {
    case 'user':
      return principal.assignments.filter((a) => roleCan(a.role, action)).map((a) => a.orgPath);
    case 'token':
      return principal.actions.includes(action) ? [principal.orgPath] : [];
    case 'system':
      return principal.roots;
  }
}

export function holdsAnywhere(principal: Principal, action: Action): boolean {
  return grantRoots(principal, action).length > 0;
}

/** Whether the principal holds the action on the organisation with this path. */
export function holdsOn(principal: Principal, action: Action, orgPath: string): boolean {
  return grantRoots(principal, action).some((root) => orgPath.startsWith(root));
}

/** The `can` map sent to the web app: which actions the principal holds somewhere. */
export function abilities(principal: Principal): Record<string, boolean> {
  return Object.fromEntries(ACTIONS.map((a) => [a, holdsAnywhere(principal, a)]));
}
