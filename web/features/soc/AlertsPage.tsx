import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Flex, Input, Modal, Segmented, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Alert, AlertGroup, AlertGrouping } from '@shared/api/soc';
import { ALERT_SEVERITIES, ALERT_SOURCES, ALERT_STATUSES, type AlertSeverity, type TriageAction } from '@shared/domain/alerts';
import { endOfDayVn, formatDateTime, formatNumber, startOfDayVn } from '../../lib/format';
import { isApiError } from '../../lib/api';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { useAlert, useAlerts, useTriage, type AlertListParams } from './api';

const PAGE_SIZE = 50;
const SEVERITY_COLOR: Record<AlertSeverity, string> = { low: 'default', medium: 'gold', high: 'orange', critical: 'red' };
const STATUS_COLOR: Record<string, string> = { new: 'blue', acknowledged: 'default', false_positive: 'default', promoted: 'purple' };
const FILTER_KEYS = ['q', 'severity', 'status', 'source', 'host', 'ruleId', 'orgId', 'systemId', 'fromDay', 'toDay', 'groupBy'] as const;

function pick<T extends string>(raw: string | null, allowed: readonly T[]): T | undefined {
  return raw && (allowed as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

export function SeverityTag({ severity }: { severity: AlertSeverity }) {
  const { t } = useTranslation();
  return <Tag color={SEVERITY_COLOR[severity]}>{t(`soc.severity.${severity}`)}</Tag>;
}

/** The alert's details and its original event, as received. */
function AlertDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const alert = useAlert(id);
  const a = alert.data;
  const addr = (ip: string | null, port: number | null) => (ip ? `${ip}${port !== null ? `:${port}` : ''}` : '—');
  return (
    <Drawer open={!!id} onClose={onClose} size="large" title={t('soc.queue.detail')} destroyOnHidden>
      {alert.isPending ? <Skeleton active /> : null}
      {alert.isError ? <ErrorNotice error={alert.error} /> : null}
      {a ? (
        <Flex vertical gap={16}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {a.ruleName}
          </Typography.Title>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'sev', label: t('soc.queue.severity'), children: <Space><SeverityTag severity={a.severity} />{a.sourceSeverity ? <Typography.Text type="secondary">{t('soc.queue.levelOf', { level: a.sourceSeverity })}</Typography.Text> : null}</Space> },
              { key: 'status', label: t('soc.queue.status'), children: <Tag color={STATUS_COLOR[a.status]}>{t(`soc.alertStatus.${a.status}`)}</Tag> },
              { key: 'time', label: t('soc.queue.time'), children: formatDateTime(a.occurredAt) },
              { key: 'recv', label: t('soc.queue.received'), children: formatDateTime(a.receivedAt) },
              { key: 'rule', label: t('soc.queue.rule'), children: a.ruleId ?? '—' },
              { key: 'groups', label: t('soc.queue.groups'), children: a.ruleGroups.join(', ') || '—' },
              { key: 'org', label: t('soc.queue.org'), children: a.orgName },
              { key: 'system', label: t('soc.queue.system'), children: a.systemId ? <Link to={`/systems/${a.systemId}`}>{a.systemName}</Link> : t('soc.queue.unassigned') },
              { key: 'host', label: t('soc.queue.host'), children: [a.host, a.hostIp].filter(Boolean).join(' — ') || '—' },
              { key: 'src', label: t('soc.queue.srcAddr'), children: addr(a.srcIp, a.srcPort) },
              { key: 'dst', label: t('soc.queue.dstAddr'), children: addr(a.dstIp, a.dstPort) },
              { key: 'source', label: t('soc.queue.source'), children: t(`soc.sources.${a.source}`) },
              ...(a.triagedByName ? [{ key: 'by', label: t('soc.queue.triagedBy'), children: `${a.triagedByName}${a.triagedAt ? ` — ${formatDateTime(a.triagedAt)}` : ''}` }] : []),
              ...(a.triageNote ? [{ key: 'note', label: t('soc.queue.triageNote'), children: a.triageNote }] : []),
              ...(a.incidentId ? [{ key: 'inc', label: t('soc.queue.incident'), children: <Link to={`/incidents/${a.incidentId}`}>{t('soc.queue.openIncident')}</Link> }] : []),
            ]}
          />
          <div>
            <Typography.Text strong>{t('soc.queue.raw')}</Typography.Text>
            <pre data-testid="alert-raw" style={{ maxHeight: 420, overflow: 'auto', background: '#f5f5f5', padding: 12, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {JSON.stringify(a.raw, null, 2)}
            </pre>
          </div>
        </Flex>
      ) : null}
    </Drawer>
  );
}

