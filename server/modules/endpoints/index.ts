/** What other modules may use of the endpoint inventory. */
export { endpointRoutes } from './endpoints.routes';
export { endpointImportRoutes } from './endpoints-import.routes';
export { refreshProtection } from './protection';
