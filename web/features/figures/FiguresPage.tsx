import { Suspense, lazy, useState } from 'react';
import { Button, Card, Col, Drawer, Flex, Row, Skeleton, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { FigureRow, LevelKey } from '@shared/api/figures';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { formatDate, formatNumber } from '../../lib/format';
import { OrgPicker } from '../orgs/OrgPicker';
import { useSystemFigures, type DrillParams } from './api';
import { DrillDrawer, type Drill } from './DrillDrawer';
import { FiguresTable } from './FiguresTable';
import { UnitsWithoutSubmission } from './UnitsWithoutSubmission';
import { AnnualReportButton } from './AnnualReportButton';
import { AssessmentsDue } from './AssessmentsDue';
import { useCan } from '../../app/session';

// echarts is big: fetched only when this page draws its chart.
const LevelChart = lazy(async () => ({ default: (await import('./LevelChart')).LevelChart }));

interface StatProps {
  title: string;
  value: number;
  suffix?: string;
  danger?: boolean;
  onOpen?: () => void;
}

function Stat({ title, value, suffix, danger, onOpen }: StatProps) {
  const clickable = !!onOpen && value > 0;
  return (
    <Card
      size="small"
      hoverable={clickable}
      onClick={clickable ? onOpen : undefined}
      role={clickable ? 'button' : undefined}
      tabIndex={clickable ? 0 : undefined}
      onKeyDown={clickable ? (e) => (e.key === 'Enter' || e.key === ' ') && onOpen() : undefined}
      aria-label={`${title}: ${value}`}
    >
      <Statistic title={title} value={value} suffix={suffix} formatter={(v) => formatNumber(Number(v))} styles={danger && value > 0 ? { content: { color: '#cf1322' } } : undefined} />
    </Card>
  );
}

/** The registry's and the dossiers' figures for the user's scope or a focused sub-tree (issue #3). */
export function FiguresPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const orgId = search.get('orgId');
  const figures = useSystemFigures(orgId);
  const [drill, setDrill] = useState<Drill | null>(null);
  const [unitsOf, setUnitsOf] = useState<FigureRow | null>(null);
  const can = useCan();

  const focus = (id: string | null) => {
    setSearch(id ? { orgId: id } : {});
  };
  const data = figures.data;
  const scopeName = data?.org?.name ?? t('figures.focusAll');
  const open = (params: DrillParams, scope: string) => {
    const metric = t(`figures.metrics.${params.metric}`);
    const level = params.level ? (params.level === 'none' ? t('figures.chart.none') : t('figures.chart.levelN', { level: params.level })) : null;
    setDrill({ params, title: level ? t('figures.drill.levelTitle', { metric, level, scope }) : t('figures.drill.title', { metric, scope }) });
  };
  const openTotal = (metric: DrillParams['metric'], level?: LevelKey) => open({ metric, ...(orgId ? { orgId } : {}), ...(level ? { level } : {}) }, scopeName);

  return (
    <>
      <PageHeader
        title={t('figures.title')}
        description={t('figures.description')}
        extra={
          <Flex gap={8} align="center" wrap>
            <Typography.Text>{t('figures.focus')}</Typography.Text>
            <OrgPicker value={orgId} onChange={focus} allowClear placeholder={t('figures.focusAll')} style={{ width: 320 }} />
            {orgId ? <Button onClick={() => focus(null)}>{t('figures.focusAll')}</Button> : null}
            {data?.org ? <AnnualReportButton orgId={data.org.id} asOf={data.asOf} /> : null}
          </Flex>
        }
      />
      {figures.isError ? <ErrorNotice error={figures.error} onRetry={() => void figures.refetch()} /> : null}
      {!data ? (
        figures.isPending ? <Skeleton active /> : null
      ) : (
        <Flex vertical gap={16}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="figures-headline">
              {t('figures.headline', { submitted: formatNumber(data.totals.dossiers.submitted), approved: formatNumber(data.totals.dossiers.approved) })}
            </Typography.Title>
            <Typography.Text type="secondary">
              {data.org ? t('figures.headlineScope', { name: data.org.name, date: formatDate(data.asOf) }) : t('figures.headlineScopeMany', { count: data.rows.length, date: formatDate(data.asOf) })}
            </Typography.Text>
          </div>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={8} xl={4}>
              <Stat title={t('figures.stats.submitted')} value={data.totals.dossiers.submitted} onOpen={() => openTotal('submitted')} />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Stat title={t('figures.stats.approved')} value={data.totals.dossiers.approved} onOpen={() => openTotal('approved')} />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Stat title={t('figures.stats.underAppraisal')} value={data.totals.dossiers.underAppraisal} onOpen={() => openTotal('underAppraisal')} />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Stat title={t('figures.stats.returned')} value={data.totals.dossiers.returned} onOpen={() => openTotal('returned')} />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Stat title={t('figures.stats.overdue')} value={data.totals.dossiers.overdue} danger onOpen={() => openTotal('overdue')} />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Stat title={t('figures.stats.unitsWithoutSubmission')} value={data.totals.unitsWithoutSubmission} suffix={t('figures.stats.ofUnits', { count: data.totals.units })} />
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('figures.stats.systems')}>
                <Stat title={t('figures.stats.importantSuffix', { count: data.totals.important })} value={data.totals.systems} onOpen={() => openTotal('systems')} />
                <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                  {t('figures.metrics.classified')}: {formatNumber(data.totals.classified)}
                </Typography.Paragraph>
              </Card>
            </Col>
            <Col xs={24} lg={16}>
              <Card size="small" title={t('figures.chart.title')}>
                <Suspense fallback={<Skeleton active />}>
                  <LevelChart byProposedLevel={data.totals.byProposedLevel} byApprovedLevel={data.totals.byApprovedLevel} onPick={(metric, level) => openTotal(metric, level)} />
                </Suspense>
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('figures.table.title')}>
            <FiguresTable
              rows={data.rows}
              loading={figures.isFetching}
              onDrill={(params, row) => open(params, row.org.name)}
              onUnits={setUnitsOf}
              onFocus={(row) => focus(row.org.id)}
            />
          </Card>
          {can('assessment.read') ? (
            <Card size="small" title={t('figures.assessments.title')}>
              <Typography.Paragraph type="secondary">{t('figures.assessments.help')}</Typography.Paragraph>
              <AssessmentsDue orgId={orgId} />
            </Card>
          ) : null}
          <Card size="small" title={t('figures.units.title')}>
            <Typography.Paragraph type="secondary">{t('figures.units.help')}</Typography.Paragraph>
            <UnitsWithoutSubmission key={orgId ?? ''} orgId={orgId} />
          </Card>
        </Flex>
      )}
      <DrillDrawer drill={drill} onClose={() => setDrill(null)} />
      <Drawer open={unitsOf !== null} onClose={() => setUnitsOf(null)} size="large" title={unitsOf ? `${t('figures.units.title')} — ${unitsOf.org.name}` : ''} destroyOnHidden>
        {unitsOf ? <UnitsWithoutSubmission orgId={unitsOf.org.id} /> : null}
      </Drawer>
    </>
  );
}
