import { useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Flex, Form, Input, InputNumber, Select, Skeleton, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SocConnection, UpdateSocConnectionBody } from '@shared/api/soc';
import { SOC_CENTER_KINDS, SOC_CONNECTION_STATUSES } from '@shared/domain/alerts';
import { formatDate, formatDateTime } from '../../lib/format';
import { applyServerFieldErrors } from '../../lib/forms';
import { useCan } from '../../app/session';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useSocConnection, useUpdateConnection } from './api';

interface FormValues {
  status: UpdateSocConnectionBody['status'];
  centerKind?: UpdateSocConnectionBody['centerKind'];
  centerName?: string | null;
  provider?: string | null;
  connectedOn?: string | null;
  sourceIdentifiers: string[];
  logRetentionDays?: number | null;
  note?: string | null;
}

function ConnectionForm({ c, onDone }: { c: SocConnection; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useUpdateConnection(c.systemId);
  const status = Form.useWatch('status', form);
  const [error, setError] = useState<unknown>(null);

  function submit(v: FormValues) {
    setError(null);
    const body: UpdateSocConnectionBody = {
      status: v.status,
      centerKind: v.centerKind ?? null,
      centerName: v.centerName || null,
      provider: v.provider || null,
      connectedOn: v.connectedOn || null,
      sourceIdentifiers: v.sourceIdentifiers ?? [],
      logRetentionDays: v.logRetentionDays ?? null,
      note: v.note || null,
    };
    save.mutate(body, {
      onSuccess: () => {
        void message.success(t('soc.connection.saved'));
        onDone();
      },
      onError: (e) => {
        applyServerFieldErrors(form, e);
        setError(e);
      },
    });
  }

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{
        status: c.status,
        centerKind: c.centerKind,
        centerName: c.centerName,
        provider: c.provider,
        connectedOn: c.connectedOn,
        sourceIdentifiers: c.sourceIdentifiers,
        logRetentionDays: c.logRetentionDays,
        note: c.note,
      }}
    >
      {error ? <ErrorNotice error={error} /> : null}
      <Form.Item name="status" label={t('soc.connection.status')} rules={[{ required: true }]}>
        <Select options={SOC_CONNECTION_STATUSES.map((s) => ({ value: s, label: t(`soc.status.${s}`) }))} />
      </Form.Item>
      <Form.Item name="centerKind" label={t('soc.connection.centerKind')} rules={[{ required: status === 'connected' }]}>
        <Select allowClear options={SOC_CENTER_KINDS.map((k) => ({ value: k, label: t(`soc.centerKinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="centerName" label={t('soc.connection.centerName')}>
        <Input maxLength={255} />
      </Form.Item>
      <Form.Item name="provider" label={t('soc.connection.provider')}>
        <Input maxLength={255} />
      </Form.Item>
      <Form.Item name="connectedOn" label={t('soc.connection.connectedOn')} rules={[{ required: status === 'connected' }]}>
        <Input type="date" style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="sourceIdentifiers" label={t('soc.connection.identifiers')} extra={t('soc.connection.identifiersHelp')}>
        <Select mode="tags" tokenSeparators={[',', ' ']} open={false} />
      </Form.Item>
      <Form.Item name="logRetentionDays" label={t('soc.connection.retention')}>
        <InputNumber min={0} max={36500} />
      </Form.Item>
      <Form.Item name="note" label={t('soc.connection.note')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('soc.connection.save')}
      </Button>
    </Form>
  );
}

/** The SOC connection of one system, shown on the system's page to soc.read holders; editable by soc.manage holders. */
export function SystemSocSection({ systemId }: { systemId: string }) {
  const can = useCan();
  return can('soc.read') ? <SocConnectionCard systemId={systemId} /> : null;
}

function SocConnectionCard({ systemId }: { systemId: string }) {
  const { t } = useTranslation();
  const conn = useSocConnection(systemId);
  const [editing, setEditing] = useState(false);
  if (conn.isPending) return <Card title={t('soc.connection.title')}><Skeleton active /></Card>;
  if (conn.isError) return <ErrorNotice error={conn.error} />;
  const c = conn.data;
  return (
    <Card
      title={t('soc.connection.title')}
      extra={
        c.canManage ? (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('soc.connection.edit')}
          </Button>
        ) : null
      }
    >
      <Flex gap={8} style={{ marginBottom: 12 }} wrap>
        <Tag color={c.status === 'connected' ? 'green' : c.status === 'in_progress' ? 'gold' : 'red'}>{t(`soc.status.${c.status}`)}</Tag>
        {c.status === 'connected' ? <Tag color={c.monitored ? 'green' : 'orange'}>{c.monitored ? t('soc.connection.monitored') : t('soc.connection.notMonitored')}</Tag> : null}
      </Flex>
      {!c.isImportant ? <Typography.Paragraph type="secondary">{t('soc.connection.notImportant')}</Typography.Paragraph> : null}
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'center', label: t('soc.connection.centerKind'), children: c.centerKind ? `${t(`soc.centerKinds.${c.centerKind}`)}${c.centerName ? ` — ${c.centerName}` : ''}` : '—' },
          { key: 'provider', label: t('soc.connection.provider'), children: c.provider ?? '—' },
          { key: 'on', label: t('soc.connection.connectedOn'), children: c.connectedOn ? formatDate(c.connectedOn) : '—' },
          { key: 'ids', label: t('soc.connection.identifiers'), children: c.sourceIdentifiers.length ? c.sourceIdentifiers.map((i) => <Tag key={i}>{i}</Tag>) : '—' },
          { key: 'ret', label: t('soc.connection.retention'), children: c.logRetentionDays ?? '—' },
          { key: 'last', label: t('soc.connection.lastEvent'), children: c.lastEventAt ? formatDateTime(c.lastEventAt) : t('soc.connection.never') },
          ...(c.note ? [{ key: 'note', label: t('soc.connection.note'), children: c.note }] : []),
        ]}
      />
      <Drawer open={editing} onClose={() => setEditing(false)} title={t('soc.connection.edit')} destroyOnHidden>
        {editing ? <ConnectionForm c={c} onDone={() => setEditing(false)} /> : null}
      </Drawer>
    </Card>
  );
}
