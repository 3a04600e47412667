export { dossierRoutes } from './dossiers.routes';
export { findDossier, findVersion, latestClassification, listAttachments, listComments, overdueCondition, type DossierWithNames } from './dossiers.repo';
export { form08Status } from './dossiers.rules';
