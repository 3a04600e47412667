/** What other modules may use of the agents module (osquery remote API, enrol secrets, live queries). */
export { agentRoutes, osqueryRoutes } from './agents.routes';
export { agentTls } from './agents.tls';
