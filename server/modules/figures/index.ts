/** What other modules may use of the figures. */
export { figureRoutes } from './figures.routes';
