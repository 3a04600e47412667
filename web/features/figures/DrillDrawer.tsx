import { useState } from 'react';
import { Drawer, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FigureDrillItem } from '@shared/api/figures';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { formatDate } from '../../lib/format';
import { LevelTag } from '../systems/LevelTag';
import { useFigureDrill, type DrillParams } from './api';

export interface Drill {
  params: DrillParams;
  title: string;
}

const PAGE_SIZE = 20;

/** The systems or dossiers behind one number, with their unit and state. */
export function DrillDrawer({ drill, onClose }: { drill: Drill | null; onClose: () => void }) {
  return (
    <Drawer open={drill !== null} onClose={onClose} size="large" title={drill?.title} destroyOnHidden>
      {drill ? <DrillList key={JSON.stringify(drill.params)} params={drill.params} /> : null}
    </Drawer>
  );
}

function DrillList({ params }: { params: DrillParams }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const q = useFigureDrill(params, page, PAGE_SIZE);
  if (q.isError) return <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />;
  const isDossiers = q.data?.kind === 'dossiers';
  const columns: ColumnsType<FigureDrillItem> = [
    {
      title: t('figures.drill.system'),
      key: 'system',
      render: (_, r) => (
        <>
          <Link to={`/systems/${r.systemId}`}>{r.systemName}</Link>
          <div>
            <Typography.Text type="secondary">{r.systemCode}</Typography.Text> {r.isImportant ? <Tag color="red">{t('systemsUi.important')}</Tag> : null}
          </div>
        </>
      ),
    },
    { title: t('figures.drill.org'), dataIndex: 'orgName', key: 'org' },
    { title: t('figures.drill.proposedLevel'), key: 'proposed', render: (_, r) => <LevelTag level={r.proposedLevel} /> },
    { title: t('figures.drill.approvedLevel'), key: 'approved', render: (_, r) => <LevelTag level={r.approvedLevel} emptyText={t('systemsUi.notApproved')} /> },
  ];
  if (isDossiers) {
    columns.push(
      { title: t('figures.drill.state'), key: 'state', render: (_, r) => (r.dossierState ? t(`dossierStates.${r.dossierState}`) : '') },
      { title: t('figures.drill.receivedAt'), key: 'received', render: (_, r) => formatDate(r.receivedAt) },
      { title: t('figures.drill.dueOn'), key: 'due', render: (_, r) => formatDate(r.dueOn ?? r.directiveDueOn) },
    );
  }
  return (
    <Table<FigureDrillItem>
      rowKey={(r) => r.dossierId ?? r.systemId}
      size="small"
      loading={q.isFetching}
      columns={columns}
      dataSource={q.data?.items ?? []}
      locale={{ emptyText: t('figures.drill.empty') }}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: q.data?.total ?? 0,
        onChange: setPage,
        showSizeChanger: false,
        showTotal: (total) => t('common.totalItems', { total }),
      }}
    />
  );
}
