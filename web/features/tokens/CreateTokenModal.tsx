import { useState } from 'react';
import { Alert, Button, Checkbox, Flex, Form, Input, InputNumber, Modal, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CreateTokenBody, TOKEN_ACTIONS, type CreatedToken } from '@shared/api/tokens';
import { applyServerFieldErrors, checkForm } from '../../lib/forms';
import { tokenActionLabel } from '../../lib/labels';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { OrgPicker } from '../orgs/OrgPicker';
import { useCreateToken } from './api';

interface CreateTokenModalProps {
  open: boolean;
  onClose: () => void;
}

export function CreateTokenModal({ open, onClose }: CreateTokenModalProps) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onCancel={onClose} title={t('tokens.createTitle')} footer={null} destroyOnHidden mask={{ closable: false }} width={560}>
      {open ? <CreateTokenForm onDone={onClose} /> : null}
    </Modal>
  );
}

interface TokenValues {
  name?: string;
  orgId?: string | null;
  actions?: string[];
  expiresInDays?: number | null;
  neverExpires?: boolean;
}

/** The secret of a new token, shown once: it cannot be read again afterwards. */
function CreatedSecret({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="success"
      title={t('tokens.createdTitle', { name: created.token.name })}
      subTitle={
        <Flex vertical gap={12} style={{ textAlign: 'left' }}>
          <Alert type="warning" showIcon title={t('tokens.secretOnce')} />
          <Typography.Paragraph code copyable style={{ wordBreak: 'break-all', fontSize: 14, margin: 0 }} data-testid="token-secret">
            {created.secret}
          </Typography.Paragraph>
        </Flex>
      }
      extra={
        <Button type="primary" onClick={onDone}>
          {t('tokens.secretSaved')}
        </Button>
      }
    />
  );
}

function CreateTokenForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TokenValues>();
  const create = useCreateToken();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const neverExpires = Form.useWatch('neverExpires', form);

  if (created) return <CreatedSecret created={created} onDone={onDone} />;

  const submit = (values: TokenValues) => {
    const body = checkForm(
      form,
      CreateTokenBody,
      {
        name: values.name,
        orgId: values.orgId,
        actions: values.actions ?? [],
        expiresInDays: values.neverExpires ? null : (values.expiresInDays ?? null),
      },
      t,
    );
    if (!body) return;
    create.mutate(body, { onError: (error) => applyServerFieldErrors(form, error), onSuccess: setCreated });
  };

  return (
    <Form<TokenValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      name="token-create"
      initialValues={{ expiresInDays: 365, actions: [], neverExpires: false }}
    >
      <Typography.Paragraph type="secondary">{t('tokens.createHelp')}</Typography.Paragraph>
      {create.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorNotice error={create.error} />
        </div>
      ) : null}
      <Form.Item name="name" label={t('tokens.fields.name')} required extra={t('tokens.nameHelp')}>
        <Input maxLength={255} />
      </Form.Item>
      <Form.Item name="orgId" label={t('tokens.fields.org')} required extra={t('tokens.orgHelp')}>
        <OrgPicker />
      </Form.Item>
      <Form.Item name="actions" label={t('tokens.fields.actions')} required>
        <Checkbox.Group
          style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          options={TOKEN_ACTIONS.map((action) => ({ value: action, label: tokenActionLabel(t, action) }))}
        />
      </Form.Item>
      <Flex gap={16} align="center" wrap>
        <Form.Item name="expiresInDays" label={t('tokens.fields.expiresInDays')}>
          <InputNumber min={1} max={3650} precision={0} disabled={neverExpires === true} suffix={t('tokens.days')} />
        </Form.Item>
        <Form.Item name="neverExpires" valuePropName="checked" label=" ">
          <Checkbox>{t('tokens.neverExpires')}</Checkbox>
        </Form.Item>
      </Flex>
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('tokens.createSubmit')}
        </Button>
      </Flex>
    </Form>
  );
}
