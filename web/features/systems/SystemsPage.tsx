import { useState } from 'react';
import { Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, StarFilled, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { InformationSystem, ListSystemsQuery } from '@shared/api/systems';
import { LIFECYCLES, SECURITY_LEVELS, SYSTEM_TYPES } from '@shared/domain/systems';
import { useCan } from '../../app/session';
import { formatDateTime } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { OrgPicker } from '../orgs/OrgPicker';
import { exportUrl, useSystemList, type SystemListParams } from './api';
import { LevelTag } from './LevelTag';
import { SystemFormDrawer, type SystemFormTarget } from './SystemFormDrawer';
import { SystemImportWizard } from './SystemImportWizard';
import { enumLabel, enumOptions, levelOptions } from './system-labels';

const PAGE_SIZE = 20;

type Sort = ListSystemsQuery['sort'];
const SORTS: readonly Sort[] = ['name', 'code', 'org', 'proposedLevel', 'approvedLevel', 'updatedAt'];

function pick<T extends string | number>(values: readonly T[], raw: string | null): T | undefined {
  return values.find((v) => String(v) === raw);
}

function parsePage(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The "classification" filter: one select for level, level kind and "not classified yet". */
type LevelFilter = `proposed:${number}` | `approved:${number}` | 'unclassified';

/** Reads the list's filters from the URL (they survive a reload and can be shared as a link). */
export function systemFiltersFromParams(params: URLSearchParams): SystemListParams {
  const level = pick(SECURITY_LEVELS, params.get('level'));
  return {
    q: params.get('q') ?? undefined,
    orgId: params.get('orgId') ?? undefined,
    systemType: pick(SYSTEM_TYPES, params.get('systemType')),
    level,
    levelOf: level ? pick(['proposed', 'approved'] as const, params.get('levelOf')) : undefined,
    unclassified: params.get('unclassified') === 'true' ? 'true' : undefined,
    important: params.get('important') === 'true' ? 'true' : undefined,
    lifecycle: pick(LIFECYCLES, params.get('lifecycle')),
    sort: pick(SORTS, params.get('sort')),
    order: pick(['asc', 'desc'] as const, params.get('order')),
  };
}

/** The information systems of the units in the caller's scope. Filters live in the URL. */
export function SystemsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [formTarget, setFormTarget] = useState<SystemFormTarget | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [qInput, setQInput] = useState(params.get('q') ?? '');

  const filters = systemFiltersFromParams(params);
  const page = parsePage(params.get('page'));
  const list = useSystemList({ ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const canManage = can('system.manage');

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

  const levelFilter: LevelFilter | undefined = filters.unclassified
    ? 'unclassified'
    : filters.level
      ? `${filters.levelOf ?? 'proposed'}:${filters.level}`
      : undefined;
  const levelFilterOptions = [
    { value: 'unclassified', label: t('systemsUi.filters.unclassified') },
    {
      label: t('systemsUi.filters.proposedGroup'),
      options: levelOptions(t).map((o) => ({ value: `proposed:${o.value}`, label: t('systemsUi.filters.proposedN', { level: o.value }) })),
    },
    {
      label: t('systemsUi.filters.approvedGroup'),
      options: levelOptions(t).map((o) => ({ value: `approved:${o.value}`, label: t('systemsUi.filters.approvedN', { level: o.value }) })),
    },
  ];
  const onLevelFilter = (value: string | undefined) => {
    if (!value) return setFilter({ unclassified: null, level: null, levelOf: null });
    if (value === 'unclassified') return setFilter({ unclassified: 'true', level: null, levelOf: null });
    const [of, level] = value.split(':');
    setFilter({ unclassified: null, level, levelOf: of === 'approved' ? 'approved' : null });
  };

  const hasFilters = Boolean(
    filters.q || filters.orgId || filters.systemType || levelFilter || filters.important || filters.lifecycle,
  );
  const sortOrderOf = (key: Sort) =>
    (filters.sort ?? 'name') === key ? ((filters.order ?? 'asc') === 'asc' ? 'ascend' : 'descend') : null;

  return (
    <>
      <PageHeader
        title={t('systemsUi.title')}
        description={t('systemsUi.description')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={exportUrl(filters)} download>
              {t('systemsUi.export')}
            </Button>
            {canManage ? (
              <>
                <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
                  {t('systemsUi.importButton')}
                </Button>
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setFormTarget({ mode: 'create', orgId: filters.orgId ?? null })}
                >
                  {t('systemsUi.create')}
                </Button>
              </>
            ) : null}
          </>
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            onSearch={(value) => setFilter({ q: value.trim() || null })}
            placeholder={t('systemsUi.searchPlaceholder')}
            aria-label={t('systemsUi.searchPlaceholder')}
            style={{ width: 260 }}
          />
          <OrgPicker
            value={filters.orgId ?? null}
            onChange={(value) => setFilter({ orgId: value })}
            allowClear
            placeholder={t('systemsUi.filters.org')}
            style={{ width: 260 }}
          />
          <Select
            allowClear
            value={filters.systemType}
            onChange={(value) => setFilter({ systemType: value ?? null })}
            options={enumOptions(t, 'systemType')}
            placeholder={t('systemsUi.filters.systemType')}
            aria-label={t('systemsUi.filters.systemType')}
            style={{ width: 220 }}
          />
          <Select<string>
            allowClear
            value={levelFilter}
            onChange={onLevelFilter}
            options={levelFilterOptions}
            placeholder={t('systemsUi.filters.level')}
            aria-label={t('systemsUi.filters.level')}
            style={{ width: 200 }}
          />
          <Select
            allowClear
            value={filters.lifecycle}
            onChange={(value) => setFilter({ lifecycle: value ?? null })}
            options={enumOptions(t, 'lifecycle')}
            placeholder={t('systemsUi.filters.lifecycle')}
            aria-label={t('systemsUi.filters.lifecycle')}
            style={{ width: 180 }}
          />
          <Select<string>
            allowClear
            value={filters.important ? 'true' : undefined}
            onChange={(value) => setFilter({ important: value ?? null })}
            options={[{ value: 'true', label: t('systemsUi.filters.importantOnly') }]}
            placeholder={t('systemsUi.filters.important')}
            aria-label={t('systemsUi.filters.important')}
            style={{ width: 200 }}
          />
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
        {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<InformationSystem>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1000 }}
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
          locale={{ emptyText: hasFilters ? t('systemsUi.emptyFiltered') : t('systemsUi.empty') }}
          columns={[
            {
              title: t('systemsUi.fields.code'),
              dataIndex: 'code',
              key: 'code',
              sorter: true,
              sortOrder: sortOrderOf('code'),
              width: 140,
              render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
            },
            {
              title: t('systemsUi.fields.name'),
              key: 'name',
              sorter: true,
              sortOrder: sortOrderOf('name'),
              render: (_, s) => <Link to={`/systems/${s.id}`}>{s.name}</Link>,
            },
            { title: t('systemsUi.fields.org'), dataIndex: 'orgName', key: 'org', sorter: true, sortOrder: sortOrderOf('org') },
            {
              title: t('systemsUi.fields.systemType'),
              key: 'systemType',
              render: (_, s) => enumLabel(t, 'systemType', s.answers.systemType),
            },
            {
              title: t('systemsUi.fields.proposedLevel'),
              dataIndex: 'proposedLevel',
              key: 'proposedLevel',
              sorter: true,
              sortOrder: sortOrderOf('proposedLevel'),
              width: 150,
              render: (level: number | null) => <LevelTag level={level} />,
            },
            {
              title: t('systemsUi.fields.approvedLevel'),
              dataIndex: 'approvedLevel',
              key: 'approvedLevel',
              sorter: true,
              sortOrder: sortOrderOf('approvedLevel'),
              width: 150,
              render: (level: number | null) => <LevelTag level={level} emptyText={t('systemsUi.notApproved')} />,
            },
            {
              title: t('systemsUi.fields.isImportant'),
              dataIndex: 'isImportant',
              key: 'isImportant',
              width: 110,
              render: (isImportant: boolean) =>
                isImportant ? (
                  <Tag color="gold" icon={<StarFilled />}>
                    {t('systemsUi.important')}
                  </Tag>
                ) : null,
            },
            {
              title: t('systemsUi.fields.lifecycle'),
              key: 'lifecycle',
              width: 140,
              render: (_, s) => <Tag>{enumLabel(t, 'lifecycle', s.lifecycle)}</Tag>,
            },
            {
              title: t('systemsUi.fields.updatedAt'),
              dataIndex: 'updatedAt',
              key: 'updatedAt',
              sorter: true,
              sortOrder: sortOrderOf('updatedAt'),
              width: 150,
              render: (value: string) => formatDateTime(value),
            },
          ]}
        />
      </Card>
      <SystemFormDrawer target={formTarget} onClose={() => setFormTarget(null)} />
      <SystemImportWizard open={importOpen} onClose={() => setImportOpen(false)} />
    </>
  );
}
