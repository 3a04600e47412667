import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Flex, Form, Input, List, Modal, Row, Select, Space, Steps, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Incident, IncidentEvent, IncidentReport, IncidentTransition } from '@shared/api/incidents';
import { INCIDENT_STATUSES, INDICATOR_KINDS, type IndicatorKind } from '@shared/domain/incidents';
import { applyServerFieldErrors } from '../../lib/forms';
import { formatDateTime } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormError } from '../../ui/FormParts';
import { PageHeader } from '../../ui/PageHeader';
import { evidenceUrl, stixUrl, useIncident, useIncidentStep, useResponders } from './api';
import { SeverityTag, StatusTag } from './IncidentListPage';

type Step = ReturnType<typeof useIncidentStep>;

/** The buttons of the steps the reader may take now (from `can`, never decided here). */
function TransitionButtons({ incident, step }: { incident: Incident; step: Step }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<IncidentTransition | null>(null);
  const [form] = Form.useForm<{ note?: string; reason?: string }>();
  if (incident.can.transitions.length === 0) return null;
  return (
    <>
      <Flex gap={8} wrap>
        {incident.can.transitions.map((tr) => (
          <Button key={tr} type={tr === 'reopen' ? 'default' : 'primary'} danger={tr === 'reopen'} onClick={() => setOpen(tr)}>
            {t(`incidents.transition.${tr}`)}
          </Button>
        ))}
      </Flex>
      <Modal
        open={open !== null}
        title={open ? t(`incidents.transition.${open}`) : ''}
        okText={t('incidents.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={step.transition.isPending}
        onCancel={() => setOpen(null)}
        onOk={() => {
          if (!open) return;
          const v = form.getFieldsValue();
          step.transition.mutate(
            { transition: open, note: v.note, reason: v.reason },
            {
              onSuccess: () => {
                setOpen(null);
                form.resetFields();
              },
              onError: (err) => applyServerFieldErrors(form, err),
            },
          );
        }}
      >
        <Typography.Paragraph type="secondary">{open ? t(`incidents.transitionHelp.${open}`) : ''}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          {open === 'reopen' ? (
            <Form.Item name="reason" label={t('incidents.fields.reopenReason')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          ) : (
            <Form.Item name="note" label={t('incidents.fields.note')}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
          )}
        </Form>
        <FormError error={step.transition.error} />
      </Modal>
    </>
  );
}

function eventText(t: (k: string, o?: Record<string, unknown>) => string, e: IncidentEvent): string {
  if (e.kind === 'status_changed' && e.toStatus) return t('incidents.event.status_changed', { status: t(`incidents.status.${e.toStatus}`) });
  if (e.kind === 'report_sent' || e.kind === 'report_overdue') return t(`incidents.event.${e.kind}`, { type: t(`incidents.reportType.${String(e.params.reportType)}`) });
  return t(`incidents.event.${e.kind}`, { ...e.params, defaultValue: e.kind });
}

function ReportsCard({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  return (
    <Card title={t('incidents.case.reports')} size="small" style={{ marginBottom: 16 }}>
      <Table<IncidentReport>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={incident.reports}
        columns={[
          { title: t('incidents.fields.reportType'), dataIndex: 'reportType', render: (v: string) => t(`incidents.reportType.${v}`) },
          { title: t('incidents.fields.dueAt'), dataIndex: 'dueAt', render: (v: string | null) => (v ? formatDateTime(v) : '—') },
          { title: t('incidents.fields.sentAt'), dataIndex: 'sentAt', render: (v: string | null, r) => (v ? `${formatDateTime(v)}${r.sentByName ? ` · ${r.sentByName}` : ''}` : <Tag>{t('incidents.notSent')}</Tag>) },
          {
            title: t('incidents.fields.lateness'),
            render: (_, r) => (r.isLate ? <Tag color="red">{t(r.sentAt ? 'incidents.sentLate' : 'incidents.overdue')}</Tag> : r.sentAt ? <Tag color="green">{t('incidents.onTime')}</Tag> : null),
          },
          { title: t('incidents.fields.why'), dataIndex: 'legalRef', render: (v: string | null, r) => (v ? <span>{v} {r.verified ? null : <Tag color="orange">{t('incidents.unverified')}</Tag>}</span> : '—') },
        ]}
      />
    </Card>
  );
}

/** The unit's reports: an update, the 72-hour report, the PDP notice, the end-of-response report. */
function SendReportCard({ incident, step }: { incident: Incident; step: Step }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const type = Form.useWatch('reportType', form) ?? 'update';
  const needsCause = type === 'final' || type === 'report_72h';
  if (!incident.can.sendReport) return null;
  return (
    <Card title={t('incidents.case.sendReport')} size="small" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('incidents.case.sendReportHelp')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ reportType: 'update' }}
        onFinish={(v) => step.sendReport.mutate(v, { onSuccess: () => form.resetFields(), onError: (err) => applyServerFieldErrors(form, err) })}
      >
        <Form.Item name="reportType" label={t('incidents.fields.reportType')}>
          <Select options={(['update', 'report_72h', 'pdp_notice', 'final'] as const).map((x) => ({ value: x, label: t(`incidents.reportType.${x}`) }))} />
        </Form.Item>
        <Form.Item name="summary" label={t('incidents.fields.summary')} rules={[{ required: true, message: t('incidents.form.required') }]}>
          <Input.TextArea rows={3} maxLength={8000} />
        </Form.Item>
        {needsCause ? (
          <>
            <Form.Item name="cause" label={t('incidents.fields.cause')} rules={[{ required: true, message: t('incidents.form.required') }]}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
            <Form.Item name="scope" label={t('incidents.fields.scope')} rules={[{ required: true, message: t('incidents.form.required') }]}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
            <Form.Item name="remedy" label={t('incidents.fields.remedy')} rules={[{ required: true, message: t('incidents.form.required') }]}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
          </>
        ) : null}
        <FormError error={step.sendReport.error} />
        <Button htmlType="submit" type="primary" loading={step.sendReport.isPending}>
          {t('incidents.case.send')}
        </Button>
      </Form>
    </Card>
  );
}

function ClosingCard({ incident, step }: { incident: Incident; step: Step }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const c = incident.closing;
  if (!incident.can.manage) {
    if (!c.cause) return null;
    return (
      <Card title={t('incidents.case.closing')} size="small" style={{ marginBottom: 16 }}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('incidents.fields.cause')}>{c.cause}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.fields.scope')}>{c.scope}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.fields.remedy')}>{c.remedy}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.fields.lessons')}>{c.lessons ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
    );
  }
  return (
    <Card title={t('incidents.case.closing')} size="small" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('incidents.case.closingHelp')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ cause: c.cause ?? '', scope: c.scope ?? '', remedy: c.remedy ?? '', lessons: c.lessons ?? '' }}
        onFinish={(v) => step.closing.mutate(v, { onError: (err) => applyServerFieldErrors(form, err) })}
      >
        {(['cause', 'scope', 'remedy'] as const).map((k) => (
          <Form.Item key={k} name={k} label={t(`incidents.fields.${k}`)} rules={[{ required: true, message: t('incidents.form.required') }]}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        ))}
        <Form.Item name="lessons" label={t('incidents.fields.lessons')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <FormError error={step.closing.error} />
        <Button htmlType="submit" loading={step.closing.isPending}>
          {t('incidents.case.saveClosing')}
        </Button>
      </Form>
    </Card>
  );
}

