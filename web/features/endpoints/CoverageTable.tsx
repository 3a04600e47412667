import { Button, Flex, Progress, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CoverageCounts, CoverageRow, EndpointFilter } from '@shared/api/endpoints';
import { buildUrl } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { percent } from './endpoint-labels';

type Measure = 'centralAv' | 'anyAv' | 'licensedOs' | 'seen';

/** The inventory filter that lists the machines a measure is missing. */
export const MISSING_FILTER: Record<Measure, EndpointFilter> = {
  centralAv: 'no_central_av',
  anyAv: 'no_av',
  licensedOs: 'unlicensed_os',
  seen: 'not_seen',
};

/** The inventory link behind a number of the coverage page. */
export function inventoryLink(orgId: string, filter: EndpointFilter | null, seenDays: number, own = false): string {
  return buildUrl('/endpoints', {
    orgId,
    ownOnly: own ? 'true' : undefined,
    filter: filter ?? undefined,
    seenDays: filter === 'not_seen' ? seenDays : undefined,
  });
}

function ratioColor(p: number): string {
  if (p >= 90) return '#52c41a';
  if (p >= 50) return '#faad14';
  return '#f5222d';
}

/** `31/812` with a bar; the number opens the machines that lack the measure. */
export function RatioCell({
  counts,
  measure,
  orgId,
  orgName,
  seenDays,
  own = false,
}: {
  counts: CoverageCounts;
  measure: Measure;
  orgId: string;
  orgName: string;
  seenDays: number;
  own?: boolean;
}) {
  const { t } = useTranslation();
  const part = counts[measure];
  const p = percent(part, counts.total);
  const missing = counts.total - part;
  const label = `${part}/${counts.total}`;
  return (
    <Flex align="center" gap={6} style={{ whiteSpace: 'nowrap' }}>
      <Progress percent={p} size={[56, 6]} showInfo={false} strokeColor={ratioColor(p)} aria-hidden style={{ margin: 0, width: 56 }} />
      {missing > 0 ? (
        <Tooltip title={t(`endpointsUi.coverage.missing.${measure}`, { n: formatNumber(missing), days: seenDays })}>
          <Link to={inventoryLink(orgId, MISSING_FILTER[measure], seenDays, own)} aria-label={`${t(`endpointsUi.coverage.missing.${measure}`, { n: formatNumber(missing), days: seenDays })}: ${orgName}`}>
            {formatNumber(part)}/{formatNumber(counts.total)}
          </Link>
        </Tooltip>
      ) : (
        <span aria-label={label}>
          {formatNumber(part)}/{formatNumber(counts.total)}
        </span>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12, minWidth: 40, textAlign: 'right' }}>
        {p}%
      </Typography.Text>
    </Flex>
  );
}

interface CoverageTableProps {
  rows: CoverageRow[];
  loading: boolean;
  seenDays: number;
  /** An organisation with sub-units was clicked: its own coverage. */
  onDrill: (row: CoverageRow) => void;
}

const ratioSorter = (m: Measure) => (a: CoverageRow, b: CoverageRow) => percent(a[m], a.total) - percent(b[m], b.total);

/** One row per child organisation (or per center), each number opening the machines behind it. */
export function CoverageTable({ rows, loading, seenDays, onDrill }: CoverageTableProps) {
  const { t } = useTranslation();
  const nameOf = (row: CoverageRow) => (row.own ? t('endpointsUi.coverage.ownRow', { name: row.orgName }) : row.orgName);
  const ratioColumn = (m: Measure): ColumnsType<CoverageRow>[number] => ({
    title: t(`endpointsUi.coverage.columns.${m}`, { days: seenDays }),
    key: m,
    sorter: ratioSorter(m),
    render: (_, row) => <RatioCell counts={row} measure={m} orgId={row.orgId} orgName={nameOf(row)} seenDays={seenDays} own={row.own} />,
  });
  const columns: ColumnsType<CoverageRow> = [
    {
      title: t('endpointsUi.coverage.columns.org'),
      key: 'name',
      fixed: 'left',
      sorter: (a, b) => (a.own ? -1 : b.own ? 1 : a.orgName.localeCompare(b.orgName, 'vi')),
      defaultSortOrder: 'ascend',
      render: (_, row) =>
        row.own ? (
          <Link to={inventoryLink(row.orgId, null, seenDays, true)} title={t('endpointsUi.coverage.ownHint', { name: row.orgName })}>
            {nameOf(row)}
          </Link>
        ) : row.hasChildren ? (
          <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} title={t('endpointsUi.coverage.drillHint')} onClick={() => onDrill(row)}>
            {row.orgName}
          </Button>
        ) : (
          <Link to={inventoryLink(row.orgId, null, seenDays)} title={t('endpointsUi.coverage.listHint')}>
            {row.orgName}
          </Link>
        ),
    },
    {
      title: t('endpointsUi.coverage.columns.total'),
      key: 'total',
      align: 'right',
      sorter: (a, b) => a.total - b.total,
      render: (_, row) => (
        <Link to={inventoryLink(row.orgId, null, seenDays, row.own)} aria-label={`${t('endpointsUi.coverage.columns.total')}: ${nameOf(row)}`}>
          {formatNumber(row.total)}
        </Link>
      ),
    },
    ratioColumn('centralAv'),
    ratioColumn('anyAv'),
    ratioColumn('licensedOs'),
    ratioColumn('seen'),
    {
      title: t('endpointsUi.coverage.columns.excluded'),
      key: 'excluded',
      align: 'right',
      sorter: (a, b) => a.excluded - b.excluded,
      render: (_, row) =>
        row.excluded > 0 ? (
          <Link to={inventoryLink(row.orgId, 'state_secret', seenDays, row.own)} aria-label={`${t('endpointsUi.coverage.columns.excluded')}: ${nameOf(row)}`}>
            {formatNumber(row.excluded)}
          </Link>
        ) : (
          <span style={{ color: '#bbb' }}>0</span>
        ),
    },
  ];
  return (
    <Table<CoverageRow>
      rowKey={(row) => `${row.orgId}${row.own ? ':own' : ''}`}
      size="small"
      bordered
      loading={loading}
      columns={columns}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: t('endpointsUi.coverage.empty') }}
    />
  );
}
