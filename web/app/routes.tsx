import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { FullPageSpinner } from '../ui/FullPageSpinner';
import { loadFeatureCatalogue } from '../lib/i18n';
import { RequireAction, RequireSession } from './RequireSession';
import { RouteError } from './RouteError';

// Everything behind the login is loaded on demand, so the first page stays small.
/** A page that also words the page-specific catalogue namespaces: both load before it shows. */
function featurePage(load: () => Promise<ComponentType>) {
  return lazy(async () => {
    const [page] = await Promise.all([load(), loadFeatureCatalogue()]);
    return { default: page };
  });
}

const AppShell = lazy(async () => ({ default: (await import('./AppShell')).AppShell }));
const NotFoundPage = lazy(async () => ({ default: (await import('./NotFoundPage')).NotFoundPage }));
const ChangePasswordPage = lazy(async () => ({
  default: (await import('../features/auth/ChangePasswordPage')).ChangePasswordPage,
}));
const HomePage = lazy(async () => ({ default: (await import('../features/home/HomePage')).HomePage }));
const OrgsPage = lazy(async () => ({ default: (await import('../features/orgs/OrgsPage')).OrgsPage }));
const UsersPage = lazy(async () => ({ default: (await import('../features/users/UsersPage')).UsersPage }));
const AuditPage = lazy(async () => ({ default: (await import('../features/audit/AuditPage')).AuditPage }));
const ProfilePage = lazy(async () => ({ default: (await import('../features/profile/ProfilePage')).ProfilePage }));
const TokensPage = lazy(async () => ({ default: (await import('../features/tokens/TokensPage')).TokensPage }));
const SystemsPage = lazy(async () => ({ default: (await import('../features/systems/SystemsPage')).SystemsPage }));
const SystemDetailPage = featurePage(async () => (await import('../features/systems/SystemDetailPage')).SystemDetailPage);
const ClassifyPage = lazy(async () => ({ default: (await import('../features/systems/ClassifyPage')).ClassifyPage }));
const LegalPage = lazy(async () => ({ default: (await import('../features/legal/LegalPage')).LegalPage }));
const FiguresPage = lazy(async () => ({ default: (await import('../features/figures/FiguresPage')).FiguresPage }));
const DossierListPage = lazy(async () => ({
  default: (await import('../features/dossiers/DossierListPage')).DossierListPage,
}));
const NewDossierPage = lazy(async () => ({ default: (await import('../features/dossiers/NewDossierPage')).NewDossierPage }));
const DossierDetailPage = lazy(async () => ({
  default: (await import('../features/dossiers/DossierDetailPage')).DossierDetailPage,
}));
const AssessmentListPage = lazy(async () => ({
  default: (await import('../features/assessments/AssessmentListPage')).AssessmentListPage,
}));
const AssessmentPage = lazy(async () => ({ default: (await import('../features/assessments/AssessmentPage')).AssessmentPage }));
const AdvisoryListPage = featurePage(async () => (await import('../features/advisories/AdvisoryListPage')).AdvisoryListPage);
const AdvisoryPage = featurePage(async () => (await import('../features/advisories/AdvisoryPage')).AdvisoryPage);
const AdvisoryFormPage = featurePage(async () => (await import('../features/advisories/AdvisoryFormPage')).AdvisoryFormPage);

const EndpointsPage = featurePage(async () => (await import('../features/endpoints/EndpointsPage')).EndpointsPage);
const EndpointImportPage = featurePage(async () => (await import('../features/endpoints/EndpointImportPage')).EndpointImportPage);
const CoveragePage = featurePage(async () => (await import('../features/endpoints/CoveragePage')).CoveragePage);
const ViolationsPage = featurePage(async () => (await import('../features/endpoints/ViolationsPage')).ViolationsPage);
const EndpointSettingsPage = featurePage(async () => (await import('../features/endpoints/EndpointSettingsPage')).EndpointSettingsPage);

