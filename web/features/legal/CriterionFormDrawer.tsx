import { App, Button, Drawer, Flex, Form, Input, Select, Switch, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Condition, type UpdateCriterionBody } from '@shared/api/legal';
import { MAX_CONDITION_DEPTH, conditionDepth } from '@shared/domain/classification';
import { isApiError } from '../../lib/api';
import { applyServerFieldErrors } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { levelOptions } from '../systems/system-labels';
import { useUpdateCriterion, type LevelCriterion } from './api';

interface CriterionFormValues {
  level?: number;
  legalRef?: string;
  textVi?: string;
  textEn?: string;
  verified?: boolean;
  condition?: string;
}

type Checked = { ok: true; value: Condition } | { ok: false; message: string };

/** The condition as typed: valid JSON, an object, not too deep, and a well-formed predicate. */
export function parseCondition(text: string | undefined, t: TFunction): Checked {
  if (!text || text.trim() === '') return { ok: false, message: t('form.required') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: t('legalUi.criterion.invalidJson', { detail: error instanceof Error ? error.message : '' }) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: t('legalUi.criterion.conditionNotObject') };
  }
  if (conditionDepth(value) > MAX_CONDITION_DEPTH) {
    return { ok: false, message: t('legalUi.criterion.conditionTooDeep', { max: MAX_CONDITION_DEPTH }) };
  }
  // The same rules as the server: known answer fields, operators that fit them, values they can hold.
  const parsed = Condition.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    return { ok: false, message: t('legalUi.criterion.conditionInvalid', { path: where || '—' }) };
  }
  return { ok: true, value: parsed.data };
}

interface CriterionFormDrawerProps {
  criterion: LevelCriterion | null;
  onClose: () => void;
}

export function CriterionFormDrawer({ criterion, onClose }: CriterionFormDrawerProps) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={criterion !== null}
      onClose={onClose}
      title={criterion ? t('legalUi.criterion.editTitle', { code: criterion.code }) : ''}
      size={640}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {criterion ? <CriterionForm key={criterion.id} criterion={criterion} onDone={onClose} /> : null}
    </Drawer>
  );
}

function CriterionForm({ criterion, onDone }: { criterion: LevelCriterion; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CriterionFormValues>();
  const update = useUpdateCriterion();

  const submit = (values: CriterionFormValues) => {
    const condition = parseCondition(values.condition, t);
    const missing = (['legalRef', 'textVi', 'textEn'] as const).filter((k) => !values[k]?.trim());
    form.setFields(missing.map((k) => ({ name: k, errors: [t('form.required')] })));
    if (!condition.ok) form.setFields([{ name: 'condition', errors: [condition.message] }]);
    if (!condition.ok || missing.length > 0 || values.level === undefined) return;
    const body: UpdateCriterionBody = {
      level: values.level,
      legalRef: values.legalRef?.trim() ?? '',
      textVi: values.textVi?.trim() ?? '',
      textEn: values.textEn?.trim() ?? '',
      verified: values.verified ?? false,
      condition: condition.value,
    };
    update.mutate(
      { id: criterion.id, body },
      {
        onError: (error) => {
          applyServerFieldErrors(form, error);
          // A problem deep inside the condition (`condition.any.0.field`) is shown on the condition box.
          if (isApiError(error)) {
            const deep = Object.entries(error.fields).filter(([key]) => key.startsWith('condition.'));
            if (deep.length > 0) form.setFields([{ name: 'condition', errors: deep.map(([, m]) => m) }]);
          }
        },
        onSuccess: (saved) => {
          void message.success(t('legalUi.criterion.saved', { code: saved.code }));
          onDone();
        },
      },
    );
  };

  return (
    <Form<CriterionFormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      name="criterion-edit"
      initialValues={{
        level: criterion.level,
        legalRef: criterion.legalRef,
        textVi: criterion.textVi,
        textEn: criterion.textEn,
        verified: criterion.verified,
        condition: JSON.stringify(criterion.condition, null, 2),
      }}
    >
      {update.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorNotice error={update.error} />
        </div>
      ) : null}
      <Typography.Paragraph type="secondary">{t('legalUi.criterion.help')}</Typography.Paragraph>
      <Flex gap={12} wrap>
        <Form.Item name="level" label={t('legalUi.fields.level')} required style={{ width: 160 }}>
          <Select options={levelOptions(t)} />
        </Form.Item>
        <Form.Item name="legalRef" label={t('legalUi.fields.legalRef')} required style={{ flex: 1, minWidth: 220 }}>
          <Input maxLength={255} />
        </Form.Item>
      </Flex>
      <Form.Item name="textVi" label={t('legalUi.fields.textVi')} required>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Form.Item name="textEn" label={t('legalUi.fields.textEn')} required>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Form.Item name="verified" label={t('legalUi.fields.verified')} valuePropName="checked" extra={t('legalUi.criterion.verifiedHelp')}>
        <Switch />
      </Form.Item>
      <Form.Item name="condition" label={t('legalUi.fields.condition')} required extra={t('legalUi.criterion.conditionHelp')}>
        <Input.TextArea autoSize={{ minRows: 6, maxRows: 20 }} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} />
      </Form.Item>
      <Flex justify="flex-end" gap={8} style={{ marginTop: 24 }}>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}
