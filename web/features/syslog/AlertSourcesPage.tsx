import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { PageHeader } from '../../ui/PageHeader';
import { RejectionsPanel } from './RejectionsPanel';
import { SyslogSourcesPanel } from './SyslogSourcesPanel';
import { WazuhInstructions } from './WazuhInstructions';

/** "Nguồn cảnh báo" (/soc/sources, soc.manage): syslog senders, refused alerts, Wazuh instructions. */
export function AlertSourcesPage() {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <>
      <PageHeader title={t('syslog.title')} description={t('syslog.description')} />
      <Card>
        <Tabs
          items={[
            { key: 'syslog', label: t('syslog.tabs.syslog'), children: <SyslogSourcesPanel /> },
            // Refused alerts come from the SOC queue's counters (alert.read); without it the page shows
            // the sources' own counters only.
            ...(can('alert.read') ? [{ key: 'rejections', label: t('syslog.tabs.rejections'), children: <RejectionsPanel /> }] : []),
            { key: 'wazuh', label: t('syslog.tabs.wazuh'), children: <WazuhInstructions /> },
          ]}
        />
      </Card>
    </>
  );
}
