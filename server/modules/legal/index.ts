/** What other modules (systems, dossiers) may use of the legal module. */
export { loadRuleSet, regimeInForce, classify, loadCalendar } from './legal.service';
export { legalRoutes } from './legal.routes';
