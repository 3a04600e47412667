import { Button, Form, Input, Space } from 'antd';
import type { UseMutationResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TotpCode, type SessionInfo } from '@shared/api/auth';
import { applyServerFieldErrors, checkForm } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';

interface TotpCodeFormProps {
  mutation: UseMutationResult<SessionInfo, Error, TotpCode>;
  submitLabel: string;
  onSuccess?: () => void;
}

interface TotpCodeValues {
  code?: string;
}

/** One 6-digit code from the authenticator app. */
export function TotpCodeForm({ mutation, submitLabel, onSuccess }: TotpCodeFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TotpCodeValues>();

  const submit = (values: TotpCodeValues) => {
    const body = checkForm(form, TotpCode, values, t, { code: 'form.invalidTotp' });
    if (!body) return;
    mutation.mutate(body, { onError: (error) => applyServerFieldErrors(form, error), onSuccess: () => onSuccess?.() });
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {mutation.error ? <ErrorNotice error={mutation.error} /> : null}
        <Form.Item name="code" label={t('totp.codeLabel')} extra={t('totp.codeHelp')}>
          <Input
            autoFocus
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            placeholder="123456"
            style={{ letterSpacing: '0.4em', fontSize: 20, textAlign: 'center' }}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="middle" loading={mutation.isPending}>
          {submitLabel}
        </Button>
      </Space>
    </Form>
  );
}
