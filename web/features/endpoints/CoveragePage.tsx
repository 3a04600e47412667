import { Suspense, lazy, useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Col, Flex, Progress, Row, Segmented, Select, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Coverage, CoverageCounts } from '@shared/api/endpoints';
import { DEFAULT_SEEN_DAYS } from '@shared/domain/endpoints';
import { buildUrl } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { coverageExportUrl, useCoverage, useCoverageHistory, useOrgTrail } from './api';
import { CoverageTable, MISSING_FILTER, inventoryLink } from './CoverageTable';
import { percent } from './endpoint-labels';

// echarts is big: fetched only when this page draws its chart.
const CoverageTrendChart = lazy(async () => ({ default: (await import('./CoverageTrendChart')).CoverageTrendChart }));

const SEEN_DAYS = [1, 3, 7, 14, 30, 90] as const;
type GroupBy = 'children' | 'centers';

function parseSeenDays(raw: string | null): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 365 ? n : DEFAULT_SEEN_DAYS;
}

/** The directive's sentence: "31/812 máy tính tại 125 Trung tâm … có phần mềm phòng chống mã độc tập trung". */
export function headline(t: (key: string, opts?: Record<string, unknown>) => string, data: Coverage): string {
  if (data.centers.count > 0) {
    return t('endpointsUi.coverage.headlineCenters', {
      centralAv: formatNumber(data.centers.centralAv),
      total: formatNumber(data.centers.total),
      centers: formatNumber(data.centers.count),
    });
  }
  return t('endpointsUi.coverage.headlineOrg', {
    centralAv: formatNumber(data.summary.centralAv),
    total: formatNumber(data.summary.total),
    name: data.orgName,
  });
}

interface StatCardProps {
  title: string;
  counts: CoverageCounts;
  measure: keyof typeof MISSING_FILTER;
  orgId: string;
  seenDays: number;
}

/** One measure of the whole subtree: "x/total", a bar, and the link to the machines without it. */
function StatCard({ title, counts, measure, orgId, seenDays }: StatCardProps) {
  const { t } = useTranslation();
  const part = counts[measure];
  const p = percent(part, counts.total);
  const missing = counts.total - part;
  return (
    <Card size="small" style={{ height: '100%' }}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div style={{ fontSize: 22, fontWeight: 600 }} aria-label={`${title}: ${part}/${counts.total}`}>
        {formatNumber(part)}
        <Typography.Text type="secondary" style={{ fontSize: 16, fontWeight: 400 }}>
          /{formatNumber(counts.total)}
        </Typography.Text>
      </div>
      <Progress percent={p} size="small" status={p >= 100 ? 'success' : 'normal'} />
      {missing > 0 ? (
        <Link to={inventoryLink(orgId, MISSING_FILTER[measure], seenDays)}>{t(`endpointsUi.coverage.missing.${measure}`, { n: formatNumber(missing), days: seenDays })}</Link>
      ) : (
        <Typography.Text type="success">{t('endpointsUi.coverage.allCovered')}</Typography.Text>
      )}
    </Card>
  );
}

