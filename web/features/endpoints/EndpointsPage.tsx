import { useState } from 'react';
import { App, Button, Card, Flex, Input, Popconfirm, Segmented, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, StopOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ENDPOINT_FILTERS, type Endpoint, type ListEndpointsQuery } from '@shared/api/endpoints';
import { ENDPOINT_SOURCES, OS_LICENCES } from '@shared/domain/endpoints';
import { useCan, useSession } from '../../app/session';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { OrgPicker } from '../orgs/OrgPicker';
import { exportUrl, useDeleteEndpoint, useEndpointList, useUpdateEndpoint, type EndpointListParams } from './api';
import { EndpointDetailDrawer } from './EndpointDetailDrawer';
import { EndpointFormDrawer, type EndpointFormTarget } from './EndpointFormDrawer';
import { AvProductTags, LastSeen, LicenceTag, StateSecretTag } from './EndpointTags';
import { SOURCE_COLORS, filterOptions, licenceOptions, sourceLabel, sourceOptions } from './endpoint-labels';

const PAGE_SIZE = 50;

type Sort = ListEndpointsQuery['sort'];
const SORTS: readonly Sort[] = ['hostname', 'org', 'os', 'lastSeen', 'updatedAt'];

function pick<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return values.find((v) => v === raw);
}

function parsePage(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

function parseDays(value: string | null): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 365 ? n : undefined;
}

/** Reads the list's filters from the URL, so that coverage drill-down links land on a filtered list. */
export function endpointFiltersFromParams(params: URLSearchParams): EndpointListParams {
  return {
    q: params.get('q') ?? undefined,
    orgId: params.get('orgId') ?? undefined,
    ownOnly: params.get('orgId') && params.get('ownOnly') === 'true' ? 'true' : undefined,
    filter: pick(ENDPOINT_FILTERS, params.get('filter')),
    seenDays: parseDays(params.get('seenDays')),
    source: pick(ENDPOINT_SOURCES, params.get('source')),
    osLicence: pick(OS_LICENCES, params.get('osLicence')),
    sort: pick(SORTS, params.get('sort')),
    order: pick(['asc', 'desc'] as const, params.get('order')),
  };
}

