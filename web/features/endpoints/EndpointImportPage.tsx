import { Suspense, lazy } from 'react';
import { Button, Card, Skeleton } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../ui/PageHeader';

// The wizard (upload, column mapping, preview, commit) lives in ./import and loads with this page only.
const EndpointImportWizard = lazy(async () => ({ default: (await import('./import/EndpointImportWizard')).EndpointImportWizard }));

/** "Nhập từ bảng điều khiển PCMĐ": the central anti-malware console's export, or any CSV/XLSX list. */
export function EndpointImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const back = () => void navigate('/endpoints');
  return (
    <>
      <PageHeader
        title={t('endpointsUi.import.title')}
        description={t('endpointsUi.import.description')}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={back}>
            {t('endpointsUi.import.back')}
          </Button>
        }
      />
      <Card size="small">
        <Suspense fallback={<Skeleton active />}>
          <EndpointImportWizard onDone={back} />
        </Suspense>
      </Card>
    </>
  );
}