const SocCoveragePage = featurePage(async () => (await import('../features/soc/SocCoveragePage')).SocCoveragePage);
const AlertsPage = featurePage(async () => (await import('../features/soc/AlertsPage')).AlertsPage);
const IncidentListPage = featurePage(async () => (await import('../features/incidents/IncidentListPage')).IncidentListPage);
const IncidentReportPage = featurePage(async () => (await import('../features/incidents/IncidentReportPage')).IncidentReportPage);
const IncidentCasePage = featurePage(async () => (await import('../features/incidents/IncidentCasePage')).IncidentCasePage);
const AlertSourcesPage = featurePage(async () => (await import('../features/syslog/AlertSourcesPage')).AlertSourcesPage);

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<FullPageSpinner />}>{children}</Suspense>;
}

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        path: '/change-password',
        element: (
          <RequireSession isPasswordChangePage>
            <Page>
              <ChangePasswordPage />
            </Page>
          </RequireSession>
        ),
      },
      {
        path: '/',
        element: (
          <RequireSession>
            <Page>
              <AppShell />
            </Page>
          </RequireSession>
        ),
        children: [
          { index: true, element: <HomePage /> },
          {
            path: 'orgs',
            element: (
              <RequireAction action="org.read">
                <OrgsPage />
              </RequireAction>
            ),
          },
          {
            path: 'users',
            element: (
              <RequireAction action="user.read">
                <UsersPage />
              </RequireAction>
            ),
          },
          {
            path: 'audit',
            element: (
              <RequireAction action="audit.read">
                <AuditPage />
              </RequireAction>
            ),
          },
          {
            path: 'tokens',
            element: (
              <RequireAction action="token.manage">
                <TokensPage />
              </RequireAction>
            ),
          },
          {
            path: 'systems',
            element: (
              <RequireAction action="system.read">
                <SystemsPage />
              </RequireAction>
            ),
          },
          {
            path: 'systems/:id',
            element: (
              <RequireAction action="system.read">
                <SystemDetailPage />
              </RequireAction>
            ),
          },
          {
            path: 'systems/:id/classify',
            element: (
              <RequireAction action="system.read">
                <ClassifyPage />
              </RequireAction>
            ),
          },
          {
            path: 'figures',
            element: (
              <RequireAction action="system.read">
                <FiguresPage />
              </RequireAction>
            ),
          },
          {
            path: 'legal',
            element: (
              <RequireAction action="system.read">
                <LegalPage />
              </RequireAction>
            ),
          },
          {
            path: 'dossiers',
            element: (
              <RequireAction action="dossier.read">
                <DossierListPage />
              </RequireAction>
            ),
          },
          {
            path: 'dossiers/new',
            element: (
              <RequireAction action="dossier.prepare">
                <NewDossierPage />
              </RequireAction>
            ),
          },
          {
            path: 'dossiers/:id',
            element: (
              <RequireAction action="dossier.read">
                <DossierDetailPage />
              </RequireAction>
            ),
          },
          {
            path: 'assessments',
            element: (
              <RequireAction action="assessment.read">
                <AssessmentListPage />
              </RequireAction>
            ),
          },
          {
            path: 'assessments/:id',
            element: (
              <RequireAction action="assessment.read">
                <AssessmentPage />
              </RequireAction>
            ),
          },
          { path: 'advisories', element: <RequireAction action="advisory.read"><AdvisoryListPage /></RequireAction> },
          { path: 'advisories/new', element: <RequireAction action="advisory.publish"><AdvisoryFormPage /></RequireAction> },
          { path: 'advisories/:id', element: <RequireAction action="advisory.read"><AdvisoryPage /></RequireAction> },
          { path: 'advisories/:id/edit', element: <RequireAction action="advisory.publish"><AdvisoryFormPage /></RequireAction> },
          { path: 'incidents', element: <RequireAction action="incident.read"><IncidentListPage /></RequireAction> },
          { path: 'incidents/new', element: <RequireAction action="incident.report"><IncidentReportPage /></RequireAction> },
          { path: 'incidents/:id', element: <RequireAction action="incident.read"><IncidentCasePage /></RequireAction> },
          {
            path: 'endpoints',
            element: (
              <RequireAction action="endpoint.read">
                <EndpointsPage />
              </RequireAction>
            ),
          },
          {
            path: 'endpoints/import',
            element: (
              <RequireAction action="endpoint.manage">
                <EndpointImportPage />
              </RequireAction>
            ),
          },
          {
            path: 'coverage',
            element: (
              <RequireAction action="endpoint.read">
                <CoveragePage />
              </RequireAction>
            ),
          },
          {
            path: 'soc',
            element: (
              <RequireAction action="soc.read">
                <SocCoveragePage />
              </RequireAction>
            ),
          },
          {
            path: 'soc/sources',
            element: (
              <RequireAction action="soc.manage">
                <AlertSourcesPage />
              </RequireAction>
            ),
          },
          {
            path: 'alerts',
            element: (
              <RequireAction action="alert.read">
                <AlertsPage />
              </RequireAction>
            ),
          },
          {
            path: 'endpoint-violations',
            element: (
              <RequireAction action="endpoint.read">
                <ViolationsPage />
              </RequireAction>
            ),
          },
          {
            path: 'endpoint-settings',
            element: (
              <RequireAction action="endpoint.read">
                <EndpointSettingsPage />
              </RequireAction>
            ),
          },
          { path: 'profile', element: <ProfilePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