function MembersCard({ incident, step }: { incident: Incident; step: Step }) {
  const { t } = useTranslation();
  const responders = useResponders(incident.id, incident.can.manage);
  const [pick, setPick] = useState<string | undefined>();
  const [role, setRole] = useState<'lead' | 'member'>('member');
  return (
    <Card title={t('incidents.case.members')} size="small" style={{ marginBottom: 16 }}>
      <List
        size="small"
        locale={{ emptyText: t('incidents.case.noMembers') }}
        dataSource={incident.members}
        renderItem={(m) => (
          <List.Item
            actions={incident.can.manage ? [<Button key="x" size="small" type="link" onClick={() => step.removeMember.mutate(m.userId)}>{t('incidents.remove')}</Button>] : []}
          >
            {m.fullName} <Tag color={m.role === 'lead' ? 'blue' : undefined}>{t(`incidents.memberRole.${m.role}`)}</Tag>
          </List.Item>
        )}
      />
      {incident.can.manage ? (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Select
            style={{ flex: 1 }}
            placeholder={t('incidents.case.pickResponder')}
            value={pick}
            onChange={setPick}
            aria-label={t('incidents.case.pickResponder')}
            options={(responders.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.fullName} — ${p.orgName}` }))}
          />
          <Select style={{ width: 140 }} value={role} onChange={setRole} options={(['lead', 'member'] as const).map((r) => ({ value: r, label: t(`incidents.memberRole.${r}`) }))} />
          <Button disabled={!pick} loading={step.addMember.isPending} onClick={() => pick && step.addMember.mutate({ userId: pick, role }, { onSuccess: () => setPick(undefined) })}>
            {t('incidents.case.assign')}
          </Button>
        </Space.Compact>
      ) : null}
      <FormError error={step.addMember.error} />
    </Card>
  );
}

function IndicatorsCard({ incident, step }: { incident: Incident; step: Step }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ kind: IndicatorKind; value: string; description?: string }>();
  return (
    <Card title={t('incidents.case.indicators')} size="small" style={{ marginBottom: 16 }}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={incident.indicators}
        locale={{ emptyText: t('incidents.case.noIndicators') }}
        columns={[
          { title: t('incidents.fields.indicatorKind'), dataIndex: 'kind', render: (k: string) => t(`incidents.indicatorKind.${k}`) },
          { title: t('incidents.fields.value'), dataIndex: 'value', render: (v: string) => <Typography.Text code copyable>{v}</Typography.Text> },
          { title: t('incidents.fields.description'), dataIndex: 'description' },
          ...(incident.can.manage
            ? [{ title: '', key: 'x', render: (_: unknown, r: { id: string }) => <Button size="small" type="link" danger onClick={() => step.removeIndicator.mutate(r.id)}>{t('incidents.remove')}</Button> }]
            : []),
        ]}
      />
      {incident.can.contribute ? (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 8 }}
          initialValues={{ kind: 'ipv4' }}
          onFinish={(v) => step.addIndicator.mutate(v, { onSuccess: () => form.resetFields(['value', 'description']), onError: (err) => applyServerFieldErrors(form, err) })}
        >
          <Form.Item name="kind">
            <Select style={{ width: 150 }} aria-label={t('incidents.fields.indicatorKind')} options={INDICATOR_KINDS.map((k) => ({ value: k, label: t(`incidents.indicatorKind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="value" rules={[{ required: true, message: t('incidents.form.required') }]}>
            <Input placeholder={t('incidents.fields.value')} aria-label={t('incidents.fields.value')} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="description">
            <Input placeholder={t('incidents.fields.description')} style={{ width: 220 }} />
          </Form.Item>
          <Button htmlType="submit" loading={step.addIndicator.isPending}>
            {t('incidents.case.addIndicator')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

function EvidenceCard({ incident, step }: { incident: Incident; step: Step }) {
  const { t } = useTranslation();
  return (
    <Card title={t('incidents.case.evidence')} size="small" style={{ marginBottom: 16 }}>
      <List
        size="small"
        locale={{ emptyText: t('incidents.case.noEvidence') }}
        dataSource={incident.evidence}
        renderItem={(e) => (
          <List.Item>
            <a href={evidenceUrl(incident.id, e.id)}>{e.fileName}</a>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              SHA-256 {e.sha256.slice(0, 16)}… · {formatDateTime(e.createdAt)}
            </Typography.Text>
          </List.Item>
        )}
      />
      {incident.can.contribute ? (
        <Upload
          showUploadList={false}
          beforeUpload={(file) => {
            step.uploadEvidence.mutate(file);
            return false;
          }}
        >
          <Button loading={step.uploadEvidence.isPending}>{t('incidents.case.upload')}</Button>
        </Upload>
      ) : null}
      <FormError error={step.uploadEvidence.error} />
    </Card>
  );
}

function TimelineCard({ incident, step }: { incident: Incident; step: Step }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  return (
    <Card title={t('incidents.case.timeline')} size="small" style={{ marginBottom: 16 }}>
      <Timeline
        items={incident.events.map((e) => ({
          color: e.kind === 'report_overdue' ? 'red' : e.kind === 'status_changed' ? 'blue' : 'gray',
          children: (
            <div>
              <Typography.Text strong>{eventText(t, e)}</Typography.Text>
              {e.body ? <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{e.body}</Typography.Paragraph> : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.at)}
                {e.actorName ? ` · ${e.actorName}` : ''}
              </Typography.Text>
            </div>
          ),
        }))}
      />
      {incident.can.contribute ? (
        <Flex gap={8}>
          <Input.TextArea rows={2} value={text} maxLength={4000} onChange={(e) => setText(e.target.value)} placeholder={t('incidents.case.commentPlaceholder')} aria-label={t('incidents.case.commentPlaceholder')} />
          <Button disabled={!text.trim()} loading={step.comment.isPending} onClick={() => step.comment.mutate(text, { onSuccess: () => setText('') })}>
            {t('incidents.case.addComment')}
          </Button>
        </Flex>
      ) : null}
    </Card>
  );
}

/** `/incidents/:id`: the case as the response team and the reporting unit see it. */
export function IncidentCasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useIncident(id);
  const step = useIncidentStep(id);
  if (q.error) return <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />;
  const i = q.data;
  if (!i) return <Card loading />;
  const current = INCIDENT_STATUSES.indexOf(i.status);
  return (
    <>
      <PageHeader
        title={`${i.code} — ${i.title}`}
        description={`${i.orgName} · ${t(`incidents.type.${i.type}`)} · ${t('incidents.fields.detectedAt')}: ${formatDateTime(i.detectedAt)}`}
        extra={
          <Flex gap={8} wrap>
            <StatusTag status={i.status} />
            <SeverityTag severity={i.severity} />
            {i.serious ? <Tag color="volcano">{t('incidents.flags.serious')}</Tag> : null}
            <Tag>TLP:{i.tlp.toUpperCase()}</Tag>
            {i.can.share ? (
              <Button href={stixUrl(i.id)} download>
                {t('incidents.case.stix')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      <Steps size="small" current={current} status={i.status === 'closed' ? 'finish' : 'process'} style={{ marginBottom: 16 }} items={INCIDENT_STATUSES.map((s) => ({ title: t(`incidents.status.${s}`) }))} />
      {i.isOverdue ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={t('incidents.case.overdueBanner', { due: formatDateTime(i.nextDueAt) })} /> : null}
      {i.reopenReason && i.status !== 'closed' ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('incidents.case.reopened', { reason: i.reopenReason })} /> : null}
      <div style={{ marginBottom: 16 }}>
        <TransitionButtons incident={i} step={step} />
      </div>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={t('incidents.case.report')} size="small" style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('incidents.fields.reporterName')}>
                {i.reporterName}
                {i.reporterTitle ? `, ${i.reporterTitle}` : ''} · {i.reporterPhone}
                {i.reporterEmail ? ` · ${i.reporterEmail}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('incidents.fields.description')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{i.description}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('incidents.fields.actionsTaken')}>{i.actionsTaken ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('incidents.fields.supportRequested')}>{i.supportRequested ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('incidents.fields.infrastructureProvider')}>{i.infrastructureProvider ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('incidents.fields.systems')}>{i.systems.length ? i.systems.map((s) => s.name).join(', ') : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('incidents.fields.alerts')}>
                {i.alerts.length ? i.alerts.map((a) => `${a.ruleName} (${formatDateTime(a.occurredAt)})`).join('; ') : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('incidents.fields.regime')}>{t(`incidents.regime.${i.regime}`)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <ReportsCard incident={i} />
          <TimelineCard incident={i} step={step} />
          <IndicatorsCard incident={i} step={step} />
        </Col>
        <Col xs={24} lg={10}>
          <MembersCard incident={i} step={step} />
          <SendReportCard incident={i} step={step} />
          <ClosingCard incident={i} step={step} />
          <EvidenceCard incident={i} step={step} />
        </Col>
      </Row>
    </>
  );
}
