/**
 * The daily coverage history as lines (share of machines with the central anti-malware, with any
 * antivirus, with a licensed OS). Loaded lazily (CoveragePage imports it with React.lazy) so echarts
 * stays out of every other page; only the parts used are registered.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { CoverageHistory } from '@shared/api/endpoints';
import { formatDate } from '../../lib/format';
import { percent } from './endpoint-labels';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

let canvasSupport: boolean | undefined;
/** Whether the browser draws on a canvas (a test DOM does not): asked once. */
function canDraw(): boolean {
  if (canvasSupport === undefined) {
    try {
      canvasSupport = !!document.createElement('canvas').getContext('2d');
    } catch {
      canvasSupport = false;
    }
  }
  return canvasSupport;
}

const SERIES = [
  { key: 'centralAv', color: '#52c41a' },
  { key: 'anyAv', color: '#1677ff' },
  { key: 'licensedOs', color: '#722ed1' },
] as const;

export function CoverageTrendChart({ points }: { points: CoverageHistory['points'] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);

  const days = points.map((p) => formatDate(`${p.day}T12:00:00+07:00`));
  const series = SERIES.map((s) => ({ ...s, name: t(`endpointsUi.coverage.trend.${s.key}`), data: points.map((p) => percent(p[s.key], p.total)) }));
  const optionKey = JSON.stringify([days, series.map((s) => [s.name, s.data])]);
  const last = points.at(-1);
  const summary = last
    ? t('endpointsUi.coverage.trend.summary', {
        day: formatDate(`${last.day}T12:00:00+07:00`),
        centralAv: last.centralAv,
        anyAv: last.anyAv,
        licensedOs: last.licensedOs,
        total: last.total,
      })
    : t('endpointsUi.coverage.trend.empty');

  useEffect(() => {
    const el = ref.current;
    // Without a canvas the text alternative (aria-label) still tells the figures.
    if (!el || !canDraw()) return undefined;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.setOption({
      grid: { left: 44, right: 16, top: 40, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)}%` },
      legend: { top: 0 },
      xAxis: { type: 'category', data: days, boundaryGap: false },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: series.map((s) => ({ name: s.name, type: 'line', data: s.data, showSymbol: false, itemStyle: { color: s.color } })),
    });
    const resize = () => chart.resize();
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(resize);
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      chart.dispose();
    };
    // Rebuilt when the points or the language change (`optionKey` holds both).
  }, [optionKey]);

  return <div ref={ref} role="img" aria-label={summary} style={{ width: '100%', height: 280 }} />;
}
