import { useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, Modal, Segmented, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ResolveViolationBody, type Violation } from '@shared/api/endpoints';
import { buildUrl } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { applyServerFieldErrors, checkForm } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { OrgPicker } from '../orgs/OrgPicker';
import { PATHS, useResolveViolation, useViolations } from './api';
import { EndpointDetailDrawer } from './EndpointDetailDrawer';

const PAGE_SIZE = 50;

/** Breaches the security authority follows up: e.g. an agent checking in from a state-secret machine. */
export function ViolationsPage() {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'true' | 'false'>('true');
  const [orgId, setOrgId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [resolving, setResolving] = useState<Violation | null>(null);
  const [detailId, setDetailId] = useState<string | null>(null);
  const list = useViolations({ open, orgId: orgId ?? undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });

  return (
    <>
      <PageHeader title={t('endpointsUi.violations.title')} description={t('endpointsUi.violations.description')} />
      <Card size="small">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Segmented<'true' | 'false'>
            value={open}
            onChange={(v) => {
              setOpen(v);
              setPage(1);
            }}
            options={[
              { value: 'true', label: t('endpointsUi.violations.open') },
              { value: 'false', label: t('endpointsUi.violations.resolved') },
            ]}
            aria-label={t('endpointsUi.violations.state')}
          />
          <OrgPicker
            value={orgId}
            onChange={(v) => {
              setOrgId(v);
              setPage(1);
            }}
            allowClear
            placeholder={t('endpointsUi.filters.org')}
            style={{ width: 280 }}
          />
          <Button icon={<DownloadOutlined />} href={buildUrl(PATHS.violationsExport, { open, orgId: orgId ?? undefined })} download>
            {t('endpointsUi.violations.export')}
          </Button>
        </Flex>
        {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Violation>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1000 }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (total) => t('common.totalItems', { total }) }}
          locale={{ emptyText: open === 'true' ? t('endpointsUi.violations.emptyOpen') : t('endpointsUi.violations.emptyResolved') }}
          columns={[
            {
              title: t('endpointsUi.fields.hostname'),
              key: 'hostname',
              render: (_, v) => (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setDetailId(v.endpointId)}>
                  {v.hostname}
                </Button>
              ),
            },
            { title: t('endpointsUi.fields.org'), dataIndex: 'orgName', key: 'org' },
            { title: t('endpointsUi.violations.kind'), key: 'kind', render: (_, v) => <Tag color="red">{t(`endpointsUi.violations.kinds.${v.kind}`)}</Tag> },
            { title: t('endpointsUi.violations.firstSeen'), dataIndex: 'firstSeenAt', key: 'first', render: (v: string) => formatDateTime(v) },
            { title: t('endpointsUi.violations.lastSeen'), dataIndex: 'lastSeenAt', key: 'last', render: (v: string) => formatDateTime(v) },
            { title: t('endpointsUi.violations.occurrences'), dataIndex: 'occurrences', key: 'n', align: 'right', render: (n: number) => formatNumber(n) },
            {
              title: open === 'true' ? t('common.actions') : t('endpointsUi.violations.resolution'),
              key: 'actions',
              render: (_, v) =>
                v.resolvedAt ? (
                  <Typography.Text>
                    {formatDateTime(v.resolvedAt)} — {v.resolutionNote}
                  </Typography.Text>
                ) : v.can.resolve ? (
                  <Button size="small" onClick={() => setResolving(v)} aria-label={t('endpointsUi.violations.resolveNamed', { name: v.hostname })}>
                    {t('endpointsUi.violations.resolve')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <ResolveModal violation={resolving} onClose={() => setResolving(null)} />
      <EndpointDetailDrawer endpointId={detailId} onClose={() => setDetailId(null)} />
    </>
  );
}

function ResolveModal({ violation, onClose }: { violation: Violation | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const resolve = useResolveViolation();
  const submit = (values: { note?: string }) => {
    if (!violation) return;
    const body = checkForm(form, ResolveViolationBody, values, t);
    if (!body) return;
    resolve.mutate(
      { id: violation.id, note: body.note },
      {
        onError: (error) => applyServerFieldErrors(form, error),
        onSuccess: () => {
          void message.success(t('endpointsUi.violations.resolvedOk', { name: violation.hostname }));
          form.resetFields();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={violation !== null}
      title={violation ? t('endpointsUi.violations.resolveTitle', { name: violation.hostname }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('endpointsUi.violations.resolve')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: resolve.isPending }}
      destroyOnHidden
    >
      {resolve.error ? <ErrorNotice error={resolve.error} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} name="violation-resolve">
        <Form.Item name="note" label={t('endpointsUi.violations.note')} required extra={t('endpointsUi.violations.noteHelp')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