/** "Máy tính": every computer of the units in the caller's scope. Filters live in the URL. */
export function EndpointsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const [formTarget, setFormTarget] = useState<EndpointFormTarget | null>(null);
  const [detailId, setDetailId] = useState<string | null>(null);
  const [qInput, setQInput] = useState(params.get('q') ?? '');
  const update = useUpdateEndpoint();
  const remove = useDeleteEndpoint();

  const filters = endpointFiltersFromParams(params);
  const page = parsePage(params.get('page'));
  const list = useEndpointList({ ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const canManage = can('endpoint.manage');
  const staleDays = filters.seenDays ?? 7;

  /** Changing a filter goes back to page 1. */
  const setFilter = (changes: Record<string, string | null | undefined>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      if (!('page' in changes)) next.delete('page');
      return next;
    });

  const hasFilters = Boolean(
    filters.q || filters.orgId || (filters.filter && filters.filter !== 'all') || filters.source || filters.osLicence,
  );
  const sortOrderOf = (key: Sort) =>
    (filters.sort ?? 'hostname') === key ? ((filters.order ?? 'asc') === 'asc' ? 'ascend' : 'descend') : null;

  const setRetired = (e: Endpoint, retired: boolean) =>
    update.mutate(
      { id: e.id, body: { retired } },
      {
        onSuccess: () => void message.success(t(retired ? 'endpointsUi.retired' : 'endpointsUi.restored', { name: e.hostname })),
        onError: (error) => void message.error(error.message),
      },
    );
  const onDelete = (e: Endpoint) =>
    remove.mutate(e.id, {
      onSuccess: () => {
        void message.success(t('endpointsUi.deleted', { name: e.hostname }));
        if (detailId === e.id) setDetailId(null);
      },
      onError: (error) => void message.error(error.message),
    });

  const rowActions = (e: Endpoint) => (
    <>
      {e.can.update ? (
        <Tooltip title={t('common.edit')}>
          <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('endpointsUi.actions.edit', { name: e.hostname })} onClick={() => setFormTarget({ mode: 'edit', endpointId: e.id })} />
        </Tooltip>
      ) : null}
      {e.can.update ? (
        e.retiredAt ? (
          <Tooltip title={t('endpointsUi.actions.restoreShort')}>
            <Button size="small" type="text" icon={<UndoOutlined />} aria-label={t('endpointsUi.actions.restore', { name: e.hostname })} onClick={() => setRetired(e, false)} />
          </Tooltip>
        ) : (
          <Popconfirm title={t('endpointsUi.actions.retireConfirm', { name: e.hostname })} description={t('endpointsUi.actions.retireHelp')} okText={t('endpointsUi.actions.retireShort')} cancelText={t('common.cancel')} onConfirm={() => setRetired(e, true)}>
            <Tooltip title={t('endpointsUi.actions.retireShort')}>
              <Button size="small" type="text" icon={<StopOutlined />} aria-label={t('endpointsUi.actions.retire', { name: e.hostname })} />
            </Tooltip>
          </Popconfirm>
        )
      ) : null}
      {e.can.delete ? (
        <Popconfirm title={t('endpointsUi.actions.deleteConfirm', { name: e.hostname })} description={t('endpointsUi.actions.deleteHelp')} okText={t('common.delete')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={() => onDelete(e)}>
          <Tooltip title={t('common.delete')}>
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('endpointsUi.actions.delete', { name: e.hostname })} />
          </Tooltip>
        </Popconfirm>
      ) : null}
    </>
  );

  return (
    <>
      <PageHeader
        title={t('endpointsUi.title')}
        description={t('endpointsUi.description')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={exportUrl(filters)} download>
              {t('endpointsUi.export')}
            </Button>
            {canManage ? (
              <>
                <Link to="/endpoints/import">
                  <Button icon={<UploadOutlined />}>{t('endpointsUi.importButton')}</Button>
                </Link>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', orgId: filters.orgId ?? session.user.orgId })}>
                  {t('endpointsUi.create')}
                </Button>
              </>
            ) : null}
          </>
        }
      />
      <Card size="small">
        <Flex vertical gap={8} style={{ marginBottom: 12 }}>
          <Segmented
            value={filters.filter ?? 'all'}
            onChange={(value) => setFilter({ filter: value === 'all' ? null : value })}
            options={filterOptions(t)}
            aria-label={t('endpointsUi.filters.label')}
            style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }}
          />
          <Flex gap={8} wrap>
            <Input.Search
              allowClear
              value={qInput}
              onChange={(e) => setQInput(e.target.value)}
              onSearch={(value) => setFilter({ q: value.trim() || null })}
              placeholder={t('endpointsUi.searchPlaceholder')}
              aria-label={t('endpointsUi.searchPlaceholder')}
              style={{ width: 280 }}
            />
            <OrgPicker value={filters.orgId ?? null} onChange={(value) => setFilter({ orgId: value, ownOnly: null })} allowClear placeholder={t('endpointsUi.filters.org')} style={{ width: 280 }} />
            <Select
              allowClear
              value={filters.osLicence}
              onChange={(value) => setFilter({ osLicence: value ?? null })}
              options={licenceOptions(t)}
              placeholder={t('endpointsUi.fields.osLicence')}
              aria-label={t('endpointsUi.fields.osLicence')}
              style={{ width: 180 }}
            />
            <Select
              allowClear
              value={filters.source}
              onChange={(value) => setFilter({ source: value ?? null })}
              options={sourceOptions(t)}
              placeholder={t('endpointsUi.fields.source')}
              aria-label={t('endpointsUi.fields.source')}
              style={{ width: 180 }}
            />
            {filters.ownOnly ? (
              <Tag closable onClose={() => setFilter({ ownOnly: null })}>
                {t('endpointsUi.filters.ownOnly')}
              </Tag>
            ) : null}
            {hasFilters ? (
              <Button
                type="link"
                onClick={() => {
                  setQInput('');
                  setParams(new URLSearchParams());
                }}
              >
                {t('common.clearFilters')}
              </Button>
            ) : null}
          </Flex>
        </Flex>
        {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Endpoint>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1200 }}
          onChange={(_pagination, _filters, sorter, extra) => {
            if (extra.action !== 'sort' || Array.isArray(sorter)) return;
            const key = pick(SORTS, typeof sorter.columnKey === 'string' ? sorter.columnKey : null);
            setFilter({ sort: sorter.order && key ? key : null, order: sorter.order === 'descend' ? 'desc' : null });
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.totalItems', { total }),
            onChange: (next) => setFilter({ page: next > 1 ? String(next) : null }),
          }}
          locale={{ emptyText: hasFilters ? t('endpointsUi.emptyFiltered') : t('endpointsUi.empty') }}
          columns={[
            {
              title: t('endpointsUi.fields.hostname'),
              key: 'hostname',
              sorter: true,
              sortOrder: sortOrderOf('hostname'),
              fixed: 'left',
              width: 200,
              render: (_, e) => (
                <Flex vertical gap={2} align="flex-start">
                  <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => setDetailId(e.id)}>
                    {e.hostname}
                  </Button>
                  <Flex gap={2} wrap>
                    {e.stateSecret ? <StateSecretTag /> : null}
                    {e.retiredAt ? <Tag>{t('endpointsUi.retiredTag')}</Tag> : null}
                  </Flex>
                </Flex>
              ),
            },
            { title: t('endpointsUi.fields.org'), dataIndex: 'orgName', key: 'org', sorter: true, sortOrder: sortOrderOf('org'), width: 190, ellipsis: { showTitle: true } },
            {
              title: t('endpointsUi.fields.os'),
              key: 'os',
              sorter: true,
              sortOrder: sortOrderOf('os'),
              width: 230,
              render: (_, e) => {
                const os = [e.osName, e.osVersion].filter(Boolean).join(' ');
                return (
                  <Flex vertical gap={2} align="flex-start" style={{ minWidth: 0, maxWidth: '100%' }}>
                    {os ? (
                      <Typography.Text ellipsis={{ tooltip: os }} style={{ maxWidth: '100%' }}>
                        {os}
                      </Typography.Text>
                    ) : (
                      <Typography.Text type="secondary">{t('endpointsUi.osUnknown')}</Typography.Text>
                    )}
                    <LicenceTag endpoint={e} />
                  </Flex>
                );
              },
            },
            { title: t('endpointsUi.fields.avProducts'), key: 'av', width: 260, render: (_, e) => <AvProductTags products={e.avProducts} /> },
            {
              title: t('endpointsUi.fields.source'),
              key: 'source',
              width: 110,
              render: (_, e) => <Tag color={SOURCE_COLORS[e.source]}>{sourceLabel(t, e.source)}</Tag>,
            },
            {
              title: t('endpointsUi.fields.lastSeen'),
              key: 'lastSeen',
              sorter: true,
              sortOrder: sortOrderOf('lastSeen'),
              width: 140,
              render: (_, e) => <LastSeen value={e.lastSeenAt} staleDays={staleDays} />,
            },
            { title: t('endpointsUi.fields.assignedTo'), dataIndex: 'assignedTo', key: 'assignedTo', width: 160, ellipsis: { showTitle: true } },
            ...(canManage
              ? [{ title: t('common.actions'), key: 'actions', width: 120, render: (_: unknown, e: Endpoint) => <Flex gap={0}>{rowActions(e)}</Flex> }]
              : []),
          ]}
        />
      </Card>
      <EndpointDetailDrawer endpointId={detailId} onClose={() => setDetailId(null)} actions={canManage ? rowActions : undefined} />
      <EndpointFormDrawer target={formTarget} onClose={() => setFormTarget(null)} />
    </>
  );
}
