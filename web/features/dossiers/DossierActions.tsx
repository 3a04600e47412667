import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Select, Typography, type FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { TransitionBody, type Dossier } from '@shared/api/dossiers';
import type { DossierTransition } from '@shared/domain/dossiers';
import { isApiError } from '../../lib/api';
import { serverFieldPath, validateWith, type FieldError } from '../../lib/forms';
import { levelLabel, levelOptions } from '../systems/system-labels';
import { useEndorseDossier, useTransitionDossier } from './api';
import { DANGER_TRANSITIONS, NOTE_REQUIRED, PRIMARY_TRANSITIONS, transitionLabel } from './dossier-labels';

type Action = DossierTransition | 'endorse';

interface ActionValues {
  note?: string;
  opinion?: string;
  approvedLevel?: number;
  decisionNo?: string;
  decisionDate?: string;
  councilDecisionNo?: string;
  /** One member per line: "Họ tên; chức vụ; đơn vị". */
  councilMembers?: string;
}

/** The council's members as typed, one per line: name; title; organisation — each with its line (from 1). */
function parseMembers(text: string | undefined) {
  return (text ?? '')
    .split('\n')
    .map((text, i) => ({ parts: text.split(/[;|]/).map((part) => part.trim()), line: i + 1 }))
    .filter(({ parts: [name] }) => !!name)
    .map(({ parts: [name = '', title, org], line }) => ({ member: { name, title: title || null, org: org || null }, line }));
}

/**
 * The body's council (`council.decisionNo`, `council.members.1.name`…) is typed in two fields: its
 * errors, the browser's or the server's, go next to them, a member's with the line it is on.
 * Other errors keep their field.
 */
function showFieldErrors(form: FormInstance<ActionValues>, fields: FieldError[], t: TFunction): void {
  // Blank lines are skipped: member 2 may be on line 3.
  const lines = parseMembers(form.getFieldsValue().councilMembers).map((m) => m.line);
  const out = new Map<string, FieldError>();
  for (const field of fields) {
    const [head, part, line] = field.name;
    let { name, errors } = field;
    if (head === 'council') {
      name = part === 'decisionNo' ? ['councilDecisionNo'] : ['councilMembers'];
      if (part === 'members' && line === undefined) errors = [t('dossiersUi.council.size')];
      else if (part === 'members' && typeof line === 'number') errors = errors.map((message) => t('dossiersUi.council.lineError', { line: lines[line] ?? line + 1, message }));
    }
    const key = name.join('.');
    const seen = out.get(key);
    if (seen) seen.errors.push(...errors.filter((e) => !seen.errors.includes(e)));
    else out.set(key, { name, errors: [...errors] });
  }
  setFieldErrors(form, [...out.values()]);
}

/** antd types `setFields` by the form's own field names; these come from a schema's paths. */
function setFieldErrors(form: FormInstance, fields: FieldError[]): void {
  form.setFields(fields);
}

/** Today in Vietnam as `YYYY-MM-DD` (the default decision date). */
function todayVn(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
}

function blank(value: string | undefined): boolean {
  return !value || value.trim() === '';
}

/**
 * The steps the reader may take now — from the dossier's `can` map, never decided here — each behind
 * a confirmation that asks for what the step needs. The server's refusal (wrong step, missing
 * regulation…) is shown as it is worded.
 */
export function DossierActions({ dossier, hasUnsavedChanges }: { dossier: Dossier; hasUnsavedChanges: boolean }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<Action | null>(null);
  const actions: Action[] = [...dossier.can.transitions];
  // The head's endorsement comes before the officer sends: put it first.
  if (dossier.can.endorse) actions.unshift('endorse');
  if (actions.length === 0) return null;
  return (
    <>
      <Flex gap={8} wrap>
        {actions.map((a) => (
          <Button
            key={a}
            type={a === 'endorse' || PRIMARY_TRANSITIONS.includes(a) ? 'primary' : 'default'}
            danger={a !== 'endorse' && DANGER_TRANSITIONS.includes(a)}
            onClick={() => setAction(a)}
          >
            {a === 'endorse' ? t('dossiersUi.endorse.button') : transitionLabel(t, a)}
          </Button>
        ))}
      </Flex>
      {action ? (
        <ActionModal dossier={dossier} action={action} hasUnsavedChanges={hasUnsavedChanges} onClose={() => setAction(null)} />
      ) : null}
    </>
  );
}

