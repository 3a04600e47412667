import { Flex, Input, Radio, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AssessmentItem, ItemUpdate } from '@shared/api/assessments';
import { ITEM_STATUSES, type ItemStatus } from '@shared/domain/assessments';
import { formatDate } from '../../lib/format';
import { EvidenceFiles } from './EvidenceFiles';

export const STATUS_COLORS: Record<ItemStatus, string> = { met: 'green', partial: 'gold', not_met: 'red', not_applicable: 'default' };

/** One requirement of the checklist: its text and reference, the status, a note, remediation and evidence. */
export function ChecklistItem({
  assessmentId,
  item,
  edit,
  canEdit,
  onChange,
}: {
  assessmentId: string;
  item: AssessmentItem;
  /** The unsaved changes of this item, if any. */
  edit: ItemUpdate | undefined;
  canEdit: boolean;
  onChange: (patch: Omit<ItemUpdate, 'requirementId'>) => void;
}) {
  const { t } = useTranslation();
  const status = edit?.status !== undefined ? edit.status : item.status;
  const note = edit?.note !== undefined ? edit.note : item.note;
  const remediation = edit?.remediation !== undefined ? edit.remediation : item.remediation;
  const remediationDue = edit?.remediationDue !== undefined ? edit.remediationDue : item.remediationDue;
  const needsRemediation = status === 'partial' || status === 'not_met';
  const label = `${item.code} ${item.text}`;
  return (
    <Flex vertical gap={6} data-testid={`item-${item.code}`} style={{ padding: '10px 0', borderBottom: '1px solid rgba(5,5,5,0.06)' }}>
      <Flex gap={8} align="baseline" wrap>
        <Typography.Text strong>{item.code}</Typography.Text>
        <Typography.Text style={{ flex: 1, minWidth: 240 }}>{item.text}</Typography.Text>
      </Flex>
      <Flex gap={8} align="center" wrap>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.legalRef}
        </Typography.Text>
        {item.verified ? null : <Tag color="orange">{t('assessmentsUi.unverified')}</Tag>}
      </Flex>
      {canEdit ? (
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          size="small"
          value={status}
          aria-label={t('assessmentsUi.statusFor', { requirement: label })}
          onChange={(e) => {
            const next = ITEM_STATUSES.find((s) => s === e.target.value);
            if (next) onChange({ status: next });
          }}
          options={ITEM_STATUSES.map((s) => ({ value: s, label: t(`assessments.status.${s}`) }))}
        />
      ) : status ? (
        <div>
          <Tag color={STATUS_COLORS[status]}>{t(`assessments.status.${status}`)}</Tag>
        </div>
      ) : (
        <Typography.Text type="secondary">{t('assessmentsUi.unanswered')}</Typography.Text>
      )}
      {canEdit ? (
        <Input.TextArea
          autoSize={{ minRows: 1, maxRows: 4 }}
          maxLength={2000}
          placeholder={t('assessmentsUi.notePlaceholder')}
          aria-label={t('assessmentsUi.noteFor', { requirement: item.code })}
          value={note ?? ''}
          onChange={(e) => onChange({ note: e.target.value })}
        />
      ) : note ? (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{note}</Typography.Paragraph>
      ) : null}
      {needsRemediation && canEdit ? (
        <Flex gap={8} wrap>
          <Input
            style={{ flex: 1, minWidth: 240 }}
            maxLength={2000}
            placeholder={t('assessmentsUi.remediationPlaceholder')}
            aria-label={t('assessmentsUi.remediationFor', { requirement: item.code })}
            value={remediation ?? ''}
            onChange={(e) => onChange({ remediation: e.target.value })}
          />
          <Input
            type="date"
            style={{ width: 170 }}
            aria-label={t('assessmentsUi.remediationDueFor', { requirement: item.code })}
            value={remediationDue ?? ''}
            onChange={(e) => onChange({ remediationDue: e.target.value || null })}
          />
        </Flex>
      ) : remediation ? (
        <Typography.Text type="secondary">
          {t('assessmentsUi.remediation')}: {remediation}
          {remediationDue ? ` — ${t('assessmentsUi.by', { date: formatDate(remediationDue) })}` : ''}
        </Typography.Text>
      ) : null}
      <EvidenceFiles assessmentId={assessmentId} requirementId={item.requirementId} files={item.evidence} canEdit={canEdit} label={item.code} />
    </Flex>
  );
}
