/** What other modules may use of the information-system registry. */
export { systemRoutes } from './systems.routes';
export { getSystem, listSystems } from './systems.service';
