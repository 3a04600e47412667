import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SyslogSource } from '@shared/api/syslog';
import { MAX_SENDERS } from '@shared/api/syslog';
import { parseCidr } from '@shared/domain/cidr';
import { useSession } from '../../app/session';
import { isApiError } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { OrgPicker } from '../orgs/OrgPicker';
import { useCreateSyslogSource, useSetSyslogSourceEnabled, useSyslogListener, useSyslogSources, useUpdateSyslogSource } from './api';

const PAGE_SIZE = 50;

interface FormValues {
  orgId?: string | null;
  name?: string;
  senders?: string;
  note?: string;
}

/** The lines of the senders box, trimmed, blank ones dropped. */
export function senderLines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Where devices send (the listener's port), or how to turn it on. */
function ListenerNotice() {
  const { t } = useTranslation();
  const listener = useSyslogListener();
  if (!listener.data) return null;
  return listener.data.enabled ? (
    <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('syslog.listener.on', { host: listener.data.host ?? '', port: listener.data.port ?? 0 })} description={t('syslog.listener.onHelp')} />
  ) : (
    <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('syslog.listener.off')} description={t('syslog.listener.offHelp')} />
  );
}

/** Syslog senders of the actor's units: list with counters, create, change, disable, enable. */
export function SyslogSourcesPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<SyslogSource | 'new' | null>(null);
  const list = useSyslogSources({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const toggle = useSetSyslogSourceEnabled();

  const onToggle = (s: SyslogSource) =>
    toggle.mutate(
      { id: s.id, enabled: !s.enabled },
      {
        onSuccess: () => void message.success(t(s.enabled ? 'syslog.sources.disabledDone' : 'syslog.sources.enabledDone', { name: s.name })),
        onError: (error) => void message.error(error.message),
      },
    );

  return (
    <>
      <Typography.Paragraph type="secondary">{t('syslog.sources.help')}</Typography.Paragraph>
      <ListenerNotice />
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('syslog.sources.create')}
        </Button>
      </Flex>
      {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<SyslogSource>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, hideOnSinglePage: true }}
        locale={{ emptyText: t('syslog.sources.empty') }}
        columns={[
          { title: t('syslog.sources.name'), dataIndex: 'name', key: 'name', render: (name: string, s) => (<Flex vertical><Typography.Text strong>{name}</Typography.Text>{s.note ? <Typography.Text type="secondary">{s.note}</Typography.Text> : null}</Flex>) },
          { title: t('syslog.sources.org'), dataIndex: 'orgName', key: 'org' },
          {
            title: t('syslog.sources.senders'),
            dataIndex: 'senders',
            key: 'senders',
            render: (senders: string[]) => (
              <Flex gap={4} wrap>
                {senders.map((b) => (
                  <Tag key={b}>{b}</Tag>
                ))}
              </Flex>
            ),
          },
          { title: t('syslog.sources.received'), dataIndex: 'receivedCount', key: 'received', align: 'right', render: (n: number) => formatNumber(n) },
          { title: t('syslog.sources.stored'), dataIndex: 'storedCount', key: 'stored', align: 'right', render: (n: number) => formatNumber(n) },
          { title: t('syslog.sources.lastReceived'), dataIndex: 'lastReceivedAt', key: 'last', render: (v: string | null) => (v ? formatDateTime(v) : t('syslog.sources.never')) },
          { title: t('syslog.sources.state'), key: 'state', render: (_, s) => (s.enabled ? <Tag color="green">{t('syslog.sources.enabled')}</Tag> : <Tag>{t('syslog.sources.disabled')}</Tag>) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, s) =>
              s.can.update ? (
                <Flex gap={4}>
                  <Button size="small" onClick={() => setEditing(s)} aria-label={t('syslog.sources.editNamed', { name: s.name })}>
                    {t('syslog.sources.edit')}
                  </Button>
                  <Popconfirm
                    title={t(s.enabled ? 'syslog.sources.disableConfirm' : 'syslog.sources.enableConfirm', { name: s.name })}
                    okText={t(s.enabled ? 'syslog.sources.disable' : 'syslog.sources.enable')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => onToggle(s)}
                  >
                    <Button size="small" danger={s.enabled} aria-label={t(s.enabled ? 'syslog.sources.disableNamed' : 'syslog.sources.enableNamed', { name: s.name })}>
                      {t(s.enabled ? 'syslog.sources.disable' : 'syslog.sources.enable')}
                    </Button>
                  </Popconfirm>
                </Flex>
              ) : null,
          },
        ]}
      />
      {editing ? <SourceModal source={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function SourceModal({ source, onClose }: { source: SyslogSource | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateSyslogSource();
  const update = useUpdateSyslogSource();
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;

  const onError = (err: unknown) => {
    if (!isApiError(err)) return;
    // The server names the wrong block as senders.<n>; the form has one box for all of them.
    const senders = Object.entries(err.fields).filter(([k]) => k === 'senders' || k.startsWith('senders.'));
    const others = Object.entries(err.fields).filter(([k]) => !(k === 'senders' || k.startsWith('senders.')));
    form.setFields([
      ...(senders.length ? [{ name: 'senders' as const, errors: senders.map(([, m]) => m) }] : []),
      ...others.filter(([k]) => ['orgId', 'name', 'note'].includes(k)).map(([k, m]) => ({ name: k as keyof FormValues, errors: [m] })),
    ]);
  };

  const submit = (values: FormValues) => {
    const senders = senderLines(values.senders);
    const problems: string[] = [];
    if (senders.length === 0) problems.push(t('form.required'));
    if (senders.length > MAX_SENDERS) problems.push(t('syslog.form.tooMany', { max: MAX_SENDERS }));
    for (const s of senders) if (!parseCidr(s)) problems.push(t('syslog.form.badCidr', { value: s }));
    const name = (values.name ?? '').trim();
    const fieldErrors: { name: keyof FormValues; errors: string[] }[] = [];
    if (problems.length) fieldErrors.push({ name: 'senders', errors: problems });
    if (!name) fieldErrors.push({ name: 'name', errors: [t('form.required')] });
    if (!source && !values.orgId) fieldErrors.push({ name: 'orgId', errors: [t('form.required')] });
    if (fieldErrors.length) {
      form.setFields(fieldErrors);
      return;
    }
    const note = values.note?.trim() ? values.note.trim() : null;
    const done = () => {
      void message.success(t('syslog.sources.saved', { name }));
      onClose();
    };
    if (source) update.mutate({ id: source.id, body: { name, senders, note } }, { onSuccess: done, onError });
    else create.mutate({ orgId: values.orgId ?? '', name, senders, note }, { onSuccess: done, onError });
  };

  return (
    <Modal
      open
      title={source ? t('syslog.form.editTitle', { name: source.name }) : t('syslog.form.createTitle')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: pending }}
      destroyOnHidden
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        name="syslog-source"
        initialValues={source ? { name: source.name, senders: source.senders.join('\n'), note: source.note ?? '' } : { orgId: session.user.orgId, name: '', senders: '', note: '' }}
      >
        {error && !(isApiError(error) && Object.keys(error.fields).length) ? (
          <div style={{ marginBottom: 12 }}>
            <ErrorNotice error={error} />
          </div>
        ) : null}
        {source ? null : (
          <Form.Item name="orgId" label={t('syslog.sources.org')} required extra={t('syslog.form.orgHelp')}>
            <OrgPicker />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('syslog.sources.name')} required extra={t('syslog.form.nameHelp')}>
          <Input maxLength={255} />
        </Form.Item>
        <Form.Item name="senders" label={t('syslog.sources.senders')} required extra={t('syslog.form.sendersHelp')}>
          <Input.TextArea rows={4} placeholder={'10.20.1.5\n10.20.8.0/24'} />
        </Form.Item>
        <Form.Item name="note" label={t('syslog.form.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
