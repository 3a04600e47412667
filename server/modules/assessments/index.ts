/** What other modules may use of self-assessments and inspections. */
export { assessmentRoutes } from './assessments.routes';
export { countDue, listDueSystems, type DueSystemWithPath } from './assessments-rules';
