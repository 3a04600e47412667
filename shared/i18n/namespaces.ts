/**
 * Namespaces of the shared catalogue that only the server words (error messages it sends already
 * translated, validation texts, field names, export labels, agent protocol messages). The web build
 * leaves them out (vite.config.ts), where every kilobyte of the first page counts on a commune's
 * slow link; web/lib/i18n-catalogue.test.tsx checks that the web uses none of them.
 */
export const SERVER_ONLY_NAMESPACES: readonly string[] = ['errors', 'validation', 'fields', 'endpoints', 'agents', 'stix'];

/**
 * Namespaces only some pages word (computers, security operations): the web build leaves them out of
 * the first page's catalogue and the pages that use them load them with their code
 * (`loadFeatureCatalogue` in web/lib/i18n.ts, `vi.json?lazy` holds exactly these).
 */
export const LAZY_NAMESPACES: readonly string[] = ['endpointsUi', 'endpointImportUi', 'soc', 'syslog', 'advisories', 'incidents'];
