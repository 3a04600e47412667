import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { UpdateDossierBody, type Dossier } from '@shared/api/dossiers';
import { useCan } from '../../app/session';
import { isApiError } from '../../lib/api';
import { applyServerFieldErrors, blankToNull, checkForm } from '../../lib/forms';
import { formatDate } from '../../lib/format';
import { useUpdateDossier } from './api';

interface Values {
  regulationNo?: string;
  regulationIssuedOn?: string;
  directiveDueOn?: string;
}

const CLOSED = ['approved', 'rejected', 'withdrawn'];

/**
 * The system's internal security regulation (quy chế), which must be issued before approval
 * (Circular 12/2022 Art 9.7; Decree 331 Art 30.6), and the directive's deadline for the dossier.
 * The unit may record the regulation at any step before the decision, not only while editing.
 */
export function RegulationCard({ dossier }: { dossier: Dossier }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const update = useUpdateDossier(dossier.id);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  // The server has no separate flag for this: it allows the regulation-only edit to preparers before the decision.
  const canEditRegulation = dossier.can.edit || (can('dossier.prepare') && !CLOSED.includes(dossier.state));

  if (!canEditRegulation) {
    return (
      <Card size="small" title={t('dossiersUi.regulation.title')}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'no', label: t('dossiersUi.regulation.no'), children: dossier.regulationNo ?? t('common.none') },
            { key: 'on', label: t('dossiersUi.regulation.issuedOn'), children: dossier.regulationIssuedOn ? formatDate(dossier.regulationIssuedOn) : t('common.none') },
          ]}
        />
      </Card>
    );
  }

  const onFinish = (values: Values) => {
    const raw = blankToNull(
      {
        regulationNo: values.regulationNo,
        regulationIssuedOn: values.regulationIssuedOn,
        // Only with the content: outside editing, the server accepts the regulation alone.
        ...(dossier.can.edit ? { directiveDueOn: values.directiveDueOn } : {}),
      },
      ['regulationNo', 'regulationIssuedOn', ...(dossier.can.edit ? ['directiveDueOn'] : [])],
    );
    const body = checkForm(form, UpdateDossierBody, raw, t);
    if (!body) return;
    setError(null);
    update.mutate(body, {
      onSuccess: () => void message.success(t('dossiersUi.regulation.saved')),
      onError: (e) => {
        setError(e);
        applyServerFieldErrors(form, e);
      },
    });
  };

  return (
    <Card size="small" title={t('dossiersUi.regulation.title')}>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          regulationNo: dossier.regulationNo ?? '',
          regulationIssuedOn: dossier.regulationIssuedOn ?? '',
          directiveDueOn: dossier.directiveDueOn ?? '',
        }}
      >
        <Form.Item name="regulationNo" label={t('dossiersUi.regulation.no')} extra={t('dossiersUi.regulation.help')}>
          <Input maxLength={64} placeholder={t('dossiersUi.regulation.noPlaceholder')} />
        </Form.Item>
        <Form.Item name="regulationIssuedOn" label={t('dossiersUi.regulation.issuedOn')}>
          <Input type="date" />
        </Form.Item>
        {dossier.can.edit ? (
          <Form.Item name="directiveDueOn" label={t('dossiersUi.fields.directiveDueOn')}>
            <Input type="date" />
          </Form.Item>
        ) : null}
        {error && !(isApiError(error) && Object.keys(error.fields).length > 0) ? (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={isApiError(error) ? error.message : t('common.unexpectedError')} />
        ) : null}
        <Button htmlType="submit" loading={update.isPending}>
          {t('dossiersUi.regulation.save')}
        </Button>
      </Form>
    </Card>
  );
}
