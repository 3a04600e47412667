import { useMemo } from 'react';
import { Alert, Button, Card, Checkbox, Col, Flex, Form, Input, Radio, Row, Select, Steps, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { DeadlineRuleList, ReportIncidentInput } from '@shared/api/incidents';
import { regimeInForceOn } from '@shared/domain/classification';
import { INCIDENT_SEVERITIES, INCIDENT_TYPES, TLP_MARKINGS, reportObligations, type IncidentSeverity, type IncidentType, type TlpMarking } from '@shared/domain/incidents';
import { vnDay } from '@shared/domain/working-days';
import { isApiError } from '../../lib/api';
import { applyServerFieldErrors } from '../../lib/forms';
import { formatDateTime } from '../../lib/format';
import { FormError } from '../../ui/FormParts';
import { PageHeader } from '../../ui/PageHeader';
import { useSession } from '../../app/session';
import { useDeadlineRules, useReportIncident, useSystemOptions } from './api';

interface Values {
  reporterName: string;
  reporterTitle?: string;
  reporterPhone: string;
  reporterEmail?: string;
  detectedLocal: string;
  type: IncidentType;
  severity: IncidentSeverity;
  flags: ('serious' | 'nationalSecuritySign' | 'beyondCapacity' | 'personalDataInvolved')[];
  title: string;
  description: string;
  systemIds: string[];
  infrastructureProvider?: string;
  actionsTaken?: string;
  supportRequested?: string;
  tlp: TlpMarking;
}

/** "YYYY-MM-DDTHH:mm" in the browser's time zone, for a datetime-local input. */
function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The due dates the law gives this incident, computed as the form is filled (the same function the server uses). */
function DueDates({ rules, detected, flags }: { rules: DeadlineRuleList | undefined; detected: Date | null; flags: Values['flags'] }) {
  const { t, i18n } = useTranslation();
  if (!rules || !detected || Number.isNaN(detected.getTime())) return null;
  const regime = regimeInForceOn(rules.regimes, vnDay(detected));
  if (!regime) return null;
  const owed = reportObligations(
    rules.items.filter((r) => r.regime === regime),
    {
      detectedAt: detected,
      responseEndedAt: null,
      serious: flags.includes('serious'),
      nationalSecuritySign: flags.includes('nationalSecuritySign'),
      beyondCapacity: flags.includes('beyondCapacity'),
      personalDataInvolved: flags.includes('personalDataInvolved'),
    },
  );
  const text = (code: string) => {
    const r = rules.items.find((x) => x.code === code);
    return r ? (i18n.language === 'en' ? r.textEn : r.textVi) : '';
  };
  return (
    <Card size="small" title={t('incidents.form.dueTitle', { regime: t(`incidents.regime.${regime}`) })} data-testid="due-dates">
      <Table
        size="small"
        pagination={false}
        rowKey="reportType"
        dataSource={owed}
        columns={[
          { title: t('incidents.fields.reportType'), dataIndex: 'reportType', render: (v: string) => t(`incidents.reportType.${v}`) },
          {
            title: t('incidents.fields.dueAt'),
            render: (_, o) => (o.dueAt ? <strong>{formatDateTime(o.dueAt)}</strong> : <Typography.Text type="secondary">{t('incidents.form.dueLater')}</Typography.Text>),
          },
          {
            title: t('incidents.fields.why'),
            render: (_, o) => (o.rule.legalRef ? <span>{text(o.rule.code)} <Tag>{o.rule.legalRef}</Tag>{o.rule.verified ? null : <Tag color="orange">{t('incidents.unverified')}</Tag>}</span> : t('incidents.form.finalNoDeadline')),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('incidents.form.dueHelp')}
      </Typography.Paragraph>
    </Card>
  );
}

/** `/incidents/new` (and `?alerts=<id>,<id>` from the alert queue): the report a commune officer fills without help. */
export function IncidentReportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const [params] = useSearchParams();
  const alertIds = useMemo(() => (params.get('alerts') ?? '').split(',').map((s) => s.trim()).filter(Boolean), [params]);
  const [form] = Form.useForm<Values>();
  const report = useReportIncident();
  const rules = useDeadlineRules();
  const systems = useSystemOptions();
  const detectedLocal = Form.useWatch('detectedLocal', form);
  const flags = Form.useWatch('flags', form) ?? [];
  const type = Form.useWatch('type', form);
  const detected = detectedLocal ? new Date(detectedLocal) : null;

  const initial: Partial<Values> = {
    reporterName: session.user.fullName,
    reporterTitle: session.user.title ?? undefined,
    reporterPhone: session.user.phone ?? undefined,
    reporterEmail: session.user.email ?? undefined,
    detectedLocal: localInputValue(new Date()),
    type: alertIds.length ? 'intrusion' : 'other',
    severity: 'medium',
    flags: [],
    systemIds: [],
    tlp: 'amber',
    title: alertIds.length ? t('incidents.form.fromAlertsTitle', { count: alertIds.length }) : undefined,
  };

  const submit = (v: Values) => {
    const body: ReportIncidentInput = {
      reporterName: v.reporterName,
      reporterTitle: v.reporterTitle || null,
      reporterPhone: v.reporterPhone,
      reporterEmail: v.reporterEmail || null,
      detectedAt: new Date(v.detectedLocal).toISOString(),
      type: v.type,
      severity: v.severity,
      serious: v.flags.includes('serious'),
      nationalSecuritySign: v.flags.includes('nationalSecuritySign'),
      beyondCapacity: v.flags.includes('beyondCapacity'),
      personalDataInvolved: v.flags.includes('personalDataInvolved'),
      title: v.title,
      description: v.description,
      systemIds: v.systemIds,
      alertIds,
      infrastructureProvider: v.infrastructureProvider || null,
      actionsTaken: v.actionsTaken || null,
      supportRequested: v.supportRequested || null,
      tlp: v.tlp,
    };
    report.mutate(body, {
      onSuccess: (i) => void navigate(`/incidents/${i.id}`),
      onError: (err) => {
        applyServerFieldErrors(form, err);
        // The detection time is shown in a local input: put its server message there.
        const e = isApiError(err) ? err.fields.detectedAt : undefined;
        if (e) form.setFields([{ name: 'detectedLocal', errors: [e] }]);
      },
    });
  };

  const required = { required: true, message: t('incidents.form.required') };
  return (
    <>
      <PageHeader title={t('incidents.form.title')} description={t('incidents.form.intro')} />
      <Steps
        size="small"
        style={{ marginBottom: 16 }}
        items={[{ title: t('incidents.form.step1') }, { title: t('incidents.form.step2') }, { title: t('incidents.form.step3') }, { title: t('incidents.form.step4') }]}
      />
      {alertIds.length ? <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('incidents.form.fromAlerts', { count: alertIds.length })} /> : null}
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit} scrollToFirstError>
        <Card title={`1. ${t('incidents.form.step1')}`} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('incidents.form.step1Help')}</Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="reporterName" label={t('incidents.fields.reporterName')} rules={[required]}>
                <Input maxLength={255} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="reporterTitle" label={t('incidents.fields.reporterTitle')}>
                <Input maxLength={255} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="reporterPhone" label={t('incidents.fields.reporterPhone')} rules={[required]} extra={t('incidents.form.phoneHelp')}>
                <Input maxLength={32} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="reporterEmail" label={t('incidents.fields.reporterEmail')}>
                <Input maxLength={254} type="email" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={`2. ${t('incidents.form.step2')}`} style={{ marginBottom: 16 }}>
          <Form.Item name="title" label={t('incidents.fields.title')} rules={[required]} extra={t('incidents.form.titleHelp')}>
            <Input maxLength={255} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="detectedLocal" label={t('incidents.fields.detectedAt')} rules={[required]} extra={t('incidents.form.detectedHelp')}>
                <Input type="datetime-local" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="type" label={t('incidents.fields.type')} rules={[required]} extra={t(`incidents.typeHelp.${type ?? 'other'}`)}>
                <Select options={INCIDENT_TYPES.map((x) => ({ value: x, label: t(`incidents.type.${x}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="severity" label={t('incidents.fields.severity')} rules={[required]} extra={t('incidents.form.severityHelp')}>
            <Radio.Group optionType="button" options={INCIDENT_SEVERITIES.map((x) => ({ value: x, label: t(`incidents.severity.${x}`) }))} />
          </Form.Item>
          <Form.Item name="flags" label={t('incidents.form.flagsLabel')} extra={t('incidents.form.flagsHelp')}>
            <Checkbox.Group>
              <Flex vertical gap={4}>
                {(['serious', 'nationalSecuritySign', 'beyondCapacity', 'personalDataInvolved'] as const).map((f) => (
                  <Checkbox key={f} value={f}>
                    {t(`incidents.flags.${f}`)} <Typography.Text type="secondary">— {t(`incidents.flagsHelp.${f}`)}</Typography.Text>
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          </Form.Item>
          <Form.Item name="description" label={t('incidents.fields.description')} rules={[required]} extra={t('incidents.form.descriptionHelp')}>
            <Input.TextArea rows={5} maxLength={8000} showCount />
          </Form.Item>
          <Form.Item name="systemIds" label={t('incidents.fields.systems')} extra={t('incidents.form.systemsHelp')}>
            <Select
              mode="multiple"
              allowClear
              loading={systems.isPending}
              optionFilterProp="label"
              options={(systems.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
            />
          </Form.Item>
          <DueDates rules={rules.data} detected={detected} flags={flags} />
        </Card>
        <Card title={`3. ${t('incidents.form.step3')}`} style={{ marginBottom: 16 }}>
          <Form.Item name="actionsTaken" label={t('incidents.fields.actionsTaken')} extra={t('incidents.form.actionsHelp')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="supportRequested" label={t('incidents.fields.supportRequested')} extra={t('incidents.form.supportHelp')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="infrastructureProvider" label={t('incidents.fields.infrastructureProvider')} extra={t('incidents.form.providerHelp')}>
            <Input maxLength={500} />
          </Form.Item>
        </Card>
        <Card title={`4. ${t('incidents.form.step4')}`} style={{ marginBottom: 16 }}>
          <Form.Item name="tlp" label={t('incidents.fields.tlp')} extra={t('incidents.form.tlpHelp')}>
            <Radio.Group options={TLP_MARKINGS.map((x) => ({ value: x, label: `TLP:${x.toUpperCase()}` }))} />
          </Form.Item>
          <FormError error={report.error} />
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={report.isPending}>
              {t('incidents.form.submit')}
            </Button>
            <Button onClick={() => void navigate('/incidents')}>{t('common.cancel')}</Button>
          </Flex>
        </Card>
      </Form>
    </>
  );
}
