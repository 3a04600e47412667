export { dossierRoutes } from './dossiers.routes';
export { findDossier, findVersion, latestClassification, listAttachments, listComments, type DossierWithNames } from './dossiers.repo';
