import { useState } from 'react';
import { Card, Flex, Segmented, Select, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AssessmentSummary, DueSystem } from '@shared/api/assessments';
import { ASSESSMENT_KINDS, ASSESSMENT_STATES, type AssessmentKind, type AssessmentState, type DueStatus } from '@shared/domain/assessments';
import { formatDate } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { LevelTag } from '../systems/LevelTag';
import { useAssessmentList, useDueList } from './api';

const DUE_COLORS: Record<DueStatus, string> = { never: 'default', overdue: 'red', due_soon: 'orange' };

/** Score as a coloured tag (green from 80, gold from 50). */
export function ScoreTag({ score }: { score: number | null }) {
  if (score === null) return <Tag>—</Tag>;
  return <Tag color={score >= 80 ? 'green' : score >= 50 ? 'gold' : 'red'}>{score}</Tag>;
}

/** `/assessments`: assessments and inspections of the units in scope, and the systems due for one. */
export function AssessmentListPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<AssessmentKind | undefined>(undefined);
  const [state, setState] = useState<AssessmentState | undefined>(undefined);
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const list = useAssessmentList({ kind, state, limit: pageSize, offset: (page - 1) * pageSize });
  const [withinDays, setWithinDays] = useState(60);
  const due = useDueList({ withinDays, limit: 200 });

  return (
    <>
      <PageHeader title={t('assessmentsUi.listTitle')} description={t('assessmentsUi.listHelp')} />
      <Card
        title={t('assessmentsUi.dueTitle')}
        style={{ marginBottom: 16 }}
        extra={
          <Segmented<number>
            value={withinDays}
            onChange={setWithinDays}
            options={[30, 60, 90].map((d) => ({ value: d, label: t('assessmentsUi.withinDays', { days: d }) }))}
          />
        }
      >
        {due.error ? <ErrorNotice error={due.error} onRetry={() => void due.refetch()} /> : null}
        {due.data ? (
          <Flex gap={32} wrap style={{ marginBottom: 12 }}>
            <Statistic title={t('assessments.due.overdue')} value={due.data.counts.overdue} valueStyle={{ color: '#cf1322' }} />
            <Statistic title={t('assessments.due.due_soon')} value={due.data.counts.dueSoon} />
            <Statistic title={t('assessments.due.never')} value={due.data.counts.never} />
          </Flex>
        ) : null}
        <Table<DueSystem>
          size="small"
          rowKey="systemId"
          loading={due.isPending}
          dataSource={due.data?.items ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('assessmentsUi.noneDue') }}
          columns={[
            { title: t('assessmentsUi.fields.system'), dataIndex: 'systemName', render: (v: string, r) => <Link to={`/systems/${r.systemId}`}>{v}</Link> },
            { title: t('assessmentsUi.fields.org'), dataIndex: 'orgName' },
            { title: t('assessmentsUi.fields.level'), dataIndex: 'approvedLevel', render: (l: number) => <LevelTag level={l} /> },
            { title: t('assessmentsUi.fields.lastAssessedOn'), dataIndex: 'lastAssessedOn', render: (v: string | null) => (v ? formatDate(v) : '—') },
            { title: t('assessmentsUi.fields.nextDueOn'), dataIndex: 'nextDueOn', render: (v: string | null) => (v ? formatDate(v) : '—') },
            {
              title: t('assessmentsUi.fields.dueStatus'),
              dataIndex: 'status',
              render: (s: DueStatus, r) => (
                <Flex gap={4} wrap>
                  <Tag color={DUE_COLORS[s]}>{t(`assessments.due.${s}`)}</Tag>
                  {r.externalRequired ? <Tag>{t('assessmentsUi.externalRequired')}</Tag> : null}
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title={t('assessmentsUi.allTitle')}
        extra={
          <Flex gap={8} wrap>
            <Select
              allowClear
              style={{ minWidth: 200 }}
              placeholder={t('assessmentsUi.fields.kind')}
              value={kind}
              onChange={(v) => {
                setKind(v);
                setPage(1);
              }}
              options={ASSESSMENT_KINDS.map((k) => ({ value: k, label: t(`assessments.kind.${k}`) }))}
            />
            <Select
              allowClear
              style={{ minWidth: 160 }}
              placeholder={t('assessmentsUi.fields.state')}
              value={state}
              onChange={(v) => {
                setState(v);
                setPage(1);
              }}
              options={ASSESSMENT_STATES.map((k) => ({ value: k, label: t(`assessments.state.${k}`) }))}
            />
          </Flex>
        }
      >
        {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
        <AssessmentTable items={list.data?.items ?? []} loading={list.isPending} showSystem pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage }} />
      </Card>
    </>
  );
}

/** A table of assessments: kind, state, score, dates, with due/overdue tags. */
export function AssessmentTable({
  items,
  loading,
  showSystem,
  pagination,
}: {
  items: AssessmentSummary[];
  loading: boolean;
  showSystem?: boolean;
  pagination?: { current: number; pageSize: number; total: number; onChange: (page: number) => void } | false;
}) {
  const { t } = useTranslation();
  return (
    <Table<AssessmentSummary>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={items}
      pagination={pagination ?? { pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: t('assessmentsUi.noAssessments') }}
      columns={[
        {
          title: t('assessmentsUi.fields.kind'),
          dataIndex: 'kind',
          render: (k: AssessmentKind, r) => <Link to={`/assessments/${r.id}`}>{t(`assessments.kind.${k}`)}</Link>,
        },
        ...(showSystem
          ? [
              { title: t('assessmentsUi.fields.system'), dataIndex: 'systemName', render: (v: string, r: AssessmentSummary) => <Link to={`/systems/${r.systemId}`}>{v}</Link> },
              { title: t('assessmentsUi.fields.org'), dataIndex: 'orgName' },
            ]
          : []),
        { title: t('assessmentsUi.fields.level'), dataIndex: 'level', render: (l: number) => <LevelTag level={l} /> },
        {
          title: t('assessmentsUi.fields.state'),
          dataIndex: 'state',
          render: (s: AssessmentState) => <Tag color={s === 'completed' ? 'green' : 'blue'}>{t(`assessments.state.${s}`)}</Tag>,
        },
        { title: t('assessmentsUi.score'), dataIndex: 'score', render: (v: number | null) => <ScoreTag score={v} /> },
        { title: t('assessmentsUi.fields.performedOn'), dataIndex: 'performedOn', render: (v: string | null) => (v ? formatDate(v) : '—') },
        {
          title: t('assessmentsUi.fields.nextDueOn'),
          dataIndex: 'nextDueOn',
          render: (v: string | null, r) => (
            <Flex gap={4} wrap align="center">
              <Typography.Text>{v ? formatDate(v) : '—'}</Typography.Text>
              {r.isOverdue ? <Tag color="red">{t('assessments.due.overdue')}</Tag> : null}
            </Flex>
          ),
        },
      ]}
    />
  );
}
