/** What other modules may use of the agents module (osquery remote API, enrol secrets, live queries). */
export { agentRoutes, osqueryRoutes } from './agents.routes';
export { runtimeOf } from './agents.runtime';
export { agentTls } from './agents.tls';
export { tlsHostOf, flagfile } from './agents.service';
