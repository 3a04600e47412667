import { Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Notification } from '@shared/api/notifications';
import { formatDateTime } from '../../lib/format';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications } from './api';

/** Where a notification leads; `null` for subjects without a page yet. */
export function notificationLink(n: Notification): string | null {
  if (n.subjectType === 'dossier') return `/dossiers/${n.subjectId}`;
  if (n.subjectType === 'assessment') return `/assessments/${n.subjectId}`;
  return null;
}

/** The header's bell: unread count, the latest notifications, one click to open and mark read. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const list = useNotifications();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const unread = list.data?.unread ?? 0;

  const title = (n: Notification) => t(`notifications.${n.kind}.title`, { ...n.params, defaultValue: n.kind });

  const openOne = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    const link = notificationLink(n);
    setOpen(false);
    if (link) void navigate(link);
  };

  const content = (
    <Flex vertical style={{ width: 360, maxWidth: '90vw' }}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('notificationsUi.title')}</Typography.Text>
        <Button type="link" size="small" disabled={unread === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
          {t('notificationsUi.markAllRead')}
        </Button>
      </Flex>
      {list.error ? <Typography.Text type="secondary">{t('notificationsUi.loadError')}</Typography.Text> : null}
      {list.data && list.data.items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notificationsUi.empty')} /> : null}
      {list.data && list.data.items.length > 0 ? (
        <List
          size="small"
          style={{ maxHeight: 420, overflowY: 'auto' }}
          dataSource={list.data.items}
          renderItem={(n) => (
            <List.Item style={{ padding: 0 }}>
              <button
                type="button"
                onClick={() => openOne(n)}
                style={{
                  all: 'unset',
                  cursor: 'pointer',
                  display: 'block',
                  width: '100%',
                  padding: '8px 4px',
                  background: n.readAt ? undefined : 'rgba(22, 119, 255, 0.06)',
                }}
              >
                <Flex vertical gap={2}>
                  <Typography.Text strong={!n.readAt}>
                    {n.readAt ? null : <Badge status="processing" style={{ marginRight: 6 }} />}
                    {title(n)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(n.createdAt)}
                  </Typography.Text>
                </Flex>
              </button>
            </List.Item>
          )}
        />
      ) : null}
    </Flex>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen}>
      <Button
        type="text"
        aria-label={unread > 0 ? t('notificationsUi.bellUnread', { count: unread }) : t('notificationsUi.bell')}
        icon={
          <Badge count={unread} size="small" overflowCount={99}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Popover>
  );
}
