/** What other modules may use of the incidents module. */
export { incidentRoutes } from './incidents.routes';
export { checkIncidentDeadlines } from './incidents-deadlines';
export { loadIncidentForStix } from './incidents-stix';
