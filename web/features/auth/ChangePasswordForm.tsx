import { App, Button, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ChangePasswordBody } from '@shared/api/auth';
import { applyServerFieldErrors, checkForm } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useChangePassword } from './api';

interface ChangePasswordValues {
  currentPassword?: string;
  newPassword?: string;
  confirmPassword?: string;
}

/** Current password, new password twice; used by the forced first change and by the profile page. */
export function ChangePasswordForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangePasswordValues>();
  const change = useChangePassword();

  const submit = (values: ChangePasswordValues) => {
    const body = checkForm(form, ChangePasswordBody, values, t);
    if (!body) return;
    if (values.confirmPassword !== values.newPassword) {
      form.setFields([{ name: 'confirmPassword', errors: [t('password.mismatch')] }]);
      return;
    }
    change.mutate(body, {
      onSuccess: () => {
        form.resetFields();
        void message.success(t('password.changed'));
      },
      onError: (error) => applyServerFieldErrors(form, error),
    });
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 420 }} name="change-password">
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        {change.error ? <ErrorNotice error={change.error} /> : null}
        <Form.Item name="currentPassword" label={t('password.current')} required>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} required extra={t('password.rules')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirmPassword" label={t('password.confirm')} required>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('password.submit')}
        </Button>
      </Space>
    </Form>
  );
}
