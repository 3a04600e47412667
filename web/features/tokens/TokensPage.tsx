import { useState } from 'react';
import { App, Button, Card, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '@shared/api/tokens';
import { formatDateTime } from '../../lib/format';
import { tokenActionLabel } from '../../lib/labels';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { useRevokeToken, useTokenList } from './api';
import { CreateTokenModal } from './CreateTokenModal';

export type TokenState = 'active' | 'revoked' | 'expired';

export function tokenState(token: ApiToken, now: Date = new Date()): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

const STATE_COLORS: Record<TokenState, string> = { active: 'green', revoked: 'default', expired: 'orange' };

/** API tokens for machine clients (other systems that read Khiên's data). */
export function TokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tokens = useTokenList();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeader
        title={t('tokens.title')}
        description={t('tokens.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('tokens.create')}
          </Button>
        }
      />
      <Card>
        {tokens.error ? <ErrorNotice error={tokens.error} onRetry={() => void tokens.refetch()} /> : null}
        <Table<ApiToken>
          rowKey="id"
          loading={tokens.isFetching}
          dataSource={tokens.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('tokens.empty') }}
          columns={[
            {
              title: t('tokens.fields.name'),
              key: 'name',
              render: (_, token) => (
                <Flex vertical>
                  <Typography.Text strong>{token.name}</Typography.Text>
                  <Typography.Text type="secondary" code style={{ fontSize: 11 }}>
                    {`${token.prefix}…`}
                  </Typography.Text>
                </Flex>
              ),
            },
            { title: t('tokens.fields.org'), dataIndex: 'orgName' },
            {
              title: t('tokens.fields.actions'),
              dataIndex: 'actions',
              render: (actions: string[]) => (
                <Flex gap={4} wrap>
                  {actions.map((a) => (
                    <Tag key={a}>{tokenActionLabel(t, a)}</Tag>
                  ))}
                </Flex>
              ),
            },
            {
              title: t('tokens.fields.state'),
              key: 'state',
              render: (_, token) => {
                const state = tokenState(token);
                return <Tag color={STATE_COLORS[state]}>{t(`tokens.states.${state}`)}</Tag>;
              },
            },
            {
              title: t('tokens.fields.createdAt'),
              key: 'created',
              render: (_, token) => (
                <Flex vertical>
                  <span>{formatDateTime(token.createdAt)}</span>
                  {token.createdBy ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {token.createdBy}
                    </Typography.Text>
                  ) : null}
                </Flex>
              ),
            },
            {
              title: t('tokens.fields.lastUsedAt'),
              dataIndex: 'lastUsedAt',
              render: (value: string | null) => (value ? formatDateTime(value) : t('tokens.neverUsed')),
            },
            {
              title: t('tokens.fields.expiresAt'),
              dataIndex: 'expiresAt',
              render: (value: string | null) => (value ? formatDateTime(value) : t('tokens.noExpiry')),
            },
            {
              title: t('common.actions'),
              key: 'actions-col',
              render: (_, token) =>
                tokenState(token) === 'revoked' ? null : (
                  <Popconfirm
                    title={t('tokens.revokeConfirm', { name: token.name })}
                    description={t('tokens.revokeHelp')}
                    okText={t('tokens.revoke')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() =>
                      revoke.mutateAsync(token.id).then(
                        () => void message.success(t('tokens.revoked', { name: token.name })),
                        (error: unknown) =>
                          void message.error(error instanceof Error ? error.message : t('common.unexpectedError')),
                      )
                    }
                  >
                    <Button type="link" size="small" danger>
                      {t('tokens.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <CreateTokenModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
