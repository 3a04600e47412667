import { useState } from 'react';
import { App, Button, Empty, Flex, Popconfirm, Select, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { User } from '@shared/api/users';
import type { Role } from '@shared/domain/roles';
import { roleLabel, roleOptions } from '../../lib/labels';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { OrgPicker } from '../orgs/OrgPicker';
import { useAddRole, useRemoveRole } from './api';

/** A user's role assignments: each role is held on one organisation and covers its whole subtree. */
export function UserRolesEditor({ user }: { user: User }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = useAddRole();
  const remove = useRemoveRole();
  const [role, setRole] = useState<Role | null>(null);
  const [orgId, setOrgId] = useState<string | null>(user.orgId);
  const editable = user.can.manageRoles;

  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('users.rolesHelp')}
      </Typography.Paragraph>
      {user.roles.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.noRoles')} />
      ) : (
        <Flex vertical gap={6}>
          {user.roles.map((r) => (
            <Flex key={r.id} justify="space-between" align="center" gap={8}>
              <span>
                <Tag color="blue">{roleLabel(t, r.role)}</Tag>
                {t('users.roleOn', { org: r.orgName })}
              </span>
              {editable ? (
                <Popconfirm
                  title={t('users.removeRoleConfirm', { role: roleLabel(t, r.role), org: r.orgName })}
                  okText={t('common.remove')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() =>
                    remove.mutateAsync({ id: user.id, assignmentId: r.id }).then(
                      () => void message.success(t('users.roleRemoved')),
                      () => undefined,
                    )
                  }
                >
                  <Button size="small" danger type="link">
                    {t('common.remove')}
                  </Button>
                </Popconfirm>
              ) : null}
            </Flex>
          ))}
        </Flex>
      )}
      {remove.error ? <ErrorNotice error={remove.error} /> : null}
      {editable ? (
        <Flex vertical gap={8} style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
          <Typography.Text strong>{t('users.addRole')}</Typography.Text>
          {add.error ? <ErrorNotice error={add.error} /> : null}
          <Flex gap={8} wrap>
            <Select<Role>
              value={role}
              onChange={setRole}
              options={roleOptions(t)}
              placeholder={t('users.pickRole')}
              style={{ minWidth: 220 }}
              aria-label={t('users.pickRole')}
            />
            <OrgPicker value={orgId} onChange={setOrgId} style={{ minWidth: 240, flex: 1 }} />
            <Button
              icon={<PlusOutlined />}
              disabled={!role || !orgId}
              loading={add.isPending}
              onClick={() => {
                if (!role || !orgId) return;
                add.mutate(
                  { id: user.id, body: { role, orgId } },
                  {
                    onSuccess: () => {
                      setRole(null);
                      void message.success(t('users.roleAdded'));
                    },
                  },
                );
              }}
            >
              {t('common.add')}
            </Button>
          </Flex>
        </Flex>
      ) : null}
    </Flex>
  );
}