/** "Độ phủ bảo vệ": the directive's figure, per unit and per center, with drill-down and trend (issue #4). */
export function CoveragePage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const orgId = search.get('orgId');
  const groupBy: GroupBy = search.get('groupBy') === 'centers' ? 'centers' : 'children';
  const seenDays = parseSeenDays(search.get('seenDays'));
  const [trendScope, setTrendScope] = useState<'all' | 'centers'>('all');

  const coverage = useCoverage({ orgId: orgId ?? undefined, groupBy, seenDays });
  const history = useCoverageHistory({ orgId: orgId ?? undefined, days: 90, centersOnly: trendScope === 'centers' ? 'true' : undefined });
  const trail = useOrgTrail(orgId);
  const data = coverage.data;

  const setParam = (changes: Record<string, string | null>) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      return next;
    });
  const linkTo = (id: string | null) => {
    const params = new URLSearchParams(search);
    if (id) params.set('orgId', id);
    else params.delete('orgId');
    const qs = params.toString();
    return qs ? `/coverage?${qs}` : '/coverage';
  };

  // The ancestors the caller may see lead back up; while they load (or if none), "my scope" does.
  const ancestors = (trail.data ?? []).filter((o) => o.id !== orgId);
  const crumbs = orgId
    ? [
        ...(ancestors.length > 0
          ? ancestors.map((o) => ({ key: o.id, title: <Link to={linkTo(o.id)}>{o.name}</Link> }))
          : [{ key: 'root', title: <Link to={linkTo(null)}>{t('endpointsUi.coverage.myScope')}</Link> }]),
        { key: 'current', title: data?.orgName ?? '…' },
      ]
    : [{ key: 'root', title: data?.orgName ?? t('endpointsUi.coverage.myScope') }];

  return (
    <>
      <PageHeader
        title={t('endpointsUi.coverage.title')}
        description={t('endpointsUi.coverage.description')}
        extra={
          <Flex gap={8} align="center" wrap>
            <Typography.Text>{t('endpointsUi.coverage.seenDays')}</Typography.Text>
            <Select<number>
              value={seenDays}
              onChange={(v) => setParam({ seenDays: v === DEFAULT_SEEN_DAYS ? null : String(v) })}
              options={SEEN_DAYS.map((d) => ({ value: d, label: t('endpointsUi.coverage.days', { days: d }) }))}
              aria-label={t('endpointsUi.coverage.seenDays')}
              style={{ width: 120 }}
            />
            <Link to={buildUrl('/endpoints', { orgId: orgId ?? undefined })}>{t('endpointsUi.coverage.openInventory')}</Link>
          </Flex>
        }
      />
      <Breadcrumb items={crumbs} style={{ marginBottom: 12 }} aria-label={t('endpointsUi.coverage.breadcrumb')} />
      {coverage.isError ? <ErrorNotice error={coverage.error} onRetry={() => void coverage.refetch()} /> : null}
      {!data ? (
        coverage.isPending ? <Skeleton active /> : null
      ) : (
        <Flex vertical gap={16}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="coverage-headline">
              {headline(t, data)}
            </Typography.Title>
            <Typography.Text type="secondary" data-testid="coverage-subline">
              {t('endpointsUi.coverage.subline', {
                name: data.orgName,
                centralAv: formatNumber(data.summary.centralAv),
                total: formatNumber(data.summary.total),
                excluded: formatNumber(data.summary.excluded),
              })}
            </Typography.Text>
            {data.centers.withoutMachines > 0 && (
              <Typography.Paragraph type="warning" style={{ margin: 0 }} data-testid="coverage-centers-without">
                {t('endpointsUi.coverage.centersWithout', { count: data.centers.withoutMachines })}
              </Typography.Paragraph>
            )}
          </div>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={8} xl={5}>
              <StatCard title={t('endpointsUi.coverage.columns.centralAv')} counts={data.summary} measure="centralAv" orgId={data.orgId} seenDays={seenDays} />
            </Col>
            <Col xs={12} md={8} xl={5}>
              <StatCard title={t('endpointsUi.coverage.columns.anyAv')} counts={data.summary} measure="anyAv" orgId={data.orgId} seenDays={seenDays} />
            </Col>
            <Col xs={12} md={8} xl={5}>
              <StatCard title={t('endpointsUi.coverage.columns.licensedOs')} counts={data.summary} measure="licensedOs" orgId={data.orgId} seenDays={seenDays} />
            </Col>
            <Col xs={12} md={8} xl={5}>
              <StatCard title={t('endpointsUi.coverage.columns.seen', { days: seenDays })} counts={data.summary} measure="seen" orgId={data.orgId} seenDays={seenDays} />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Card size="small" style={{ height: '100%' }}>
                <Typography.Text type="secondary">{t('endpointsUi.coverage.columns.excluded')}</Typography.Text>
                <div style={{ fontSize: 22, fontWeight: 600 }} aria-label={`${t('endpointsUi.coverage.columns.excluded')}: ${data.summary.excluded}`}>
                  {formatNumber(data.summary.excluded)}
                </div>
                <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
                  {t('endpointsUi.coverage.excludedHelp')}
                </Typography.Paragraph>
                {data.summary.excluded > 0 ? <Link to={inventoryLink(data.orgId, 'state_secret', seenDays)}>{t('endpointsUi.coverage.seeExcluded')}</Link> : null}
              </Card>
            </Col>
          </Row>
          <Card
            size="small"
            title={groupBy === 'centers' ? t('endpointsUi.coverage.tableCenters') : t('endpointsUi.coverage.tableChildren')}
            extra={
              <Flex gap={8} align="center">
                <Button size="small" icon={<DownloadOutlined />} href={coverageExportUrl({ orgId: data.orgId, groupBy, seenDays })} download>
                  {t('endpointsUi.coverage.export')}
                </Button>
                <Segmented<GroupBy>
                  size="small"
                  value={groupBy}
                  onChange={(v) => setParam({ groupBy: v === 'centers' ? 'centers' : null })}
                  options={[
                    { value: 'children', label: t('endpointsUi.coverage.groupChildren') },
                    { value: 'centers', label: t('endpointsUi.coverage.groupCenters') },
                  ]}
                  aria-label={t('endpointsUi.coverage.groupBy')}
                />
              </Flex>
            }
          >
            <CoverageTable rows={data.rows} loading={coverage.isFetching} seenDays={seenDays} onDrill={(row) => setParam({ orgId: row.orgId })} />
          </Card>
          <Card
            size="small"
            title={t('endpointsUi.coverage.trend.title')}
            extra={
              <Segmented<'all' | 'centers'>
                size="small"
                value={trendScope}
                onChange={setTrendScope}
                options={[
                  { value: 'all', label: t('endpointsUi.coverage.trend.all') },
                  { value: 'centers', label: t('endpointsUi.coverage.trend.centers') },
                ]}
                aria-label={t('endpointsUi.coverage.trend.scope')}
              />
            }
          >
            {history.isError ? <ErrorNotice error={history.error} onRetry={() => void history.refetch()} /> : null}
            {history.data ? (
              <Suspense fallback={<Skeleton active />}>
                <CoverageTrendChart points={history.data.points} />
              </Suspense>
            ) : history.isPending ? (
              <Skeleton active />
            ) : null}
          </Card>
        </Flex>
      )}
    </>
  );
}
