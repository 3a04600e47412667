/**
 * The osquery configuration served to every enrolled agent: the scheduled queries that keep the
 * inventory current, and the options. Query names are stable: the ingest (osquery.ingest.ts) keys on
 * them. All are snapshots (the full result every interval; unchanged snapshots are skipped by digest).
 *
 * Tables (osquery schema): os_version, system_info, interface_addresses + interface_details,
 * windows_security_products (name, state, signatures_up_to_date), windows_security_center,
 * programs (Windows), deb_packages / rpm_packages (Linux), apps (macOS), logged_in_users.
 *
 * The operating system's licence (activation) is not known from osquery: Windows keeps it in WMI
 * (SoftwareLicensingProduct.LicenseStatus), which osquery's core tables do not expose, so agents leave
 * endpoints.os_licence as it is ('unknown' unless an import or a person says otherwise).
 */
import type { OsqueryConfig, ScheduledQuery } from '@shared/api/osquery';

export const HOUR = 3600;
export const TEN_MINUTES = 600;

export const QUERY = {
  osVersion: 'khien_os_version',
  systemInfo: 'khien_system_info',
  interfaces: 'khien_interfaces',
  securityProducts: 'khien_security_products',
  securityCenter: 'khien_security_center',
  programs: 'khien_programs',
  packagesLinux: 'khien_packages_linux',
  appsMac: 'khien_apps_macos',
  loggedInUsers: 'khien_logged_in_users',
} as const;
export type InventoryQuery = (typeof QUERY)[keyof typeof QUERY];
export const INVENTORY_QUERIES: ReadonlySet<string> = new Set(Object.values(QUERY));

export const SCHEDULE: Record<InventoryQuery, ScheduledQuery> = {
  [QUERY.osVersion]: {
    query: 'SELECT name, version, major, minor, patch, build, platform, platform_like FROM os_version;',
    interval: HOUR,
    snapshot: true,
    description: 'Hệ điều hành / operating system',
  },
  [QUERY.systemInfo]: {
    query: 'SELECT uuid, hardware_serial, hostname, computer_name, hardware_vendor, hardware_model FROM system_info;',
    interval: HOUR,
    snapshot: true,
    description: 'Mã phần cứng, số sê-ri, tên máy / hardware id, serial, hostname',
  },
  [QUERY.interfaces]: {
    query:
      "SELECT ia.interface, ia.address, id.mac FROM interface_addresses ia JOIN interface_details id ON id.interface = ia.interface WHERE ia.address NOT LIKE '127.%' AND ia.address <> '::1' AND ia.address NOT LIKE 'fe80:%';",
    interval: HOUR,
    snapshot: true,
    description: 'Địa chỉ IP và MAC / IP and MAC addresses',
  },
  [QUERY.securityProducts]: {
    query: 'SELECT type, name, state, signatures_up_to_date FROM windows_security_products;',
    interval: TEN_MINUTES,
    snapshot: true,
    platform: 'windows',
    description: 'Phần mềm phòng chống mã độc / antivirus products',
  },
  [QUERY.securityCenter]: {
    query: 'SELECT antivirus, antispyware, firewall, autoupdate, windows_security_center_service FROM windows_security_center;',
    interval: TEN_MINUTES,
    snapshot: true,
    platform: 'windows',
    description: 'Windows Security Center',
  },
  [QUERY.programs]: {
    query: 'SELECT name, version, publisher FROM programs;',
    interval: HOUR,
    snapshot: true,
    platform: 'windows',
    description: 'Phần mềm đã cài / installed programs',
  },
  [QUERY.packagesLinux]: {
    query: "SELECT name, version, '' AS publisher FROM deb_packages UNION ALL SELECT name, version, vendor AS publisher FROM rpm_packages;",
    interval: HOUR,
    snapshot: true,
    platform: 'linux',
    description: 'Gói phần mềm / installed packages',
  },
  [QUERY.appsMac]: {
    query: "SELECT name, bundle_short_version AS version, '' AS publisher FROM apps;",
    interval: HOUR,
    snapshot: true,
    platform: 'darwin',
    description: 'Ứng dụng / applications',
  },
  [QUERY.loggedInUsers]: {
    query: "SELECT user, host, type FROM logged_in_users WHERE type = 'user';",
    interval: TEN_MINUTES,
    snapshot: true,
    description: 'Người dùng đang đăng nhập / logged-in users',
  },
};

/** Options osquery reads from the config (distributed and logger cadence as in Fleet's load tests). */
export const OPTIONS: OsqueryConfig['options'] = {
  distributed_interval: 10,
  distributed_tls_max_attempts: 3,
  logger_tls_period: 10,
  config_refresh: 300,
  schedule_splay_percent: 10,
};

/** The configuration of an agent: the inventory schedule, or none at all for a state-secret machine. */
export function configFor(opts: { stateSecret: boolean }): OsqueryConfig {
  return { schedule: opts.stateSecret ? {} : SCHEDULE, options: OPTIONS, node_invalid: false };
}
