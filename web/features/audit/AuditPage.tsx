import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Flex, Form, Input, Table, Typography } from 'antd';
import { SafetyOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@shared/api/audit';
import { endOfDayVn, formatDateTime, formatNumber, startOfDayVn } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { OrgPicker } from '../orgs/OrgPicker';
import { UserPicker } from '../users/UserPicker';
import { useAuditList, useAuditVerification, type AuditListParams } from './api';
import { AuditDiff } from './AuditDiff';

const PAGE_SIZE = 50;

/** What the date picker hands back; only its calendar day is used (interpreted in Vietnam's time). */
interface PickedDay {
  format: (template: string) => string;
}

interface AuditFilterValues {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string | null;
  orgId?: string | null;
  range?: [PickedDay | null, PickedDay | null] | null;
}

type AuditFilters = Omit<AuditListParams, 'limit' | 'offset'>;

export function toAuditFilters(values: AuditFilterValues): AuditFilters {
  const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  const from = values.range?.[0];
  const to = values.range?.[1];
  return {
    action: text(values.action),
    entityType: text(values.entityType),
    entityId: text(values.entityId),
    actorId: values.actorId ?? undefined,
    orgId: values.orgId ?? undefined,
    from: from ? startOfDayVn(from.format('YYYY-MM-DD')) : undefined,
    to: to ? endOfDayVn(to.format('YYYY-MM-DD')) : undefined,
  };
}

function VerifyResult() {
  const { t } = useTranslation();
  const verify = useAuditVerification();
  return (
    <Flex vertical gap={8} align="flex-end">
      <Button icon={<SafetyOutlined />} loading={verify.isFetching} onClick={() => void verify.refetch()}>
        {t('audit.verify')}
      </Button>
      {verify.error ? <ErrorNotice error={verify.error} /> : null}
    </Flex>
  );
}

function VerifyOutcome() {
  const { t } = useTranslation();
  const verify = useAuditVerification();
  if (!verify.data || verify.isFetching) return null;
  const { ok, checked, firstBadSeq, reason } = verify.data;
  return ok ? (
    <Alert
      type="success"
      showIcon
      title={t('audit.verifyOk', { checked: formatNumber(checked) })}
      style={{ marginBottom: 16 }}
    />
  ) : (
    <Alert
      type="error"
      showIcon
      title={t('audit.verifyBroken', { seq: firstBadSeq ?? '?', checked: formatNumber(checked) })}
      description={
        <>
          {reason ? <div>{t('audit.verifyReason', { reason })}</div> : null}
          <div>{t('audit.verifyBrokenHelp')}</div>
        </>
      }
      style={{ marginBottom: 16 }}
    />
  );
}

/** The tamper-evident log of every change: who did what, when, from where, with before/after. */
export function AuditPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<AuditFilterValues>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const list = useAuditList({ ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });

  const applyFilters = (values: AuditFilterValues) => {
    setFilters(toAuditFilters(values));
    setPage(1);
  };
  /** Clicking a value in the table narrows the filter to it. */
  const narrow = (field: 'actorId' | 'entityId', value: string) => {
    form.setFieldValue(field, value);
    applyFilters(form.getFieldsValue());
  };

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} extra={<VerifyResult />} />
      <VerifyOutcome />
      <Card>
        <Form<AuditFilterValues> form={form} layout="inline" onFinish={applyFilters} style={{ rowGap: 8, marginBottom: 12 }}>
          <Form.Item name="action" label={t('audit.fields.action')}>
            <Input allowClear placeholder={t('audit.actionPlaceholder')} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="entityType" label={t('audit.fields.entityType')}>
            <Input allowClear placeholder={t('audit.entityTypePlaceholder')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="entityId" label={t('audit.fields.entityId')}>
            <Input allowClear style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="actorId" label={t('audit.fields.actor')}>
            <UserPicker style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="orgId" label={t('audit.fields.org')}>
            <OrgPicker allowClear style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="range" label={t('audit.fields.dateRange')}>
            <DatePicker.RangePicker format="DD/MM/YYYY" allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.filter')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  applyFilters({});
                }}
              >
                {t('common.clearFilters')}
              </Button>
            </Flex>
          </Form.Item>
        </Form>
        {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<AuditEntry>
          rowKey="seq"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('audit.empty') }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.totalItems', { total }),
            onChange: setPage,
          }}
          expandable={{
            expandedRowRender: (entry) => <AuditDiff before={entry.before} after={entry.after} />,
            rowExpandable: (entry) => entry.before !== null || entry.after !== null,
          }}
          columns={[
            { title: t('audit.fields.seq'), dataIndex: 'seq', width: 80 },
            { title: t('audit.fields.at'), dataIndex: 'at', width: 150, render: (at: string) => formatDateTime(at) },
            {
              title: t('audit.fields.actor'),
              key: 'actor',
              render: (_, e) =>
                e.actorId ? (
                  <Typography.Link onClick={() => e.actorId && narrow('actorId', e.actorId)}>{e.actorLabel}</Typography.Link>
                ) : (
                  e.actorLabel
                ),
            },
            { title: t('audit.fields.org'), dataIndex: 'orgName', render: (name: string | null) => name ?? '' },
            {
              title: t('audit.fields.action'),
              dataIndex: 'action',
              render: (action: string) => (
                <Flex vertical>
                  <span>{t(`auditActions.${action}`, { defaultValue: action })}</span>
                  <Typography.Text type="secondary" code style={{ fontSize: 11 }}>
                    {action}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('audit.fields.entity'),
              key: 'entity',
              render: (_, e) => (
                <Flex vertical>
                  <span>{e.entityType}</span>
                  {e.entityId ? (
                    <Typography.Link
                      style={{ fontSize: 11, fontFamily: 'monospace' }}
                      onClick={() => e.entityId && narrow('entityId', e.entityId)}
                    >
                      {e.entityId}
                    </Typography.Link>
                  ) : null}
                </Flex>
              ),
            },
            { title: t('audit.fields.ip'), dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? '' },
          ]}
        />
      </Card>
    </>
  );
}
