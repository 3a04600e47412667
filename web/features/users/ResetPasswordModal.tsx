import { useState } from 'react';
import { Alert, Button, Checkbox, Flex, Form, Modal, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ResetPasswordBody, type User } from '@shared/api/users';
import { applyServerFieldErrors, checkForm } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useResetPassword } from './api';
import { PasswordInput } from './PasswordInput';

interface ResetPasswordModalProps {
  user: User | null;
  onClose: () => void;
}

/** An administrator sets a new password (and, for a lost phone, clears two-factor authentication). */
export function ResetPasswordModal({ user, onClose }: ResetPasswordModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      open={user !== null}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
      title={user ? t('users.resetTitle', { name: user.fullName }) : ''}
    >
      {user ? <ResetPasswordForm key={user.id} user={user} onDone={onClose} /> : null}
    </Modal>
  );
}

interface ResetValues {
  newPassword?: string;
  resetTotp?: boolean;
}

function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ResetValues>();
  const reset = useResetPassword();
  const [done, setDone] = useState<{ password: string; resetTotp: boolean } | null>(null);

  if (done) {
    return (
      <Result
        status="success"
        title={t('users.resetDone')}
        subTitle={
          <Flex vertical gap={8}>
            <span>{t('users.resetDoneText', { username: user.username })}</span>
            <Typography.Text code copyable style={{ fontSize: 16 }}>
              {done.password}
            </Typography.Text>
            {done.resetTotp ? <span>{t('users.resetTotpDone')}</span> : null}
          </Flex>
        }
        extra={
          <Button type="primary" onClick={onDone}>
            {t('common.close')}
          </Button>
        }
      />
    );
  }

  const submit = (values: ResetValues) => {
    const body = checkForm(form, ResetPasswordBody, { ...values, resetTotp: values.resetTotp ?? false }, t);
    if (!body) return;
    reset.mutate(
      { id: user.id, body },
      {
        onError: (error) => applyServerFieldErrors(form, error),
        onSuccess: () => setDone({ password: body.newPassword, resetTotp: body.resetTotp }),
      },
    );
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} name="reset-password">
      <Alert type="info" showIcon title={t('users.resetHelp')} style={{ marginBottom: 16 }} />
      {reset.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorNotice error={reset.error} />
        </div>
      ) : null}
      <Form.Item name="newPassword" label={t('password.new')} required extra={t('password.rules')}>
        <PasswordInput />
      </Form.Item>
      {user.totpEnabled ? (
        <Form.Item name="resetTotp" valuePropName="checked" extra={t('users.resetTotpHelp')}>
          <Checkbox>{t('users.resetTotp')}</Checkbox>
        </Form.Item>
      ) : null}
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={reset.isPending}>
          {t('users.resetSubmit')}
        </Button>
      </Flex>
    </Form>
  );
}