/** "Cảnh báo an ninh": the analyst queue — filters in the URL, grouping, multi-select triage, promotion. */
export function AlertsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const [selected, setSelected] = useState<string[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [pending, setPending] = useState<TriageAction | null>(null);
  const [note, setNote] = useState('');
  const triage = useTriage();

  const groupBy = pick<AlertGrouping>(search.get('groupBy'), ['rule', 'host', 'system']);
  const page = Math.max(1, Number(search.get('page')) || 1);
  const fromDay = search.get('fromDay');
  const toDay = search.get('toDay');
  const params: AlertListParams = {
    q: search.get('q') || undefined,
    severity: pick(search.get('severity'), ALERT_SEVERITIES),
    status: pick(search.get('status'), ALERT_STATUSES),
    source: pick(search.get('source'), ALERT_SOURCES),
    host: search.get('host') || undefined,
    ruleId: search.get('ruleId') || undefined,
    orgId: search.get('orgId') || undefined,
    systemId: search.get('systemId') || undefined,
    from: fromDay && /^\d{4}-\d{2}-\d{2}$/.test(fromDay) ? startOfDayVn(fromDay) : undefined,
    to: toDay && /^\d{4}-\d{2}-\d{2}$/.test(toDay) ? endOfDayVn(toDay) : undefined,
    groupBy,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const list = useAlerts(params);

  function setParam(key: string, value: string | null | undefined) {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setSearch(next, { replace: true });
    setSelected([]);
  }

  function openGroup(g: AlertGroup) {
    const next = new URLSearchParams(search);
    next.delete('groupBy');
    next.delete('page');
    if (groupBy === 'rule') next.set('ruleId', g.key);
    if (groupBy === 'host' && g.key) next.set('host', g.key);
    if (groupBy === 'system' && g.key) next.set('systemId', g.key);
    setSearch(next);
  }

  function runTriage() {
    if (!pending) return;
    triage.mutate(
      { ids: selected, action: pending, note: note.trim() || null },
      {
        onSuccess: (r) => {
          void message.success(r.skipped > 0 ? t('soc.queue.doneSkipped', r) : t('soc.queue.done', r));
          setPending(null);
          setNote('');
          setSelected([]);
        },
        onError: (e) => void message.error(isApiError(e) ? e.message : t('common.unexpectedError')),
      },
    );
  }

  const canTriage = list.data?.canTriage ?? false;
  const hasFilters = FILTER_KEYS.some((k) => search.get(k));

  return (
    <>
      <PageHeader title={t('soc.queue.title')} description={t('soc.queue.subtitle')} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          defaultValue={params.q}
          placeholder={t('soc.queue.search')}
          aria-label={t('soc.queue.search')}
          style={{ width: 300 }}
          onSearch={(v) => setParam('q', v.trim())}
        />
        <Select
          allowClear
          style={{ width: 150 }}
          placeholder={t('soc.queue.severity')}
          aria-label={t('soc.queue.severity')}
          value={params.severity ?? null}
          onChange={(v: string | null) => setParam('severity', v)}
          options={ALERT_SEVERITIES.map((s) => ({ value: s, label: t(`soc.severity.${s}`) }))}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('soc.queue.status')}
          aria-label={t('soc.queue.status')}
          value={params.status ?? null}
          onChange={(v: string | null) => setParam('status', v)}
          options={ALERT_STATUSES.map((s) => ({ value: s, label: t(`soc.alertStatus.${s}`) }))}
        />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('soc.queue.source')}
          aria-label={t('soc.queue.source')}
          value={params.source ?? null}
          onChange={(v: string | null) => setParam('source', v)}
          options={ALERT_SOURCES.map((s) => ({ value: s, label: t(`soc.sources.${s}`) }))}
        />
        <Input
          type="date"
          style={{ width: 160 }}
          aria-label={t('soc.queue.from')}
          value={fromDay ?? ''}
          onChange={(e) => setParam('fromDay', e.target.value)}
        />
        <Input type="date" style={{ width: 160 }} aria-label={t('soc.queue.to')} value={toDay ?? ''} onChange={(e) => setParam('toDay', e.target.value)} />
        {params.host ? <Tag closable onClose={() => setParam('host', null)}>{`${t('soc.queue.host')}: ${params.host}`}</Tag> : null}
        {params.ruleId ? <Tag closable onClose={() => setParam('ruleId', null)}>{`${t('soc.queue.rule')}: ${params.ruleId}`}</Tag> : null}
        {params.systemId ? <Tag closable onClose={() => setParam('systemId', null)}>{t('soc.queue.system')}</Tag> : null}
        {hasFilters ? <Button onClick={() => setSearch(new URLSearchParams(), { replace: true })}>{t('soc.queue.clear')}</Button> : null}
      </Flex>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('soc.queue.groupBy')}</Typography.Text>
        <Segmented
          value={groupBy ?? 'none'}
          onChange={(v) => setParam('groupBy', v === 'none' ? null : String(v))}
          options={[
            { value: 'none', label: t('soc.queue.noGroup') },
            { value: 'rule', label: t('soc.queue.group.rule') },
            { value: 'host', label: t('soc.queue.group.host') },
            { value: 'system', label: t('soc.queue.group.system') },
          ]}
        />
      </Flex>
      {list.isError ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
      {groupBy && list.data?.groups ? (
        <Table<AlertGroup>
          size="small"
          rowKey="key"
          loading={list.isFetching}
          dataSource={list.data.groups}
          pagination={false}
          style={{ marginBottom: 16 }}
          columns={[
            { key: 'label', title: t(`soc.queue.group.${groupBy}`), render: (_, g) => g.label || t('soc.queue.unassigned') },
            { key: 'sev', title: t('soc.queue.severity'), render: (_, g) => <SeverityTag severity={g.maxSeverity} /> },
            { key: 'count', title: t('soc.queue.count'), dataIndex: 'count', align: 'right', render: (n: number) => formatNumber(n) },
            { key: 'new', title: t('soc.queue.newCount'), dataIndex: 'newCount', align: 'right', render: (n: number) => formatNumber(n) },
            { key: 'last', title: t('soc.queue.lastAt'), render: (_, g) => formatDateTime(g.lastAt) },
            { key: 'open', title: '', render: (_, g) => <Button size="small" onClick={() => openGroup(g)}>{t('soc.queue.showGroup')}</Button> },
          ]}
        />
      ) : (
        <>
          {canTriage ? (
            <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
              <Typography.Text type="secondary">{t('soc.queue.selected', { count: selected.length })}</Typography.Text>
              <Button disabled={selected.length === 0} onClick={() => setPending('acknowledge')}>
                {t('soc.queue.acknowledge')}
              </Button>
              <Button disabled={selected.length === 0} onClick={() => setPending('false_positive')}>
                {t('soc.queue.falsePositive')}
              </Button>
              <Button disabled={selected.length === 0} onClick={() => setPending('reopen')}>
                {t('soc.queue.reopen')}
              </Button>
              <Button type="primary" danger disabled={selected.length === 0} onClick={() => void navigate(`/incidents/new?alerts=${selected.join(',')}`)}>
                {t('soc.queue.promote')}
              </Button>
            </Flex>
          ) : null}
          <Table<Alert>
            size="small"
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t('soc.queue.empty') }}
            rowSelection={canTriage ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) } : undefined}
            onRow={(a) => ({ onClick: () => setOpenId(a.id), style: { cursor: 'pointer' } })}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              onChange: (p) => setParam('page', p === 1 ? null : String(p)),
            }}
            columns={[
              { key: 'time', title: t('soc.queue.time'), width: 150, render: (_, a) => formatDateTime(a.occurredAt) },
              { key: 'sev', title: t('soc.queue.severity'), width: 120, render: (_, a) => <SeverityTag severity={a.severity} /> },
              { key: 'rule', title: t('soc.queue.alert'), render: (_, a) => a.ruleName },
              { key: 'host', title: t('soc.queue.host'), render: (_, a) => a.host ?? '—' },
              { key: 'src', title: t('soc.queue.srcAddr'), render: (_, a) => a.srcIp ?? '—' },
              { key: 'org', title: t('soc.queue.org'), render: (_, a) => a.systemName ?? a.orgName },
              { key: 'status', title: t('soc.queue.status'), render: (_, a) => <Tag color={STATUS_COLOR[a.status]}>{t(`soc.alertStatus.${a.status}`)}</Tag> },
            ]}
          />
        </>
      )}
      <Modal
        open={!!pending}
        title={t('soc.queue.confirmTitle', { count: selected.length })}
        okText={pending === 'acknowledge' ? t('soc.queue.acknowledge') : pending === 'false_positive' ? t('soc.queue.falsePositive') : t('soc.queue.reopen')}
        confirmLoading={triage.isPending}
        onOk={runTriage}
        onCancel={() => setPending(null)}
      >
        <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('soc.queue.note')} aria-label={t('soc.queue.note')} />
      </Modal>
      <AlertDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
