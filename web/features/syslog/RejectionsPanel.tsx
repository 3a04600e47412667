import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertRejectionList } from '@shared/api/soc';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useRejections } from './api';

type Rejection = AlertRejectionList['items'][number];

/** Refused alerts of the last 7 days, by day, channel, reason and sender (needs alert.read). */
export function RejectionsPanel() {
  const { t } = useTranslation();
  const list = useRejections(true);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('syslog.rejections.help')}</Typography.Paragraph>
      {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<Rejection>
        rowKey={(r) => `${r.day}|${r.channel}|${r.reason}|${r.source}`}
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('syslog.rejections.empty') }}
        columns={[
          { title: t('syslog.rejections.day'), dataIndex: 'day', key: 'day', render: (d: string) => formatDate(d) },
          { title: t('syslog.rejections.channel'), dataIndex: 'channel', key: 'channel', render: (c: string) => <Tag>{t(`syslog.channels.${c}`, { defaultValue: c })}</Tag> },
          { title: t('syslog.rejections.reason'), dataIndex: 'reason', key: 'reason', render: (r: string) => t(`syslog.reasons.${r}`, { defaultValue: r }) },
          { title: t('syslog.rejections.source'), dataIndex: 'source', key: 'source', render: (s: string) => (s ? <Typography.Text code>{s}</Typography.Text> : '—') },
          { title: t('syslog.rejections.count'), dataIndex: 'count', key: 'count', align: 'right', render: (n: number) => formatNumber(n) },
          { title: t('syslog.rejections.lastAt'), dataIndex: 'lastAt', key: 'lastAt', render: (v: string) => formatDateTime(v) },
          {
            title: t('syslog.rejections.sample'),
            dataIndex: 'lastSample',
            key: 'sample',
            render: (v: string | null) => (v ? <Typography.Text type="secondary" ellipsis={{ tooltip: v }} style={{ maxWidth: 320 }}>{v}</Typography.Text> : null),
          },
        ]}
      />
    </>
  );
}
