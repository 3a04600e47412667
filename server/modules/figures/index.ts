/** What other modules may use of the figures. */
export { figureRoutes } from './figures.routes';
export { getAnnualReportData, getSystemFigures, type AnnualReportData, type ReportSystem } from './figures.service';
