import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DossierState } from '@shared/domain/dossiers';
import { STATE_COLORS, stateLabel } from './dossier-labels';

export function DossierStateTag({ state }: { state: DossierState }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLORS[state]}>{stateLabel(t, state)}</Tag>;
}

/** A due date, with a red "quá hạn" tag when the running clock or the directive's deadline has passed. */
export function DueDate({ value, isOverdue }: { value: string | null; isOverdue?: boolean }) {
  const { t } = useTranslation();
  if (!value) return null;
  const [y, m, d] = value.split('-');
  return (
    <span>
      {`${d}/${m}/${y}`}
      {isOverdue ? (
        <Tag color="red" style={{ marginLeft: 6 }}>
          {t('dossiersUi.overdue')}
        </Tag>
      ) : null}
    </span>
  );
}
