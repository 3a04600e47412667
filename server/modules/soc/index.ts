/** What other modules may use of SOC coverage and alerts (issue #5). */
export { socRoutes, alertRoutes } from './soc.routes';
export { alertIntakeRoutes } from './intake';
export { createAlertWriter, type AlertWriter, type AlertOrigin } from './alert-writer';
