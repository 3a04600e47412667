import { useState } from 'react';
import { Button, Drawer, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AssessmentFigureRow } from '@shared/api/figures';
import type { DueStatus } from '@shared/domain/assessments';
import type { DueSystem } from '@shared/api/assessments';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { formatDate, formatNumber } from '../../lib/format';
import { LevelTag } from '../systems/LevelTag';
import { useDueList } from '../assessments/api';
import { useAssessmentFigures } from './api';

/** The window of "due soon", as on the assessments page. */
export const DUE_WITHIN_DAYS = 30;
/** The due list answers at most this many systems; a drawer says so when there are more. */
const DRILL_LIMIT = 500;
/** Units per page: the demo province alone has about 150. */
const PAGE_SIZE = 20;

type Column = 'overdue' | 'dueSoon' | 'never';
const STATUS_OF: Record<Column, DueStatus> = { overdue: 'overdue', dueSoon: 'due_soon', never: 'never' };

/**
 * Sorting by one number, ties broken by the others in order of urgency (overdue, due soon, never
 * assessed). Ties after that keep the rows' order, which is by name (antd sorts stably).
 */
const URGENCY: Column[] = ['overdue', 'dueSoon', 'never'];
function byColumn(column: Column) {
  const order = [column, ...URGENCY.filter((c) => c !== column)];
  return (a: AssessmentFigureRow, b: AssessmentFigureRow) => {
    for (const c of order) if (a[c] !== b[c]) return a[c] - b[c];
    return 0;
  };
}
const byName = (a: AssessmentFigureRow, b: AssessmentFigureRow) => a.org.name.localeCompare(b.org.name, 'vi');

interface Opened {
  row: AssessmentFigureRow;
  column: Column;
}

/**
 * Periodic self-assessments and inspections due, overdue or never done, per unit of the focus,
 * with the systems behind each number (the assessments module's due list, GET /api/assessments/due).
 * The rows (one per unit, about 150 for a province: a few kB) are paged and sorted here, the units
 * most overdue first.
 */
export function AssessmentsDue({ orgId }: { orgId: string | null }) {
  const { t } = useTranslation();
  const figures = useAssessmentFigures(orgId, DUE_WITHIN_DAYS, true);
  const [opened, setOpened] = useState<Opened | null>(null);
  if (figures.isError) return <ErrorNotice error={figures.error} onRetry={() => void figures.refetch()} />;
  const cell = (column: Column) => (value: number, row: AssessmentFigureRow) => {
    const label = t('figures.assessments.cellLabel', { metric: t(`figures.assessments.${column}`), name: row.org.name });
    if (value === 0) return <span aria-label={label}>0</span>;
    return (
      <Button type="link" size="small" danger={column === 'overdue'} aria-label={label} onClick={() => setOpened({ row, column })} style={{ padding: 0 }}>
        {formatNumber(value)}
      </Button>
    );
  };
  const data = figures.data;
  const rows = [...(data?.rows ?? [])].sort(byName);
  return (
    <>
      {data ? (
        <Typography.Paragraph data-testid="assessments-due-totals">
          {t('figures.assessments.totals', { overdue: formatNumber(data.totals.overdue), dueSoon: formatNumber(data.totals.dueSoon), never: formatNumber(data.totals.never), days: data.withinDays })}
        </Typography.Paragraph>
      ) : null}
      <Table<AssessmentFigureRow>
        // A new focus starts again on page 1, most overdue first.
        key={orgId ?? 'roots'}
        size="small"
        rowKey={(r) => `${r.org.id}:${r.own ? 'own' : 'sub'}`}
        loading={figures.isFetching}
        dataSource={rows}
        pagination={{ pageSize: PAGE_SIZE, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => t('common.totalItems', { total }) }}
        locale={{ emptyText: t('figures.table.empty') }}
        columns={[
          {
            title: t('figures.table.org'),
            key: 'org',
            sorter: byName,
            render: (_, r) => (r.own ? `${r.org.name} (${t('figures.own')})` : r.org.name),
          },
          ...URGENCY.map((column) => ({
            title: t(`figures.assessments.${column}`),
            dataIndex: column,
            key: column,
            width: column === 'never' ? 160 : 140,
            align: 'right' as const,
            sorter: byColumn(column),
            // The worst first on the first click.
            sortDirections: ['descend' as const, 'ascend' as const],
            defaultSortOrder: column === 'overdue' ? ('descend' as const) : undefined,
            render: cell(column),
          })),
        ]}
      />
      <Drawer
        open={opened !== null}
        onClose={() => setOpened(null)}
        size="large"
        destroyOnHidden
        title={opened ? t('figures.drill.title', { metric: t(`figures.assessments.${opened.column}`), scope: opened.row.org.name }) : ''}
      >
        {opened ? <DueSystems opened={opened} /> : null}
      </Drawer>
    </>
  );
}

function DueSystems({ opened }: { opened: Opened }) {
  const { t } = useTranslation();
  const due = useDueList({ orgId: opened.row.org.id, withinDays: DUE_WITHIN_DAYS, limit: DRILL_LIMIT });
  if (due.isError) return <ErrorNotice error={due.error} onRetry={() => void due.refetch()} />;
  const status = STATUS_OF[opened.column];
  // The own row: only the unit's own systems, not its sub-units'.
  const items = (due.data?.items ?? []).filter((s) => s.status === status && (!opened.row.own || s.orgId === opened.row.org.id));
  return (
    <>
      {due.data && due.data.total > due.data.items.length ? (
        <Typography.Paragraph type="warning">{t('figures.assessments.truncated', { shown: due.data.items.length, total: due.data.total })}</Typography.Paragraph>
      ) : null}
      <Table<DueSystem>
        size="small"
        rowKey="systemId"
        loading={due.isFetching}
        dataSource={items}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => t('common.totalItems', { total }) }}
        locale={{ emptyText: t('figures.drill.empty') }}
        columns={[
          { title: t('figures.drill.system'), key: 'system', render: (_, r) => <Link to={`/systems/${r.systemId}`}>{r.systemName}</Link> },
          { title: t('figures.drill.org'), dataIndex: 'orgName' },
          { title: t('figures.drill.approvedLevel'), dataIndex: 'approvedLevel', render: (l: number) => <LevelTag level={l} /> },
          { title: t('assessmentsUi.fields.lastAssessedOn'), dataIndex: 'lastAssessedOn', render: (v: string | null) => (v ? formatDate(v) : '—') },
          { title: t('assessmentsUi.fields.nextDueOn'), dataIndex: 'nextDueOn', render: (v: string | null) => (v ? formatDate(v) : '—') },
          { title: t('assessmentsUi.fields.dueStatus'), dataIndex: 'status', render: (s: DueStatus) => <Tag color={s === 'overdue' ? 'red' : s === 'never' ? 'orange' : 'blue'}>{t(`assessments.due.${s}`)}</Tag> },
        ]}
      />
    </>
  );
}
