/** What other modules may use of early warnings (issue #5). */
export { advisoryRoutes } from './advisories.routes';
export { sendAdvisoryReminders } from './advisories.reminders';
export { loadAdvisoryForStix } from './advisories.stix';
