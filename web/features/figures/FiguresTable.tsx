import { Button, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { DossierMetric, FigureRow } from '@shared/api/figures';
import { formatNumber } from '../../lib/format';
import type { DrillParams } from './api';

type Counter = 'systems' | 'important' | 'classified' | DossierMetric;

function valueOf(row: FigureRow, c: Counter): number {
  return c === 'systems' || c === 'important' || c === 'classified' ? row[c] : row.dossiers[c];
}

interface FiguresTableProps {
  rows: FigureRow[];
  loading: boolean;
  /** A number was clicked: the list behind it. */
  onDrill: (params: DrillParams, row: FigureRow) => void;
  /** The units-without-submission count of a row was clicked. */
  onUnits: (row: FigureRow) => void;
  /** Focus on an organisation that has sub-units. */
  onFocus: (row: FigureRow) => void;
}

/** One row per child organisation (its whole subtree), every number opening its list. */
export function FiguresTable({ rows, loading, onDrill, onUnits, onFocus }: FiguresTableProps) {
  const { t } = useTranslation();

  const numberColumn = (c: Counter): ColumnsType<FigureRow>[number] => ({
    title: t(`figures.metrics.${c}`),
    key: c,
    align: 'right',
    sorter: (a, b) => valueOf(a, c) - valueOf(b, c),
    render: (_, row) => {
      const n = valueOf(row, c);
      if (n === 0) return <span style={{ color: '#bbb' }}>0</span>;
      return (
        <Button
          type="link"
          size="small"
          danger={c === 'overdue'}
          style={{ padding: 0 }}
          aria-label={`${t(`figures.metrics.${c}`)}: ${row.org.name}`}
          onClick={() => onDrill({ metric: c, orgId: row.org.id, ...(row.own ? { own: 'true' as const } : {}) }, row)}
        >
          {formatNumber(n)}
        </Button>
      );
    },
  });

  const columns: ColumnsType<FigureRow> = [
    {
      title: t('figures.table.org'),
      key: 'org',
      fixed: 'left',
      sorter: (a, b) => a.org.name.localeCompare(b.org.name, 'vi'),
      render: (_, row) =>
        row.own ? (
          <Tooltip title={t('figures.ownHint', { name: row.org.name })}>
            <span>
              {row.org.name} <Tag>{t('figures.own')}</Tag>
            </span>
          </Tooltip>
        ) : row.hasChildren ? (
          <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} title={t('figures.focusChild')} onClick={() => onFocus(row)}>
            {row.org.name}
          </Button>
        ) : (
          row.org.name
        ),
    },
    { title: t('figures.table.systemsGroup'), children: [numberColumn('systems'), numberColumn('important'), numberColumn('classified')] },
    {
      title: t('figures.table.dossiersGroup'),
      children: [numberColumn('submitted'), numberColumn('underAppraisal'), numberColumn('returned'), numberColumn('appraised'), numberColumn('approved'), numberColumn('overdue')],
    },
    {
      title: t('figures.table.unitsColumn'),
      key: 'units',
      align: 'right',
      sorter: (a, b) => a.unitsWithoutSubmission - b.unitsWithoutSubmission,
      render: (_, row) =>
        row.unitsWithoutSubmission > 0 && !row.own ? (
          <Button type="link" size="small" style={{ padding: 0 }} aria-label={`${t('figures.metrics.unitsWithoutSubmission')}: ${row.org.name}`} onClick={() => onUnits(row)}>
            {formatNumber(row.unitsWithoutSubmission)} / {formatNumber(row.units)}
          </Button>
        ) : (
          `${formatNumber(row.unitsWithoutSubmission)} / ${formatNumber(row.units)}`
        ),
    },
  ];

  return (
    <Table<FigureRow>
      rowKey={(r) => `${r.org.id}${r.own ? ':own' : ''}`}
      size="small"
      bordered
      loading={loading}
      columns={columns}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: t('figures.table.empty') }}
    />
  );
}
