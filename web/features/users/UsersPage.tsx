import { useState } from 'react';
import { App, Button, Card, Checkbox, Flex, Input, Popconfirm, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { User } from '@shared/api/users';
import { ROLES, type Role } from '@shared/domain/roles';
import { useCan } from '../../app/session';
import { formatDateTime, isFuture } from '../../lib/format';
import { roleLabel, roleOptions } from '../../lib/labels';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { OrgPicker } from '../orgs/OrgPicker';
import { useUnlockUser, useUpdateUser, useUserList } from './api';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFormDrawer, type UserFormTarget } from './UserFormDrawer';

const PAGE_SIZE = 20;

function parseRole(value: string | null): Role | undefined {
  return ROLES.find((r) => r === value);
}

function parsePage(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

function UserStatus({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} wrap>
      {user.disabled ? <Tag color="default">{t('users.status.disabled')}</Tag> : <Tag color="green">{t('users.status.active')}</Tag>}
      {isFuture(user.lockedUntil) ? (
        <Tag color="orange">{t('users.status.lockedUntil', { time: formatDateTime(user.lockedUntil) })}</Tag>
      ) : null}
      {user.totpEnabled ? <Tag color="blue">{t('users.status.totp')}</Tag> : null}
    </Flex>
  );
}

function UserActions({ user, onEdit, onReset }: { user: User; onEdit: () => void; onReset: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateUser();
  const unlock = useUnlockUser();
  const showError = (error: unknown) =>
    void message.error(error instanceof Error ? error.message : t('common.unexpectedError'));

  return (
    <Flex gap={0} wrap>
      <Button type="link" size="small" onClick={onEdit}>
        {user.can.update || user.can.manageRoles ? t('common.edit') : t('common.view')}
      </Button>
      {user.can.resetPassword ? (
        <Button type="link" size="small" onClick={onReset}>
          {t('users.resetPassword')}
        </Button>
      ) : null}
      {user.can.update && isFuture(user.lockedUntil) ? (
        <Button
          type="link"
          size="small"
          loading={unlock.isPending}
          onClick={() =>
            unlock.mutate(user.id, {
              onSuccess: () => void message.success(t('users.unlocked', { name: user.fullName })),
              onError: showError,
            })
          }
        >
          {t('users.unlock')}
        </Button>
      ) : null}
      {user.can.update ? (
        <Popconfirm
          title={user.disabled ? t('users.enableConfirm', { name: user.fullName }) : t('users.disableConfirm', { name: user.fullName })}
          description={user.disabled ? undefined : t('users.disableHelp')}
          okText={user.disabled ? t('users.enable') : t('users.disable')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: !user.disabled }}
          onConfirm={() =>
            update.mutateAsync({ id: user.id, body: { disabled: !user.disabled } }).then(
              (saved) =>
                void message.success(
                  saved.disabled ? t('users.disabled', { name: saved.fullName }) : t('users.enabled', { name: saved.fullName }),
                ),
              showError,
            )
          }
        >
          <Button type="link" size="small" danger={!user.disabled}>
            {user.disabled ? t('users.enable') : t('users.disable')}
          </Button>
        </Popconfirm>
      ) : null}
    </Flex>
  );
}

/** User accounts of the organisations in the caller's scope. Filters live in the URL. */
export function UsersPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [formTarget, setFormTarget] = useState<UserFormTarget | null>(null);
  const [resetUser, setResetUser] = useState<User | null>(null);
  const [qInput, setQInput] = useState(params.get('q') ?? '');

  const q = params.get('q') ?? undefined;
  const orgId = params.get('orgId') ?? undefined;
  const subtree = params.get('subtree') === 'true';
  const role = parseRole(params.get('role'));
  const page = parsePage(params.get('page'));

  const list = useUserList({
    q,
    orgId,
    subtree: orgId && subtree ? 'true' : undefined,
    role,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });

  /** Changing a filter goes back to page 1. */
  const setFilter = (changes: Record<string, string | null | undefined>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      if (!('page' in changes)) next.delete('page');
      return next;
    });

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        extra={
          can('user.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', orgId: orgId ?? null })}>
              {t('users.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            onSearch={(value) => setFilter({ q: value.trim() || null })}
            placeholder={t('users.searchPlaceholder')}
            aria-label={t('users.searchPlaceholder')}
            style={{ width: 260 }}
          />
          <OrgPicker
            value={orgId ?? null}
            onChange={(value) => setFilter({ orgId: value })}
            allowClear
            placeholder={t('users.filterOrg')}
            style={{ width: 280 }}
          />
          <Checkbox checked={subtree} disabled={!orgId} onChange={(e) => setFilter({ subtree: e.target.checked ? 'true' : null })}>
            {t('users.includeSubtree')}
          </Checkbox>
          <Select<Role>
            allowClear
            value={role}
            onChange={(value) => setFilter({ role: value ?? null })}
            options={roleOptions(t)}
            placeholder={t('users.filterRole')}
            aria-label={t('users.filterRole')}
            style={{ width: 240 }}
          />
        </Flex>
        {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<User>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.totalItems', { total }),
            onChange: (next) => setFilter({ page: next > 1 ? String(next) : null }),
          }}
          locale={{ emptyText: t('users.empty') }}
          columns={[
            {
              title: t('users.fields.fullName'),
              key: 'name',
              render: (_, u) => (
                <Flex vertical>
                  <Typography.Text strong>{u.fullName}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {u.username}
                    {u.title ? ` · ${u.title}` : ''}
                  </Typography.Text>
                </Flex>
              ),
            },
            { title: t('users.fields.org'), dataIndex: 'orgName' },
            {
              title: t('users.fields.roles'),
              key: 'roles',
              render: (_, u) => (
                <Flex gap={4} wrap>
                  {u.roles.map((r) => (
                    <Tooltip key={r.id} title={r.orgName}>
                      <Tag>{`${roleLabel(t, r.role)} · ${r.orgCode}`}</Tag>
                    </Tooltip>
                  ))}
                </Flex>
              ),
            },
            { title: t('users.fields.status'), key: 'status', render: (_, u) => <UserStatus user={u} /> },
            {
              title: t('users.fields.lastLoginAt'),
              dataIndex: 'lastLoginAt',
              render: (value: string | null) => (value ? formatDateTime(value) : t('users.neverLoggedIn')),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, u) => (
                <UserActions
                  user={u}
                  onEdit={() => setFormTarget({ mode: 'edit', userId: u.id })}
                  onReset={() => setResetUser(u)}
                />
              ),
            },
          ]}
        />
      </Card>
      <UserFormDrawer target={formTarget} onClose={() => setFormTarget(null)} />
      <ResetPasswordModal user={resetUser} onClose={() => setResetUser(null)} />
    </>
  );
}
