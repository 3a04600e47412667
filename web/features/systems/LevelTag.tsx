import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { LEVEL_COLORS, levelLabel } from './system-labels';

/** A security level as a coloured tag; `null` reads "not classified yet". */
export function LevelTag({ level, emptyText }: { level: number | null | undefined; emptyText?: string }) {
  const { t } = useTranslation();
  if (level === null || level === undefined) return <Tag>{emptyText ?? t('systemsUi.notClassified')}</Tag>;
  return <Tag color={LEVEL_COLORS[level] ?? 'default'}>{levelLabel(t, level)}</Tag>;
}
