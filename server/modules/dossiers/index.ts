export { dossierRoutes } from './dossiers.routes';
