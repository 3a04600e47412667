import { Button, Card, Flex, Form, Input, List, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AttachmentSection, Dossier, DossierSections } from '@shared/api/dossiers';
import { SECURITY_PLAN_PARTS, type SecurityPlanPart } from '@shared/domain/dossiers';
import { missingLabel, planPartLabel, sectionLabel } from './dossier-labels';
import { AddCommentBox, SectionComments } from './SectionComments';
import { SectionAttachments } from './SectionAttachments';

type TextSection = Exclude<keyof DossierSections, 'security_plan'>;

/** Every item the regulation requires, in the order the dossier is written. */
function requiredItems(level: number | null): string[] {
  const items = ['overview', 'design', 'level_rationale', ...SECURITY_PLAN_PARTS.map((p) => `security_plan.${p}`)];
  // Decree 331 Art 21.5: levels 4–5 go with the specialised cyber-security unit's opinion.
  if (level !== null && level >= 4) items.push('specialised_opinion');
  return items;
}

/** What is written and what is still missing, ticked off from the server's `missingSections`. */
export function MissingChecklist({ dossier }: { dossier: Dossier }) {
  const { t } = useTranslation();
  const missing = new Set(dossier.missingSections);
  const items = requiredItems(dossier.proposedLevel);
  return (
    <Card size="small" title={t('dossiersUi.checklist.title')} data-testid="dossier-checklist">
      <Typography.Paragraph type={missing.size > 0 ? 'warning' : 'success'} style={{ marginTop: 0 }}>
        {missing.size > 0 ? t('dossiersUi.checklist.missing', { count: missing.size }) : t('dossiersUi.checklist.complete')}
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={items}
        renderItem={(key) => (
          <List.Item style={{ padding: '2px 0', border: 0 }}>
            <Flex gap={6} align="flex-start">
              {missing.has(key) ? (
                <CloseCircleFilled style={{ color: '#dc2626', marginTop: 4 }} aria-label={t('dossiersUi.checklist.missingItem')} />
              ) : (
                <CheckCircleFilled style={{ color: '#16a34a', marginTop: 4 }} aria-label={t('dossiersUi.checklist.doneItem')} />
              )}
              <span>{missingLabel(t, key)}</span>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

interface EditorProps {
  dossier: Dossier;
  /** What is shown in the text areas: the unsaved edits, or the saved content. */
  sections: DossierSections;
  onChange: (next: DossierSections) => void;
  /** The server's field errors, keyed `sections.overview`, `sections.security_plan.risk`… */
  fieldErrors: Record<string, string>;
  isDirty: boolean;
  isSaving: boolean;
  onSave: () => void;
}

/**
 * The written sections of the current version, one card each, with the appraisers' comments on the
 * section they concern, its attachments and (for appraisers) a box to comment. Editable while the
 * dossier is with its unit; read-only otherwise.
 */
export function DossierSectionsEditor({ dossier, sections, onChange, fieldErrors, isDirty, isSaving, onSave }: EditorProps) {
  const { t } = useTranslation();
  const canEdit = dossier.can.edit;
  const current = dossier.attachments.filter((a) => a.version === dossier.currentVersion);
  const showOpinion =
    (dossier.proposedLevel ?? 0) >= 4 ||
    !!sections.specialised_opinion ||
    current.some((a) => a.section === 'specialised_opinion');

  const textField = (key: TextSection) => `sections.${key}`;
  const planField = (part: SecurityPlanPart) => `sections.security_plan.${part}`;

  const textArea = (id: string, label: string, value: string | undefined, set: (v: string) => void, error: string | undefined, help?: string) => (
    <Form.Item
      key={id}
      label={label}
      htmlFor={id}
      validateStatus={error ? 'error' : undefined}
      help={error ?? help}
      style={{ marginBottom: 12 }}
    >
      {canEdit ? (
        <Input.TextArea id={id} value={value ?? ''} onChange={(e) => set(e.target.value)} autoSize={{ minRows: 3, maxRows: 20 }} maxLength={20_000} />
      ) : (
        <Typography.Paragraph id={id} style={{ whiteSpace: 'pre-wrap', margin: 0 }} type={value ? undefined : 'secondary'}>
          {value || t('dossiersUi.sections.empty')}
        </Typography.Paragraph>
      )}
    </Form.Item>
  );

  const sectionCard = (section: AttachmentSection, body: React.ReactNode) => (
    <Card
      key={section}
      id={`section-${section}`}
      data-testid={`section-${section}`}
      title={sectionLabel(t, section)}
      size="small"
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t(`dossiersUi.sections.${section}.hint`)}
      </Typography.Paragraph>
      <SectionComments comments={dossier.comments.filter((c) => c.section === section)} />
      {body}
      <SectionAttachments
        dossierId={dossier.id}
        section={section}
        attachments={current.filter((a) => a.section === section)}
        canEdit={canEdit}
      />
      {dossier.can.comment ? <AddCommentBox dossierId={dossier.id} section={section} /> : null}
    </Card>
  );

  const text = (key: TextSection) =>
    sectionCard(
      key,
      textArea(
        `dossier-${key}`,
        sectionLabel(t, key),
        sections[key],
        (v) => onChange({ ...sections, [key]: v }),
        fieldErrors[textField(key)],
      ),
    );

  const saveBar = canEdit ? (
    <Flex gap={8} align="center" wrap>
      <Button type="primary" icon={<SaveOutlined />} loading={isSaving} disabled={!isDirty} onClick={onSave}>
        {t('dossiersUi.save')}
      </Button>
      <Typography.Text type={isDirty ? 'warning' : 'secondary'}>
        {isDirty ? t('dossiersUi.unsaved') : t('dossiersUi.saved')}
      </Typography.Text>
    </Flex>
  ) : null;

  return (
    <Form layout="vertical" component={false}>
      <Flex vertical gap={16}>
        {saveBar}
        {text('overview')}
        {text('design')}
        {text('level_rationale')}
        {sectionCard(
          'security_plan',
          SECURITY_PLAN_PARTS.map((part, i) =>
            textArea(
              `dossier-security_plan-${part}`,
              `${i + 1}. ${planPartLabel(t, part)}`,
              sections.security_plan?.[part],
              (v) => onChange({ ...sections, security_plan: { ...sections.security_plan, [part]: v } }),
              fieldErrors[planField(part)],
              t(`dossiersUi.planHints.${part}`),
            ),
          ),
        )}
        {showOpinion ? text('specialised_opinion') : null}
        {canEdit || dossier.can.comment || current.some((a) => a.section === 'other') || dossier.comments.some((c) => c.section === 'other')
          ? sectionCard('other', null)
          : null}
        {saveBar}
      </Flex>
    </Form>
  );
}
