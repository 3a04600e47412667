/** What other modules may use of the STIX 2.1 export (issue #5). */
export { stixRoutes } from './stix.routes';
export type { IndicatorKind, StixAdvisoryInput, StixIncidentInput, StixIndicatorInput, StixOrg, Tlp } from './stix.model';
