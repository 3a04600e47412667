/**
 * Systems by proposed and by approved level as a bar chart. Loaded lazily (FiguresPage imports it
 * with React.lazy) so echarts stays out of every other page; only the parts used are registered.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { LEVEL_KEYS, type LevelCounts, type LevelKey } from '@shared/api/figures';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

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

export interface LevelChartProps {
  byProposedLevel: LevelCounts;
  byApprovedLevel: LevelCounts;
  onPick?: (metric: 'proposedLevel' | 'approvedLevel', level: LevelKey) => void;
}

export function LevelChart({ byProposedLevel, byApprovedLevel, onPick }: LevelChartProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  const categories = LEVEL_KEYS.map((l) => (l === 'none' ? t('figures.chart.none') : t('figures.chart.levelN', { level: l })));
  const proposed = LEVEL_KEYS.map((l) => byProposedLevel[l]);
  const approved = LEVEL_KEYS.map((l) => byApprovedLevel[l]);
  const optionKey = JSON.stringify([proposed, approved, categories, t('figures.chart.proposed'), t('figures.chart.approved')]);
  const details = categories.map((c, i) => `${c}: ${proposed[i] ?? 0} / ${approved[i] ?? 0}`).join('; ');

  useEffect(() => {
    const el = ref.current;
    // Without a canvas the text alternative (aria-label) still tells the figures.
    if (!el || !canDraw()) return undefined;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.setOption({
      grid: { left: 40, right: 16, top: 40, bottom: 32 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('figures.chart.proposed'), type: 'bar', data: proposed, itemStyle: { color: '#5b8ff9' } },
        { name: t('figures.chart.approved'), type: 'bar', data: approved, itemStyle: { color: '#52c41a' } },
      ],
    });
    chart.on('click', (p) => {
      const level = LEVEL_KEYS[p.dataIndex];
      if (level) pick.current?.(p.seriesIndex === 1 ? 'approvedLevel' : 'proposedLevel', level);
    });
    const resize = () => chart.resize();
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(resize);
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      chart.dispose();
    };
    // Rebuilt when the counts or the language change (`optionKey` holds both).
  }, [optionKey]);

  return <div ref={ref} role="img" aria-label={t('figures.chart.summary', { details })} style={{ width: '100%', height: 280 }} />;
}
