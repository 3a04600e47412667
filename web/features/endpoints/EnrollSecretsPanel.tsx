import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Popconfirm, Segmented, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { AGENT_DIRS, AGENT_FILES, AGENT_PLATFORMS, CreateEnrollSecretBody, type CreatedEnrollSecret, type EnrollSecret } from '@shared/api/endpoints';
import { buildUrl } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { applyServerFieldErrors, checkForm } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { OrgPicker } from '../orgs/OrgPicker';
import { PATHS, useCreateEnrollSecret, useEnrollSecrets, useRevokeEnrollSecret } from './api';

const PAGE_SIZE = 50;

/** Offers a text as a file download (the flag file, the server certificate). */
export function downloadText(filename: string, text: string, type = 'text/plain'): void {
  if (typeof URL.createObjectURL !== 'function') return;
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Enrol secrets per organisation: create (the secret shown once), list, revoke (endpoint.enroll). */
export function EnrollSecretsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [orgId, setOrgId] = useState<string | null>(null);
  const [state, setState] = useState<'active' | 'revoked'>('active');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedEnrollSecret | null>(null);
  const list = useEnrollSecrets({ orgId: orgId ?? undefined, revoked: state === 'revoked' ? 'true' : 'false', limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const revoke = useRevokeEnrollSecret();

  const onRevoke = (s: EnrollSecret) =>
    revoke.mutate(s.id, {
      onSuccess: () => void message.success(t('endpointsUi.secrets.revoked', { name: s.name })),
      onError: (error) => void message.error(error.message),
    });

  return (
    <>
      <Typography.Paragraph type="secondary">{t('endpointsUi.secrets.help')}</Typography.Paragraph>
      <Flex gap={8} wrap justify="space-between" style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap>
          <OrgPicker value={orgId} onChange={(v) => { setOrgId(v); setPage(1); }} allowClear placeholder={t('endpointsUi.secrets.filterOrg')} style={{ width: 280 }} />
          <Segmented<'active' | 'revoked'>
            value={state}
            onChange={(v) => { setState(v); setPage(1); }}
            options={[
              { value: 'active', label: t('endpointsUi.secrets.active') },
              { value: 'revoked', label: t('endpointsUi.secrets.revokedTab') },
            ]}
            aria-label={t('endpointsUi.secrets.state')}
          />
        </Flex>
        <Flex gap={8} wrap>
          {AGENT_PLATFORMS.map((platform) => (
            <Button key={platform} icon={<DownloadOutlined />} href={buildUrl(PATHS.flagfile, { platform })} download>
              {t(`endpointsUi.secrets.flagsLink.${platform}`)}
            </Button>
          ))}
          <Button icon={<DownloadOutlined />} href={PATHS.serverCertificate} download>
            {t('endpointsUi.secrets.certLink')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('endpointsUi.secrets.create')}
          </Button>
        </Flex>
      </Flex>
      {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<EnrollSecret>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (total) => t('common.totalItems', { total }) }}
        locale={{ emptyText: t('endpointsUi.secrets.empty') }}
        columns={[
          { title: t('endpointsUi.secrets.name'), dataIndex: 'name', key: 'name' },
          { title: t('endpointsUi.fields.org'), dataIndex: 'orgName', key: 'org' },
          { title: t('endpointsUi.secrets.hint'), dataIndex: 'hint', key: 'hint', render: (hint: string) => <Typography.Text code>{hint}…</Typography.Text> },
          { title: t('endpointsUi.secrets.nodes'), dataIndex: 'nodes', key: 'nodes', align: 'right', render: (n: number) => formatNumber(n) },
          { title: t('endpointsUi.secrets.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: t('endpointsUi.secrets.lastUsedAt'), dataIndex: 'lastUsedAt', key: 'lastUsedAt', render: (v: string | null) => (v ? formatDateTime(v) : t('endpointsUi.secrets.neverUsed')) },
          {
            title: t('endpointsUi.secrets.status'),
            key: 'status',
            render: (_, s) => (s.revokedAt ? <Tag>{t('endpointsUi.secrets.revokedOn', { date: formatDateTime(s.revokedAt) })}</Tag> : <Tag color="green">{t('endpointsUi.secrets.activeTag')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, s) =>
              s.can.revoke && !s.revokedAt ? (
                <Popconfirm
                  title={t('endpointsUi.secrets.revokeConfirm', { name: s.name })}
                  description={t('endpointsUi.secrets.revokeHelp')}
                  okText={t('endpointsUi.secrets.revoke')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => onRevoke(s)}
                >
                  <Button size="small" danger aria-label={t('endpointsUi.secrets.revokeNamed', { name: s.name })}>
                    {t('endpointsUi.secrets.revoke')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <CreateSecretModal
        open={creating}
        orgId={orgId ?? session.user.orgId}
        onClose={() => setCreating(false)}
        onCreated={(secret) => {
          setCreating(false);
          setCreated(secret);
        }}
      />
      <CreatedSecretModal secret={created} onClose={() => setCreated(null)} />
    </>
  );
}

interface CreateValues {
  orgId?: string | null;
  name?: string;
}

function CreateSecretModal({ open, orgId, onClose, onCreated }: { open: boolean; orgId: string | null; onClose: () => void; onCreated: (s: CreatedEnrollSecret) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateEnrollSecret();
  const submit = (values: CreateValues) => {
    const body = checkForm(form, CreateEnrollSecretBody, values, t);
    if (!body) return;
    create.mutate(body, {
      onError: (error) => applyServerFieldErrors(form, error),
      onSuccess: (secret) => {
        form.resetFields();
        create.reset();
        onCreated(secret);
      },
    });
  };
  return (
    <Modal
      open={open}
      title={t('endpointsUi.secrets.createTitle')}
      onCancel={onClose}
      okText={t('endpointsUi.secrets.createSubmit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending }}
      destroyOnHidden
    >
      <Form<CreateValues> form={form} layout="vertical" onFinish={submit} initialValues={{ orgId, name: '' }} name="enroll-secret-create">
        {create.error ? (
          <div style={{ marginBottom: 12 }}>
            <ErrorNotice error={create.error} />
          </div>
        ) : null}
        <Form.Item name="orgId" label={t('endpointsUi.fields.org')} required extra={t('endpointsUi.secrets.orgHelp')}>
          <OrgPicker />
        </Form.Item>
        <Form.Item name="name" label={t('endpointsUi.secrets.name')} required extra={t('endpointsUi.secrets.nameHelp')}>
          <Input maxLength={255} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The secret, shown once: copy it, download the flag file and the server certificate. */
function CreatedSecretModal({ secret, onClose }: { secret: CreatedEnrollSecret | null; onClose: () => void }) {
  const { t } = useTranslation();
  // Unmounted (not just hidden) on close, so the secret leaves the page at once.
  if (!secret) return null;
  return (
    <Modal
      open
      title={t('endpointsUi.secrets.createdTitle')}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('endpointsUi.secrets.done')}
        </Button>
      }
      destroyOnHidden
      width={640}
    >
      <Flex vertical gap={12}>
        <Alert type="warning" showIcon title={t('endpointsUi.secrets.onceWarning')} />
        <div>
          <Typography.Text type="secondary">{t('endpointsUi.secrets.secretFor', { name: secret.name, org: secret.orgName })}</Typography.Text>
          <Typography.Paragraph copyable={{ text: secret.secret, tooltips: [t('endpointsUi.secrets.copy'), t('endpointsUi.secrets.copied')] }} code data-testid="enroll-secret-value" style={{ fontSize: 15, margin: '4px 0 0', wordBreak: 'break-all' }}>
            {secret.secret}
          </Typography.Paragraph>
        </div>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('endpointsUi.secrets.filesHelp', { windows: AGENT_DIRS.windows, linux: AGENT_DIRS.linux, flags: AGENT_FILES.flags })}
        </Typography.Paragraph>
        <Flex gap={8} wrap>
          <Button icon={<DownloadOutlined />} onClick={() => downloadText(AGENT_FILES.secret, secret.secret)}>
            {t('endpointsUi.secrets.downloadSecret', { file: AGENT_FILES.secret })}
          </Button>
          {AGENT_PLATFORMS.map((platform) => (
            <Button key={platform} icon={<DownloadOutlined />} href={buildUrl(PATHS.flagfile, { platform })} download>
              {t(`endpointsUi.secrets.flagsLink.${platform}`)}
            </Button>
          ))}
          <Button icon={<DownloadOutlined />} onClick={() => downloadText(AGENT_FILES.certificate, secret.serverCertificate, 'application/x-pem-file')}>
            {t('endpointsUi.secrets.downloadCert', { file: AGENT_FILES.certificate })}
          </Button>
        </Flex>
      </Flex>
    </Modal>
  );
}
