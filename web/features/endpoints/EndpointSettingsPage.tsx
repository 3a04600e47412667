import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { PageHeader } from '../../ui/PageHeader';
import { CentralProductsPanel } from './CentralProductsPanel';
import { EnrollSecretsPanel } from './EnrollSecretsPanel';

/** Agents' enrol secrets (endpoint.enroll) and the central anti-malware product list (endpoint.configure edits it). */
export function EndpointSettingsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const tabs = [
    can('endpoint.enroll') ? { key: 'secrets', label: t('endpointsUi.secrets.tab'), children: <EnrollSecretsPanel /> } : null,
    { key: 'central', label: t('endpointsUi.central.tab'), children: <CentralProductsPanel /> },
  ].filter((tab) => tab !== null);
  const requested = params.get('tab');
  const active = tabs.find((tab) => tab.key === requested)?.key ?? tabs[0]?.key;
  return (
    <>
      <PageHeader title={t('endpointsUi.settings.title')} description={t('endpointsUi.settings.description')} />
      <Card size="small">
        <Tabs activeKey={active} onChange={(key) => setParams({ tab: key }, { replace: true })} items={tabs} destroyOnHidden />
      </Card>
    </>
  );
}
