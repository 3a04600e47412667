import { Suspense, lazy } from 'react';
import { Button, Flex, Form, Input, Space, Spin } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { LoginBody } from '@shared/api/auth';
import { useSessionQuery } from '../../app/session';
import { applyServerFieldErrors } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FullPageSpinner } from '../../ui/FullPageSpinner';
import { useLogin, useLogout, useVerifyTotp } from './api';
import { AuthCard, AuthHeading, AuthText } from './AuthCard';
import { TotpCodeForm } from './TotpCodeForm';

// Only users who must set up two-factor see this step: loaded on demand to keep the first page small.
const TotpEnrollPanel = lazy(async () => ({ default: (await import('./TotpEnrollPanel')).TotpEnrollPanel }));

/** Where to go after signing in: the page that sent the user here, if it was one of ours. */
export function returnPath(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const from = state.from;
    if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login')) {
      return from;
    }
  }
  return '/';
}

function PasswordStep() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginBody>();
  const login = useLogin();

  const submit = (values: LoginBody) => {
    login.mutate(values, { onError: (error) => applyServerFieldErrors(form, error) });
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} name="login">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <AuthHeading>{t('login.title')}</AuthHeading>
        {login.error ? <ErrorNotice error={login.error} /> : null}
        <Form.Item
          name="username"
          label={t('login.username')}
          rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="middle" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="middle" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="middle" loading={login.isPending}>
          {t('login.submit')}
        </Button>
        <AuthText secondary>{t('login.forgotHint')}</AuthText>
      </Space>
    </Form>
  );
}

function OtherAccountLink() {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <Flex justify="center" style={{ marginTop: 16 }}>
      <Button type="link" onClick={() => logout.mutate()} loading={logout.isPending}>
        {t('login.otherAccount')}
      </Button>
    </Flex>
  );
}

function VerifyStep() {
  const { t } = useTranslation();
  const verify = useVerifyTotp();
  return (
    <>
      <AuthHeading>{t('login.verifyTitle')}</AuthHeading>
      <AuthText>{t('login.verifyText')}</AuthText>
      <TotpCodeForm mutation={verify} submitLabel={t('login.verifySubmit')} />
      <OtherAccountLink />
    </>
  );
}

function EnrollStep({ userId }: { userId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <AuthHeading>{t('login.enrollTitle')}</AuthHeading>
      <AuthText>{t('login.enrollText')}</AuthText>
      <Suspense fallback={<Spin style={{ display: 'block', margin: 24 }} />}>
        <TotpEnrollPanel userId={userId} />
      </Suspense>
      <OtherAccountLink />
    </>
  );
}

/**
 * Sign-in in up to three steps, driven by the session's `mfa` state so that a reload in the middle
 * resumes at the same step: password → (TOTP code | TOTP set-up) → the app.
 */
export function LoginPage() {
  const { data: session, isPending, error } = useSessionQuery();
  const location = useLocation();

  if (isPending) return <FullPageSpinner />;
  if (session?.mfa === 'none') {
    return <Navigate to={session.user.mustChangePassword ? '/change-password' : returnPath(location.state)} replace />;
  }
  return (
    <AuthCard wide={session?.mfa === 'enroll'}>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorNotice error={error} />
        </div>
      ) : null}
      {session?.mfa === 'verify' ? (
        <VerifyStep />
      ) : session?.mfa === 'enroll' ? (
        <EnrollStep userId={session.user.id} />
      ) : (
        <PasswordStep />
      )}
    </AuthCard>
  );
}
