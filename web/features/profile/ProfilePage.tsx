import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Flex, Form, Input, Modal, Row, Segmented, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { UpdateProfileBody } from '@shared/api/auth';
import { requiresMfa } from '@shared/domain/roles';
import { useChangeLocale } from '../../app/LanguageSwitch';
import { useSession } from '../../app/session';
import { applyServerFieldErrors, blankToNull, checkForm } from '../../lib/forms';
import { currentLocale, parseLocale, type Locale } from '../../lib/i18n';
import { itQualificationLabel, roleLabel } from '../../lib/labels';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { ChangePasswordForm } from '../auth/ChangePasswordForm';
import { TotpEnrollPanel } from '../auth/TotpEnrollPanel';
import { useUpdateProfile } from './api';

interface ProfileValues {
  fullName?: string;
  email?: string | null;
  phone?: string | null;
  title?: string | null;
}

function ProfileForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const [form] = Form.useForm<ProfileValues>();
  const update = useUpdateProfile();

  const submit = (values: ProfileValues) => {
    const body = checkForm(form, UpdateProfileBody, blankToNull(values, ['email', 'phone', 'title']), t, {
      phone: 'form.invalidPhone',
    });
    if (!body) return;
    update.mutate(body, {
      onError: (error) => applyServerFieldErrors(form, error),
      onSuccess: () => void message.success(t('profile.saved')),
    });
  };

  return (
    <Form<ProfileValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      name="profile"
      style={{ maxWidth: 480 }}
      initialValues={{ fullName: user.fullName, email: user.email, phone: user.phone, title: user.title }}
    >
      {update.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorNotice error={update.error} />
        </div>
      ) : null}
      <Form.Item name="fullName" label={t('users.fields.fullName')} required>
        <Input maxLength={255} />
      </Form.Item>
      <Form.Item name="email" label={t('users.fields.email')}>
        <Input maxLength={254} inputMode="email" />
      </Form.Item>
      <Form.Item name="phone" label={t('users.fields.phone')}>
        <Input maxLength={32} inputMode="tel" />
      </Form.Item>
      <Form.Item name="title" label={t('users.fields.title')}>
        <Input maxLength={255} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={update.isPending}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

function TwoFactorCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const [enrolling, setEnrolling] = useState(false);
  const required = requiresMfa(user.roles.map((r) => r.role));

  return (
    <Card title={t('profile.totpTitle')}>
      <Flex vertical gap={12} align="flex-start">
        {user.totpEnabled ? (
          <Tag color="green">{t('profile.totpOn')}</Tag>
        ) : (
          <Tag color="orange">{t('profile.totpOff')}</Tag>
        )}
        <Typography.Paragraph style={{ margin: 0 }}>
          {user.totpEnabled ? t('profile.totpOnText') : required ? t('profile.totpRequiredText') : t('profile.totpOffText')}
        </Typography.Paragraph>
        {!user.totpEnabled ? (
          <Button type="primary" onClick={() => setEnrolling(true)}>
            {t('profile.totpEnable')}
          </Button>
        ) : null}
      </Flex>
      <Modal
        open={enrolling}
        onCancel={() => setEnrolling(false)}
        title={t('profile.totpTitle')}
        footer={null}
        destroyOnHidden
        mask={{ closable: false }}
        width={560}
      >
        {enrolling ? (
          <TotpEnrollPanel
            userId={user.id}
            onEnabled={() => {
              setEnrolling(false);
              void message.success(t('profile.totpEnabledNow'));
            }}
          />
        ) : null}
      </Modal>
    </Card>
  );
}

/** The signed-in user's own details, password, language and two-factor authentication. */
export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const changeLocale = useChangeLocale();
  const language = parseLocale(i18n.language) ?? currentLocale();

  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.description')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Flex vertical gap={16}>
            <Card title={t('profile.detailsTitle')}>
              <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('users.fields.username')}>
                  <Typography.Text code>{user.username}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('users.fields.org')}>{user.orgName}</Descriptions.Item>
                <Descriptions.Item label={t('users.fields.itQualification')}>
                  {itQualificationLabel(t, user.itQualification)}
                </Descriptions.Item>
              </Descriptions>
              <ProfileForm />
            </Card>
            <Card title={t('profile.rolesTitle')}>
              {user.roles.length === 0 ? (
                <Typography.Text type="secondary">{t('home.noRoles')}</Typography.Text>
              ) : (
                <Flex vertical gap={6}>
                  {user.roles.map((r) => (
                    <span key={r.id}>
                      <Tag color="blue">{roleLabel(t, r.role)}</Tag>
                      {t('users.roleOn', { org: r.orgName })}
                    </span>
                  ))}
                </Flex>
              )}
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={12}>
          <Flex vertical gap={16}>
            <Card title={t('profile.languageTitle')}>
              <Flex vertical gap={8} align="flex-start">
                <Typography.Text type="secondary">{t('profile.languageHelp')}</Typography.Text>
                <Segmented<Locale>
                  value={language}
                  onChange={(locale) => void changeLocale(locale)}
                  options={[
                    { label: t('app.languages.vi'), value: 'vi' },
                    { label: t('app.languages.en'), value: 'en' },
                  ]}
                />
              </Flex>
            </Card>
            <TwoFactorCard />
            <Card title={t('profile.passwordTitle')}>
              <ChangePasswordForm />
            </Card>
          </Flex>
        </Col>
      </Row>
    </>
  );
}