function ActionModal({
  dossier,
  action,
  hasUnsavedChanges,
  onClose,
}: {
  dossier: Dossier;
  action: Action;
  hasUnsavedChanges: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionValues>();
  const transition = useTransitionDossier(dossier.id);
  const endorse = useEndorseDossier(dossier.id);
  const [error, setError] = useState<unknown>(null);
  const approvedLevel = Form.useWatch('approvedLevel', form);

  const isEndorse = action === 'endorse';
  const label = isEndorse ? t('dossiersUi.endorse.button') : transitionLabel(t, action);
  const hasCurrentComments = dossier.comments.some((c) => c.version === dossier.currentVersion);
  // Return for revision needs a note unless the appraiser already commented on sections (rules: commentsRequired).
  const noteRequired = !isEndorse && (NOTE_REQUIRED.includes(action) || (action === 'return_for_revision' && !hasCurrentComments));
  const blockedByUnsaved = hasUnsavedChanges && (action === 'submit' || action === 'endorse');
  const pending = transition.isPending || endorse.isPending;

  const done = (saved: Dossier) => {
    void message.success(t('dossiersUi.actionDone', { action: label, state: t(`dossierStates.${saved.state}`) }));
    onClose();
  };
  const failed = (e: unknown) => {
    setError(e);
    if (isApiError(e)) showFieldErrors(form, Object.entries(e.fields).map(([key, message]) => ({ name: serverFieldPath(key), errors: [message] })), t);
  };

  const onOk = async () => {
    setError(null);
    if (isEndorse) {
      endorse.mutate(undefined, { onSuccess: done, onError: failed });
      return;
    }
    const values = form.getFieldsValue();
    const missing: { name: keyof ActionValues; errors: string[] }[] = [];
    const need = (name: keyof ActionValues, isMissing: boolean) => {
      if (isMissing) missing.push({ name, errors: [t('form.required')] });
    };
    need('note', noteRequired && blank(values.note));
    if (action === 'appraise') need('opinion', blank(values.opinion));
    const withCouncil = action === 'appraise' && dossier.can.councilRequired;
    if (withCouncil) {
      need('councilDecisionNo', blank(values.councilDecisionNo));
      if (parseMembers(values.councilMembers).length < 3) missing.push({ name: 'councilMembers', errors: [t('dossiersUi.council.atLeastThree')] });
    }
    if (action === 'approve') {
      need('approvedLevel', values.approvedLevel === undefined || values.approvedLevel === null);
      need('decisionNo', blank(values.decisionNo));
      need('decisionDate', blank(values.decisionDate));
    }
    if (missing.length > 0) {
      form.setFields(missing);
      return;
    }
    const raw = {
      note: blank(values.note) ? undefined : values.note,
      opinion: action === 'appraise' ? values.opinion : undefined,
      council: withCouncil ? { decisionNo: values.councilDecisionNo, members: parseMembers(values.councilMembers).map((m) => m.member) } : undefined,
      ...(action === 'approve'
        ? { approvedLevel: values.approvedLevel, decisionNo: values.decisionNo, decisionDate: values.decisionDate }
        : {}),
    };
    const checked = validateWith(TransitionBody, raw, t);
    if (!checked.ok) {
      showFieldErrors(form, checked.fields, t);
      return;
    }
    transition.mutate({ transition: action, body: checked.data }, { onSuccess: done, onError: failed });
  };

  const noteLabel =
    action === 'reject'
      ? t('dossiersUi.modal.rejectReason')
      : action === 'return_incomplete' || action === 'return_for_revision'
        ? t('dossiersUi.modal.returnReason')
        : t('dossiersUi.modal.note');

  return (
    <Modal
      open
      title={label}
      okText={label}
      cancelText={t('common.cancel')}
      onOk={() => void onOk()}
      onCancel={onClose}
      confirmLoading={pending}
      okButtonProps={{ disabled: blockedByUnsaved, danger: !isEndorse && DANGER_TRANSITIONS.includes(action) }}
      destroyOnHidden
      maskClosable={false}
    >
      <Flex vertical gap={12}>
        <Typography.Paragraph style={{ margin: 0 }}>
          {t(isEndorse ? 'dossiersUi.endorse.confirm' : `dossiersUi.transitions.${action}.confirm`, {
            version: dossier.currentVersion,
            system: dossier.systemName,
          })}
        </Typography.Paragraph>
        {blockedByUnsaved ? <Alert type="warning" showIcon title={t('dossiersUi.modal.saveFirst')} /> : null}
        {action === 'submit' && dossier.missingSections.length > 0 ? (
          <Alert type="warning" showIcon title={t('dossiersUi.modal.stillMissing', { count: dossier.missingSections.length })} />
        ) : null}
        {action === 'return_for_revision' && hasCurrentComments ? (
          <Alert type="info" showIcon title={t('dossiersUi.modal.commentsGoBack', { count: dossier.comments.filter((c) => c.version === dossier.currentVersion).length })} />
        ) : null}
        {error ? (
          <Alert
            type="error"
            showIcon
            title={isApiError(error) ? error.message : t('common.unexpectedError')}
            description={
              isApiError(error) && Object.keys(error.fields).length > 0 ? Object.values(error.fields).join(' ') : undefined
            }
          />
        ) : null}
        {/* Always mounted, so `useWatch` has its form; the endorsement asks for nothing. */}
        {(
          <Form<ActionValues>
            form={form}
            layout="vertical"
            preserve={false}
            initialValues={action === 'approve' ? { approvedLevel: dossier.proposedLevel ?? undefined, decisionDate: todayVn() } : {}}
          >
            {action === 'appraise' ? (
              <Form.Item name="opinion" label={t('dossiersUi.modal.opinion')} required extra={t('dossiersUi.modal.opinionHelp')}>
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={4000} />
              </Form.Item>
            ) : null}
            {action === 'appraise' && dossier.can.councilRequired ? (
              <>
                <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('dossiersUi.council.why')} />
                <Form.Item name="councilDecisionNo" label={t('dossiersUi.council.decisionNo')} required>
                  <Input maxLength={64} placeholder={t('dossiersUi.council.decisionNoPlaceholder')} />
                </Form.Item>
                <Form.Item name="councilMembers" label={t('dossiersUi.council.members')} required extra={t('dossiersUi.council.membersHelp')}>
                  <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
                </Form.Item>
              </>
            ) : null}
            {action === 'approve' ? (
              <>
                <Form.Item name="approvedLevel" label={t('dossiersUi.modal.approvedLevel')} required>
                  <Select<number> options={levelOptions(t)} style={{ width: 200 }} />
                </Form.Item>
                {approvedLevel !== undefined && dossier.proposedLevel !== null && approvedLevel !== dossier.proposedLevel ? (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 16 }}
                    title={t('dossiersUi.modal.levelDiffers', {
                      approved: levelLabel(t, approvedLevel),
                      proposed: levelLabel(t, dossier.proposedLevel),
                    })}
                  />
                ) : null}
                <Form.Item name="decisionNo" label={t('dossiersUi.modal.decisionNo')} required>
                  <Input maxLength={64} placeholder={t('dossiersUi.modal.decisionNoPlaceholder')} />
                </Form.Item>
                <Form.Item name="decisionDate" label={t('dossiersUi.modal.decisionDate')} required>
                  <Input type="date" style={{ width: 200 }} />
                </Form.Item>
              </>
            ) : null}
            {isEndorse ? null : (
              <Form.Item name="note" label={noteLabel} required={noteRequired}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} />
              </Form.Item>
            )}
          </Form>
        )}
      </Flex>
    </Modal>
  );
}
