import { useState } from 'react';
import { Button, Card, Flex, Select, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { IncidentSummary } from '@shared/api/incidents';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES, INCIDENT_TYPES, type IncidentSeverity, type IncidentStatus, type IncidentType } from '@shared/domain/incidents';
import { formatDateTime } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../../app/session';
import { useIncidentList } from './api';

const STATUS_COLORS: Record<IncidentStatus, string> = { reported: 'gold', triaged: 'blue', responding: 'geekblue', contained: 'purple', recovered: 'cyan', closed: 'green' };
const SEVERITY_COLORS: Record<IncidentSeverity, string> = { low: 'default', medium: 'gold', high: 'orange', critical: 'red' };

export function StatusTag({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`incidents.status.${status}`)}</Tag>;
}

export function SeverityTag({ severity }: { severity: IncidentSeverity }) {
  const { t } = useTranslation();
  return <Tag color={SEVERITY_COLORS[severity]}>{t(`incidents.severity.${severity}`)}</Tag>;
}

/** `/incidents`: the incidents of the units in scope, with the next report due and what is overdue. */
export function IncidentListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [status, setStatus] = useState<IncidentStatus | undefined>();
  const [type, setType] = useState<IncidentType | undefined>();
  const [severity, setSeverity] = useState<IncidentSeverity | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const list = useIncidentList({ status, type, severity, overdue: overdue ? 'true' : undefined, limit: pageSize, offset: (page - 1) * pageSize });
  const reset = () => setPage(1);
  return (
    <>
      <PageHeader
        title={t('incidents.listTitle')}
        description={t('incidents.listHelp')}
        extra={
          can('incident.report') ? (
            <Link to="/incidents/new">
              <Button type="primary" danger>
                {t('incidents.reportButton')}
              </Button>
            </Link>
          ) : null
        }
      />
      <Card
        extra={
          <Flex gap={8} wrap align="center">
            <Select allowClear style={{ minWidth: 160 }} placeholder={t('incidents.fields.status')} value={status} onChange={(v) => (setStatus(v), reset())} options={INCIDENT_STATUSES.map((s) => ({ value: s, label: t(`incidents.status.${s}`) }))} />
            <Select allowClear style={{ minWidth: 160 }} placeholder={t('incidents.fields.type')} value={type} onChange={(v) => (setType(v), reset())} options={INCIDENT_TYPES.map((s) => ({ value: s, label: t(`incidents.type.${s}`) }))} />
            <Select allowClear style={{ minWidth: 140 }} placeholder={t('incidents.fields.severity')} value={severity} onChange={(v) => (setSeverity(v), reset())} options={INCIDENT_SEVERITIES.map((s) => ({ value: s, label: t(`incidents.severity.${s}`) }))} />
            <Flex gap={4} align="center">
              <Switch checked={overdue} onChange={(v) => (setOverdue(v), reset())} aria-label={t('incidents.overdueOnly')} />
              <Typography.Text>{t('incidents.overdueOnly')}</Typography.Text>
            </Flex>
          </Flex>
        }
      >
        {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<IncidentSummary>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('incidents.empty') }}
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
          columns={[
            { title: t('incidents.fields.code'), dataIndex: 'code', render: (v: string, r) => <Link to={`/incidents/${r.id}`}>{v}</Link> },
            { title: t('incidents.fields.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/incidents/${r.id}`}>{v}</Link> },
            { title: t('incidents.fields.org'), dataIndex: 'orgName' },
            { title: t('incidents.fields.type'), dataIndex: 'type', render: (v: IncidentType) => t(`incidents.type.${v}`) },
            { title: t('incidents.fields.severity'), dataIndex: 'severity', render: (v: IncidentSeverity) => <SeverityTag severity={v} /> },
            { title: t('incidents.fields.status'), dataIndex: 'status', render: (v: IncidentStatus) => <StatusTag status={v} /> },
            { title: t('incidents.fields.detectedAt'), dataIndex: 'detectedAt', render: (v: string) => formatDateTime(v) },
            {
              title: t('incidents.fields.nextDueAt'),
              dataIndex: 'nextDueAt',
              render: (v: string | null, r) =>
                v ? (
                  <Flex gap={4} wrap>
                    {formatDateTime(v)}
                    {r.isOverdue ? <Tag color="red">{t('incidents.overdue')}</Tag> : null}
                  </Flex>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
