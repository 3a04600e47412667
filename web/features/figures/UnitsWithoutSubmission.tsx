import { useState } from 'react';
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UnitWithoutSubmission } from '@shared/api/figures';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { orgKindLabel } from '../../lib/labels';
import { formatNumber } from '../../lib/format';
import { useUnitsWithoutSubmission } from './api';

const PAGE_SIZE = 20;

/** Departments, agencies and communes under `orgId` that have never sent a dossier. */
export function UnitsWithoutSubmission({ orgId }: { orgId: string | null }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const q = useUnitsWithoutSubmission(orgId, page, PAGE_SIZE);
  if (q.isError) return <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Table<UnitWithoutSubmission>
      rowKey="id"
      size="small"
      loading={q.isFetching}
      dataSource={q.data?.items ?? []}
      locale={{ emptyText: t('figures.units.none') }}
      columns={[
        {
          title: t('figures.units.name'),
          key: 'name',
          render: (_, u) => (
            <>
              {u.name} {u.hasNoSystem ? <Tag color="volcano">{t('figures.units.noSystem')}</Tag> : null}
            </>
          ),
        },
        { title: t('orgs.fields.kind'), key: 'kind', render: (_, u) => orgKindLabel(t, u.kind) },
        { title: t('figures.units.parent'), dataIndex: 'parentName', key: 'parent' },
        { title: t('figures.units.systemCount'), key: 'systems', align: 'right', render: (_, u) => formatNumber(u.systemCount) },
        { title: t('figures.units.draftCount'), key: 'drafts', align: 'right', render: (_, u) => formatNumber(u.draftCount) },
      ]}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: q.data?.total ?? 0,
        onChange: setPage,
        showSizeChanger: false,
        hideOnSinglePage: true,
        showTotal: (total) => t('common.totalItems', { total }),
      }}
    />
  );
}
