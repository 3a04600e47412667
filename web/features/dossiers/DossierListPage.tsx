import { useState } from 'react';
import { Card, Checkbox, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { DossierSummary } from '@shared/api/dossiers';
import { DOSSIER_STATES, type DossierState } from '@shared/domain/dossiers';
import { formatDateTime } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { OrgPicker } from '../orgs/OrgPicker';
import { LevelTag } from '../systems/LevelTag';
import { useDossierList } from './api';
import { stateLabel } from './dossier-labels';
import { DossierStateTag, DueDate } from './DossierStateTag';

const PAGE_SIZE = 20;

function parseState(value: string | null): DossierState | undefined {
  return DOSSIER_STATES.find((s) => s === value);
}

function parsePage(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** `/dossiers`: the level dossiers in the caller's scope. Filters live in the URL. */
export function DossierListPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [qInput, setQInput] = useState(params.get('q') ?? '');

  const q = params.get('q') ?? undefined;
  const orgId = params.get('orgId') ?? undefined;
  // Set by the system page's "Hồ sơ của hệ thống" link; cleared with the other filters.
  const systemId = params.get('systemId') ?? undefined;
  const state = parseState(params.get('state'));
  const overdue = params.get('overdue') === 'true';
  const page = parsePage(params.get('page'));

  const list = useDossierList({
    q,
    orgId,
    systemId,
    state,
    overdue: overdue ? 'true' : undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });

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

  return (
    <>
      <PageHeader title={t('dossiersUi.title')} description={t('dossiersUi.description')} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            onSearch={(value) => setFilter({ q: value.trim() || null })}
            placeholder={t('dossiersUi.searchPlaceholder')}
            aria-label={t('dossiersUi.searchPlaceholder')}
            style={{ width: 260 }}
          />
          <OrgPicker
            value={orgId ?? null}
            onChange={(value) => setFilter({ orgId: value })}
            allowClear
            placeholder={t('dossiersUi.filterOrg')}
            style={{ width: 280 }}
          />
          <Select<DossierState>
            allowClear
            value={state}
            onChange={(value) => setFilter({ state: value ?? null })}
            options={DOSSIER_STATES.map((value) => ({ value, label: stateLabel(t, value) }))}
            placeholder={t('dossiersUi.filterState')}
            aria-label={t('dossiersUi.filterState')}
            style={{ width: 240 }}
          />
          {systemId ? (
            <Tag closable onClose={() => setFilter({ systemId: null })}>
              {t('dossiersUi.filterSystemOnly')}
            </Tag>
          ) : null}
          <Checkbox checked={overdue} onChange={(e) => setFilter({ overdue: e.target.checked ? 'true' : null })}>
            {t('dossiersUi.filterOverdue')}
          </Checkbox>
        </Flex>
        {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<DossierSummary>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1100 }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.totalItems', { total }),
            onChange: (next) => setFilter({ page: next > 1 ? String(next) : null }),
          }}
          locale={{ emptyText: t('dossiersUi.empty') }}
          columns={[
            {
              title: t('dossiersUi.fields.system'),
              key: 'system',
              render: (_, d) => (
                <Flex vertical>
                  <Link to={`/dossiers/${d.id}`}>
                    <Typography.Text strong>{d.systemName}</Typography.Text>
                  </Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {d.systemCode}
                  </Typography.Text>
                </Flex>
              ),
            },
            { title: t('dossiersUi.fields.org'), dataIndex: 'orgName' },
            { title: t('dossiersUi.fields.state'), key: 'state', render: (_, d) => <DossierStateTag state={d.state} /> },
            {
              title: t('dossiersUi.fields.level'),
              key: 'level',
              render: (_, d) => (
                <Flex vertical gap={2} align="flex-start">
                  <span>
                    <Typography.Text type="secondary">{t('dossiersUi.fields.proposedShort')} </Typography.Text>
                    <LevelTag level={d.proposedLevel} />
                  </span>
                  {d.approvedLevel !== null ? (
                    <span>
                      <Typography.Text type="secondary">{t('dossiersUi.fields.approvedShort')} </Typography.Text>
                      <LevelTag level={d.approvedLevel} />
                    </span>
                  ) : null}
                </Flex>
              ),
            },
            { title: t('dossiersUi.fields.version'), dataIndex: 'currentVersion', width: 90 },
            {
              title: t('dossiersUi.fields.dueOn'),
              key: 'dueOn',
              // The tag sits by the legal due date when a clock runs, else by the directive's deadline.
              render: (_, d) => <DueDate value={d.dueOn} isOverdue={d.isOverdue} />,
            },
            { title: t('dossiersUi.fields.directiveDueOn'), key: 'directiveDueOn', render: (_, d) => <DueDate value={d.directiveDueOn} isOverdue={d.isOverdue && !d.dueOn} /> },
            { title: t('dossiersUi.fields.updatedAt'), dataIndex: 'updatedAt', render: (value: string) => formatDateTime(value) },
          ]}
        />
      </Card>
    </>
  );
}
