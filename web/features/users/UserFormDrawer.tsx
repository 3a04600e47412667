import { App, Button, Col, Divider, Drawer, Flex, Form, Input, Row, Select, Spin, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CreateUserBody, UpdateUserBody, type User } from '@shared/api/users';
import type { ItQualification, Role } from '@shared/domain/roles';
import { applyServerFieldErrors, blankToNull, checkForm } from '../../lib/forms';
import { itQualificationOptions, roleOptions } from '../../lib/labels';
import type { Locale } from '../../lib/i18n';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { OrgPicker } from '../orgs/OrgPicker';
import { useCreateUser, useUpdateUser, useUser } from './api';
import { PasswordInput } from './PasswordInput';
import { UserRolesEditor } from './UserRolesEditor';

export type UserFormTarget = { mode: 'create'; orgId: string | null } | { mode: 'edit'; userId: string };

interface UserFormValues {
  username?: string;
  fullName?: string;
  orgId?: string | null;
  email?: string | null;
  phone?: string | null;
  title?: string | null;
  itQualification?: ItQualification | null;
  locale?: Locale;
  password?: string;
  roles?: { role?: Role; orgId?: string | null }[];
}

const FORMAT_HINTS = { username: 'users.usernameFormat', phone: 'form.invalidPhone' };
const NULLABLE = ['email', 'phone', 'title', 'itQualification'];

interface UserFormDrawerProps {
  target: UserFormTarget | null;
  onClose: () => void;
}

export function UserFormDrawer({ target, onClose }: UserFormDrawerProps) {
  const { t } = useTranslation();
  const key = target?.mode === 'edit' ? `edit:${target.userId}` : 'create';
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      title={target?.mode === 'edit' ? t('users.editTitle') : t('users.createTitle')}
      size={640}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {target?.mode === 'create' ? <CreateUserForm key={key} orgId={target.orgId} onDone={onClose} /> : null}
      {target?.mode === 'edit' ? <EditUser key={key} userId={target.userId} onDone={onClose} /> : null}
    </Drawer>
  );
}

function ProfileFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="fullName" label={t('users.fields.fullName')} required>
        <Input maxLength={255} />
      </Form.Item>
      <Form.Item name="orgId" label={t('users.fields.org')} required extra={t('users.orgHelp')}>
        <OrgPicker />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="email" label={t('users.fields.email')}>
            <Input maxLength={254} inputMode="email" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="phone" label={t('users.fields.phone')}>
            <Input maxLength={32} inputMode="tel" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="title" label={t('users.fields.title')}>
        <Input maxLength={255} placeholder={t('users.titlePlaceholder')} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={14}>
          <Form.Item name="itQualification" label={t('users.fields.itQualification')} extra={t('users.itQualificationHelp')}>
            <Select options={itQualificationOptions(t)} allowClear placeholder={t('common.choose')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item name="locale" label={t('users.fields.locale')}>
            <Select
              options={[
                { value: 'vi', label: t('app.languages.vi') },
                { value: 'en', label: t('app.languages.en') },
              ]}
            />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

function CreateUserForm({ orgId, onDone }: { orgId: string | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFormValues>();
  const create = useCreateUser();

  const submit = (values: UserFormValues) => {
    const prepared = blankToNull(values, NULLABLE);
    prepared.roles = (values.roles ?? []).filter((r) => r.role || r.orgId);
    const body = checkForm(form, CreateUserBody, prepared, t, FORMAT_HINTS);
    if (!body) return;
    create.mutate(body, {
      onError: (error) => applyServerFieldErrors(form, error),
      onSuccess: (user) => {
        void message.success(t('users.created', { name: user.fullName }));
        onDone();
      },
    });
  };

  return (
    <Form<UserFormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      name="user-create"
      initialValues={{ orgId, locale: 'vi', roles: [] }}
    >
      {create.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorNotice error={create.error} />
        </div>
      ) : null}
      <Form.Item name="username" label={t('users.fields.username')} required extra={t('users.usernameHelp')}>
        <Input maxLength={64} autoComplete="off" />
      </Form.Item>
      <ProfileFields />
      <Form.Item name="password" label={t('users.fields.initialPassword')} required extra={t('users.initialPasswordHelp')}>
        <PasswordInput />
      </Form.Item>
      <Divider titlePlacement="start">{t('users.rolesTitle')}</Divider>
      <Typography.Paragraph type="secondary">{t('users.rolesHelp')}</Typography.Paragraph>
      <Form.List name="roles">
        {(fields, { add, remove }) => (
          <Flex vertical gap={4}>
            {fields.map((field) => (
              <Flex key={field.key} gap={8} align="flex-start">
                <Form.Item name={[field.name, 'role']} style={{ flex: 1, marginBottom: 8 }}>
                  <Select options={roleOptions(t)} placeholder={t('users.pickRole')} aria-label={t('users.pickRole')} />
                </Form.Item>
                <Form.Item name={[field.name, 'orgId']} style={{ flex: 1, marginBottom: 8 }}>
                  <OrgPicker />
                </Form.Item>
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  aria-label={t('common.remove')}
                  onClick={() => remove(field.name)}
                />
              </Flex>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ orgId: form.getFieldValue('orgId') ?? null })}
            >
              {t('users.addRole')}
            </Button>
          </Flex>
        )}
      </Form.List>
      <Flex justify="flex-end" gap={8} style={{ marginTop: 24 }}>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('users.createSubmit')}
        </Button>
      </Flex>
    </Form>
  );
}

function EditUser({ userId, onDone }: { userId: string; onDone: () => void }) {
  const user = useUser(userId);
  if (user.isPending) return <Spin style={{ display: 'block', margin: 24 }} />;
  if (user.error) return <ErrorNotice error={user.error} onRetry={() => void user.refetch()} />;
  return <EditUserForm user={user.data} onDone={onDone} />;
}

function EditUserForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFormValues>();
  const update = useUpdateUser();

  const submit = (values: UserFormValues) => {
    const body = checkForm(form, UpdateUserBody, blankToNull(values, NULLABLE), t, FORMAT_HINTS);
    if (!body) return;
    update.mutate(
      { id: user.id, body },
      {
        onError: (error) => applyServerFieldErrors(form, error),
        onSuccess: (saved) => {
          void message.success(t('users.updated', { name: saved.fullName }));
          onDone();
        },
      },
    );
  };

  return (
    <>
      <Form<UserFormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        name="user-edit"
        disabled={!user.can.update}
        initialValues={{
          fullName: user.fullName,
          orgId: user.orgId,
          email: user.email,
          phone: user.phone,
          title: user.title,
          itQualification: user.itQualification,
          locale: user.locale,
        }}
      >
        {update.error ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorNotice error={update.error} />
          </div>
        ) : null}
        <Form.Item label={t('users.fields.username')}>
          <Typography.Text code>{user.username}</Typography.Text>
        </Form.Item>
        <ProfileFields />
        {user.can.update ? (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onDone} disabled={false}>
              {t('common.cancel')}
            </Button>
            <Button type="primary" htmlType="submit" loading={update.isPending}>
              {t('common.save')}
            </Button>
          </Flex>
        ) : null}
      </Form>
      <Divider titlePlacement="start">{t('users.rolesTitle')}</Divider>
      <UserRolesEditor user={user} />
    </>
  );
}
