import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Empty, Flex, InputNumber, Progress, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SocCoverage } from '@shared/api/soc';
import { formatDateTime, formatNumber } from '../../lib/format';
import { isApiError } from '../../lib/api';
import { useCan } from '../../app/session';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { useSocCoverage, useUpdateSettings } from './api';

type Missing = SocCoverage['missing'][number];
type OrgRow = SocCoverage['orgs'][number];

const REASON_COLOR: Record<Missing['reason'], string> = { not_connected: 'red', in_progress: 'gold', quiet: 'orange', no_events: 'orange' };

function percent(part: number, total: number): number {
  return total === 0 ? 0 : Math.round((part / total) * 100);
}

/** The province's quiet threshold, for those who hold soc.manage at province level. */
function ThresholdSetting({ hours }: { hours: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [value, setValue] = useState<number | null>(hours);
  const save = useUpdateSettings();
  useEffect(() => setValue(hours), [hours]);
  return (
    <Card size="small" title={t('soc.coverage.threshold')}>
      <Typography.Paragraph type="secondary">{t('soc.coverage.thresholdHelp')}</Typography.Paragraph>
      <Flex gap={8} align="center" wrap>
        <InputNumber min={1} max={8760} value={value} onChange={(v) => setValue(v)} aria-label={t('soc.coverage.threshold')} />
        <span>{t('soc.coverage.hours')}</span>
        <Button
          type="primary"
          loading={save.isPending}
          disabled={!value || value === hours}
          onClick={() =>
            value &&
            save.mutate(value, {
              onSuccess: () => void message.success(t('soc.coverage.thresholdSaved')),
              onError: (e) => void message.error(isApiError(e) ? e.message : t('common.unexpectedError')),
            })
          }
        >
          {t('soc.coverage.saveThreshold')}
        </Button>
      </Flex>
    </Card>
  );
}

/** "Giám sát SOC": how many important systems a SOC watches, per organisation, and which are missing. */
export function SocCoveragePage() {
  const { t } = useTranslation();
  const can = useCan();
  const coverage = useSocCoverage();

  if (coverage.isPending) return <Skeleton active />;
  if (coverage.isError) return <ErrorNotice error={coverage.error} onRetry={() => void coverage.refetch()} />;
  const data = coverage.data;
  const { total } = data;

  return (
    <>
      <PageHeader
        title={t('soc.coverage.title')}
        description={t('soc.coverage.subtitle')}
        extra={
          <>
            {can('alert.read') ? <Link to="/alerts">{t('soc.coverage.openAlerts')}</Link> : null}
            {can('soc.manage') ? <Link to="/soc/sources">{t('syslog.nav')}</Link> : null}
          </>
        }
      />
      {total.important === 0 ? (
        <Empty description={t('soc.coverage.noSystems')} />
      ) : (
        <Flex vertical gap={16}>
          <Card>
            <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="soc-headline">
              {t('soc.coverage.headline', { monitored: formatNumber(total.monitored), important: formatNumber(total.important) })}
            </Typography.Title>
            <Progress percent={percent(total.monitored, total.important)} status={total.monitored < total.important ? 'exception' : 'success'} />
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('soc.coverage.connectedLine', { connected: formatNumber(total.connected), hours: data.quietHours })}
            </Typography.Paragraph>
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={data.canSetThreshold ? 16 : 24}>
              <Card title={t('soc.coverage.missingTitle', { count: data.missing.length })} size="small">
                {data.missing.length === 0 ? (
                  <Typography.Text type="success">{t('soc.coverage.noneMissing')}</Typography.Text>
                ) : (
                  <Table<Missing>
                    size="small"
                    rowKey="systemId"
                    pagination={data.missing.length > 20 ? { pageSize: 20 } : false}
                    dataSource={data.missing}
                    columns={[
                      {
                        key: 'system',
                        title: t('soc.coverage.system'),
                        render: (_, m) => <Link to={`/systems/${m.systemId}`}>{`${m.systemCode} — ${m.systemName}`}</Link>,
                      },
                      { key: 'org', title: t('soc.coverage.org'), dataIndex: 'orgName' },
                      {
                        key: 'reason',
                        title: t('soc.coverage.reason'),
                        render: (_, m) => (
                          <Tag color={REASON_COLOR[m.reason]}>{t(`soc.missingReasons.${m.reason}`, { since: m.lastEventAt ? formatDateTime(m.lastEventAt) : '' })}</Tag>
                        ),
                      },
                    ]}
                  />
                )}
              </Card>
            </Col>
            {data.canSetThreshold ? (
              <Col xs={24} xl={8}>
                <ThresholdSetting hours={data.quietHours} />
              </Col>
            ) : null}
          </Row>
          <Card title={t('soc.coverage.byOrg')} size="small">
            <Table<OrgRow>
              size="small"
              rowKey="orgId"
              pagination={data.orgs.length > 30 ? { pageSize: 30 } : false}
              dataSource={data.orgs}
              columns={[
                { key: 'org', title: t('soc.coverage.org'), dataIndex: 'orgName' },
                { key: 'important', title: t('soc.coverage.important'), dataIndex: 'important', align: 'right' },
                { key: 'connected', title: t('soc.coverage.connected'), dataIndex: 'connected', align: 'right' },
                {
                  key: 'monitored',
                  title: t('soc.coverage.monitored'),
                  align: 'right',
                  render: (_, o) => (
                    <Typography.Text type={o.monitored < o.important ? 'danger' : 'success'}>{`${o.monitored}/${o.important}`}</Typography.Text>
                  ),
                },
              ]}
            />
          </Card>
        </Flex>
      )}
    </>
  );
}
