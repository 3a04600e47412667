import { useState } from 'react';
import { Button, Card, Flex, Input, Select, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { AdvisorySummary, OverdueItem } from '@shared/api/advisories';
import { ADVISORY_STATUSES, SEVERITIES, type AdvisoryStatus, type Severity } from '@shared/domain/advisories';
import { formatDateTime } from '../../lib/format';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../../app/session';
import { useAdvisoryList, useOverdue } from './api';
import { ImportModal } from './ImportModal';
import { SeverityTag, StatusTag, TlpTag } from './labels';

/** Who has not acknowledged or not remediated by the due dates; shrinks as units act. */
export function OverdueTable({ items, loading, showAdvisory }: { items: OverdueItem[]; loading: boolean; showAdvisory: boolean }) {
  const { t } = useTranslation();
  return (
    <Table<OverdueItem>
      size="small"
      data-testid="overdue-table"
      rowKey={(r) => `${r.advisoryId}:${r.orgId}`}
      loading={loading}
      dataSource={items}
      title={items.length > 0 ? () => <span data-testid="overdue-count">{t('advisories.overdue.count', { count: items.length })}</span> : undefined}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('advisories.overdue.none') }}
      columns={[
        ...(showAdvisory
          ? [{ title: t('advisories.fields.code'), dataIndex: 'code', render: (v: string, r: OverdueItem) => <Link to={`/advisories/${r.advisoryId}`}>{v}</Link> }]
          : []),
        { title: t('advisories.fields.org'), dataIndex: 'orgName' },
        {
          title: t('advisories.overdue.what'),
          render: (_: unknown, r: OverdueItem) => (
            <Flex gap={4} wrap>
              {r.ackOverdue ? <Tag color="red">{t('advisories.overdue.notAcknowledged', { due: formatDateTime(r.ackDueAt) })}</Tag> : null}
              {r.remediationOverdue ? <Tag color="volcano">{t('advisories.overdue.notRemediated', { due: formatDateTime(r.remediationDueAt), count: r.open })}</Tag> : null}
            </Flex>
          ),
        },
      ]}
    />
  );
}

/** `/advisories`: early warnings in scope; for the authority also who is overdue, drafting and imports. */
export function AdvisoryListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const author = can('advisory.publish');
  const responder = can('advisory.respond');
  const [status, setStatus] = useState<AdvisoryStatus | undefined>(undefined);
  const [severity, setSeverity] = useState<Severity | undefined>(undefined);
  const [q, setQ] = useState('');
  const [mine, setMine] = useState(responder);
  const [page, setPage] = useState(1);
  const [importing, setImporting] = useState(false);
  const pageSize = 20;
  const search = useDebouncedValue(q, 300);
  const list = useAdvisoryList({ status, severity, q: search || undefined, affectingMe: responder && mine ? 'true' : undefined, limit: pageSize, offset: (page - 1) * pageSize });
  const overdue = useOverdue(undefined, author);

  return (
    <>
      <PageHeader
        title={t('advisories.listTitle')}
        description={author ? t('advisories.listHelpAuthority') : t('advisories.listHelpUnit')}
        extra={
          author ? (
            <>
              <Button onClick={() => setImporting(true)}>{t('advisories.import.button')}</Button>
              <Button type="primary" onClick={() => void navigate('/advisories/new')}>
                {t('advisories.new')}
              </Button>
            </>
          ) : null
        }
      />
      {author ? (
        <Card title={t('advisories.overdue.title')} style={{ marginBottom: 16 }}>
          {overdue.error ? <ErrorNotice error={overdue.error} onRetry={() => void overdue.refetch()} /> : null}
          <OverdueTable items={overdue.data?.items ?? []} loading={overdue.isPending} showAdvisory />
        </Card>
      ) : null}
      <Card
        extra={
          <Flex gap={8} wrap align="center">
            {responder ? (
              <Flex gap={6} align="center">
                <Switch size="small" checked={mine} onChange={(v) => { setMine(v); setPage(1); }} aria-label={t('advisories.onlyMine')} />
                <Typography.Text>{t('advisories.onlyMine')}</Typography.Text>
              </Flex>
            ) : null}
            <Input.Search allowClear style={{ width: 220 }} placeholder={t('advisories.search')} value={q} onChange={(e) => { setQ(e.target.value); setPage(1); }} />
            <Select allowClear style={{ minWidth: 140 }} placeholder={t('advisories.fields.severity')} value={severity} onChange={(v) => { setSeverity(v); setPage(1); }} options={SEVERITIES.map((s) => ({ value: s, label: t(`advisories.severity.${s}`) }))} />
            <Select allowClear style={{ minWidth: 140 }} placeholder={t('advisories.fields.status')} value={status} onChange={(v) => { setStatus(v); setPage(1); }} options={ADVISORY_STATUSES.map((s) => ({ value: s, label: t(`advisories.status.${s}`) }))} />
          </Flex>
        }
      >
        {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<AdvisorySummary>
          rowKey="id"
          data-testid="advisory-table"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('advisories.empty') }}
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
          columns={[
            { title: t('advisories.fields.code'), dataIndex: 'code', width: 130, render: (v: string, r) => <Link to={`/advisories/${r.id}`}>{v}</Link> },
            {
              title: t('advisories.fields.title'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <div>
                  <Link to={`/advisories/${r.id}`}>{v}</Link>
                  <div>
                    {r.cveIds.map((c) => (
                      <Tag key={c}>{c}</Tag>
                    ))}
                    {r.knownExploited ? <Tag color="red">{t('advisories.knownExploited')}</Tag> : null}
                  </div>
                </div>
              ),
            },
            { title: t('advisories.fields.severity'), dataIndex: 'severity', render: (s: Severity) => <SeverityTag severity={s} /> },
            { title: 'TLP', dataIndex: 'tlp', render: (v: AdvisorySummary['tlp']) => <TlpTag tlp={v} /> },
            { title: t('advisories.fields.status'), dataIndex: 'status', render: (s: AdvisoryStatus) => <StatusTag status={s} /> },
            {
              title: t('advisories.fields.response'),
              render: (_: unknown, r) =>
                r.status === 'draft' ? '—' : (
                  <Typography.Text>
                    {t('advisories.responseSummary', { ack: r.counts.acknowledgedOrgs, orgs: r.counts.orgs, done: r.counts.remediated + r.counts.notAffected, targets: r.counts.targets })}
                  </Typography.Text>
                ),
            },
            { title: t('advisories.fields.remediationDueAt'), dataIndex: 'remediationDueAt', render: (v: string | null) => formatDateTime(v) },
          ]}
        />
      </Card>
      {importing ? <ImportModal onClose={() => setImporting(false)} /> : null}
    </>
  );
}
