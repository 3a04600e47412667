import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Row, Select, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { Advisory, CreateAdvisoryBody, PreviewTarget, ProductInput, TargetPreview } from '@shared/api/advisories';
import { SEVERITIES, TLPS, type Severity, type Tlp, type VersionStatus } from '@shared/domain/advisories';
import { applyServerFieldErrors } from '../../lib/forms';
import { endOfDayVn, formatNumber } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormError } from '../../ui/FormParts';
import { FullPageSpinner } from '../../ui/FullPageSpinner';
import { PageHeader } from '../../ui/PageHeader';
import { useAdvisory, useCreateAdvisory, usePreview, useUpdateAdvisory } from './api';
import { WhyText } from './labels';

type BoundKind = 'lessThan' | 'lessThanOrEqual' | 'exact';
interface RuleForm {
  version?: string;
  boundKind: BoundKind;
  bound?: string;
  status: VersionStatus;
}
interface ProductForm {
  vendor?: string;
  product?: string;
  allVersions: boolean;
  versions?: RuleForm[];
}
export interface AdvisoryFormValues {
  title?: string;
  description?: string;
  guidance?: string;
  severity: Severity;
  cvssScore?: number | null;
  cvssVector?: string;
  cveIds?: string;
  tlp: Tlp;
  ackDue?: string;
  remediationDue?: string;
  products: ProductForm[];
}

const DAY = 86_400_000;
/** yyyy-mm-dd of a day in Vietnam, `days` from now. */
function vnDayIn(days: number): string {
  return new Date(Date.now() + days * DAY + 7 * 3_600_000).toISOString().slice(0, 10);
}
function vnDayOf(iso: string | null): string | undefined {
  return iso ? new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 10) : undefined;
}

export function toProducts(products: ProductForm[]): ProductInput[] {
  return products.map((p) => ({
    vendor: p.vendor?.trim() || null,
    product: (p.product ?? '').trim(),
    allVersions: p.allVersions,
    defaultStatus: 'unaffected',
    versions: p.allVersions
      ? []
      : (p.versions ?? []).map((r) => ({
          version: r.version?.trim() || (r.boundKind === 'exact' ? '' : '0'),
          status: r.status,
          ...(r.boundKind === 'lessThan' && r.bound ? { lessThan: r.bound.trim() } : {}),
          ...(r.boundKind === 'lessThanOrEqual' && r.bound ? { lessThanOrEqual: r.bound.trim() } : {}),
        })),
  }));
}

export function toBody(v: AdvisoryFormValues): CreateAdvisoryBody {
  return {
    title: (v.title ?? '').trim(),
    description: v.description?.trim() || null,
    guidance: v.guidance?.trim() || null,
    severity: v.severity,
    cvssScore: v.cvssScore ?? null,
    cvssVector: v.cvssVector?.trim() || null,
    cveIds: (v.cveIds ?? '')
      .split(/[\s,;]+/)
      .map((s) => s.trim().toUpperCase())
      .filter((s) => s !== ''),
    tlp: v.tlp,
    ackDueAt: v.ackDue ? new Date(endOfDayVn(v.ackDue)).toISOString() : null,
    remediationDueAt: v.remediationDue ? new Date(endOfDayVn(v.remediationDue)).toISOString() : null,
    products: toProducts(v.products),
  };
}

function fromAdvisory(a: Advisory): AdvisoryFormValues {
  return {
    title: a.title,
    description: a.description ?? undefined,
    guidance: a.guidance ?? undefined,
    severity: a.severity,
    cvssScore: a.cvssScore,
    cvssVector: a.cvssVector ?? undefined,
    cveIds: a.cveIds.join(', '),
    tlp: a.tlp,
    ackDue: vnDayOf(a.ackDueAt),
    remediationDue: vnDayOf(a.remediationDueAt),
    products: a.products.map((p) => ({
      vendor: p.vendor ?? undefined,
      product: p.product,
      allVersions: p.allVersions || (p.versions.length === 0 && p.defaultStatus === 'affected'),
      versions: p.versions.map((r) => ({
        version: r.version,
        status: r.status,
        boundKind: r.lessThan !== undefined ? 'lessThan' : r.lessThanOrEqual !== undefined ? 'lessThanOrEqual' : 'exact',
        bound: r.lessThan ?? r.lessThanOrEqual,
      })),
    })),
  };
}

const NEW_RULE: RuleForm = { version: '0', boundKind: 'lessThan', status: 'affected' };

/** The targeting preview: affected organisations and the first matches with why. */
export function PreviewPanel({ preview }: { preview: TargetPreview }) {
  const { t } = useTranslation();
  return (
    <div data-testid="preview">
      <Alert
        type={preview.totals.orgs > 0 ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        title={t('advisories.preview.totals', { orgs: formatNumber(preview.totals.orgs), systems: formatNumber(preview.totals.systems), endpoints: formatNumber(preview.totals.endpoints) })}
      />
      <Table
        size="small"
        rowKey="orgId"
        dataSource={preview.orgs}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('advisories.fields.org'), dataIndex: 'orgName' },
          { title: t('advisories.preview.systems'), dataIndex: 'systems' },
          { title: t('advisories.preview.endpoints'), dataIndex: 'endpoints' },
        ]}
      />
      <Typography.Title level={5}>{t('advisories.preview.sample')}</Typography.Title>
      <Table<PreviewTarget>
        size="small"
        rowKey={(r) => `${r.assetKind}:${r.assetId}`}
        dataSource={preview.sample}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('advisories.fields.asset'), render: (_: unknown, r) => `${t(`advisories.assetKind.${r.assetKind}`)}: ${r.assetName}` },
          { title: t('advisories.fields.org'), dataIndex: 'orgName' },
          { title: t('advisories.fields.why'), render: (_: unknown, r) => <WhyText why={r.why} /> },
        ]}
      />
    </div>
  );
}

function RulesEditor({ productField }: { productField: number }) {
  const { t } = useTranslation();
  return (
    <Form.List name={[productField, 'versions']}>
      {(rules, { add, remove }) => (
        <>
          {rules.map((rule) => (
            <Space key={rule.key} wrap align="baseline" style={{ marginBottom: 4 }}>
              <Form.Item name={[rule.name, 'version']} label={t('advisories.rule.fromLabel')} style={{ marginBottom: 0 }}>
                <Input style={{ width: 110 }} placeholder="0" />
              </Form.Item>
              <Form.Item name={[rule.name, 'boundKind']} style={{ marginBottom: 0 }}>
                <Select
                  style={{ width: 150 }}
                  options={(['lessThan', 'lessThanOrEqual', 'exact'] as const).map((k) => ({ value: k, label: t(`advisories.rule.kind.${k}`) }))}
                />
              </Form.Item>
              <Form.Item name={[rule.name, 'bound']} style={{ marginBottom: 0 }}>
                <Input style={{ width: 130 }} placeholder="1.25.3" aria-label={t('advisories.rule.bound')} />
              </Form.Item>
              <Form.Item name={[rule.name, 'status']} style={{ marginBottom: 0 }}>
                <Select style={{ width: 160 }} options={(['affected', 'unaffected'] as const).map((s) => ({ value: s, label: t(`advisories.versionStatus.${s}`) }))} />
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(rule.name)} />
            </Space>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ ...NEW_RULE })}>
            {t('advisories.rule.add')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** `/advisories/new` and `/advisories/:id/edit`: the authority's draft, with a targeting preview. */
export function AdvisoryFormPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<AdvisoryFormValues>();
  const existing = useAdvisory(id);
  const create = useCreateAdvisory();
  const update = useUpdateAdvisory(id);
  const preview = usePreview();
  const [shown, setShown] = useState<TargetPreview | null>(null);
  const save = id ? update : create;

  useEffect(() => {
    if (existing.data) form.setFieldsValue(fromAdvisory(existing.data));
  }, [existing.data, form]);

  if (id && existing.isPending) return <FullPageSpinner />;
  if (id && existing.error) return <ErrorNotice error={existing.error} onRetry={() => void existing.refetch()} />;

  const onPreview = async () => {
    const values = await form.validateFields(['products']).catch(() => null);
    if (!values) return;
    preview.mutate({ products: toProducts(form.getFieldValue('products') ?? []) }, { onSuccess: setShown });
  };

  const onFinish = (values: AdvisoryFormValues) => {
    save.mutate(toBody(values), {
      onSuccess: (a) => void navigate(`/advisories/${a.id}`),
      onError: (e) => applyServerFieldErrors(form, e),
    });
  };

  return (
    <>
      <PageHeader title={id ? t('advisories.editTitle', { code: existing.data?.code ?? '' }) : t('advisories.newTitle')} description={t('advisories.formHelp')} />
      <Form<AdvisoryFormValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ severity: 'high', tlp: 'clear', ackDue: vnDayIn(3), remediationDue: vnDayIn(14), products: [{ allVersions: false, versions: [{ ...NEW_RULE }] }] }}
      >
        <Card title={t('advisories.section.content')} style={{ marginBottom: 16 }}>
          <Form.Item name="title" label={t('advisories.fields.title')} rules={[{ required: true, message: t('form.required') }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="severity" label={t('advisories.fields.severity')}>
                <Select options={SEVERITIES.map((s) => ({ value: s, label: t(`advisories.severity.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="tlp" label={t('advisories.fields.tlp')} extra={t('advisories.tlpHelp')}>
                <Select options={TLPS.map((s) => ({ value: s, label: `TLP:${s.toUpperCase()}` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item name="cvssScore" label={t('advisories.fields.cvssScore')}>
                <InputNumber min={0} max={10} step={0.1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="cvssVector" label={t('advisories.fields.cvssVector')}>
                <Input placeholder="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="cveIds" label={t('advisories.fields.cveIds')}>
            <Input placeholder="CVE-2024-21762" />
          </Form.Item>
          <Form.Item name="description" label={t('advisories.fields.description')}>
            <Input.TextArea rows={3} maxLength={20000} />
          </Form.Item>
          <Form.Item name="guidance" label={t('advisories.fields.guidance')}>
            <Input.TextArea rows={3} maxLength={20000} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="ackDue" label={t('advisories.fields.ackDueAt')}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="remediationDue" label={t('advisories.fields.remediationDueAt')}>
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={t('advisories.section.products')} style={{ marginBottom: 16 }} extra={<Typography.Text type="secondary">{t('advisories.productsHelp')}</Typography.Text>}>
          <Form.List name="products">
            {(products, { add, remove }) => (
              <>
                {products.map((p) => (
                  <Card key={p.key} size="small" style={{ marginBottom: 8 }} data-testid="product">
                    <Flex gap={8} wrap align="start">
                      <Form.Item name={[p.name, 'vendor']} label={t('advisories.fields.vendor')} style={{ minWidth: 180 }}>
                        <Input placeholder="Fortinet" />
                      </Form.Item>
                      <Form.Item name={[p.name, 'product']} label={t('advisories.fields.product')} rules={[{ required: true, message: t('form.required') }]} style={{ minWidth: 220 }}>
                        <Input placeholder="FortiOS" />
                      </Form.Item>
                      <Form.Item name={[p.name, 'allVersions']} valuePropName="checked" label=" ">
                        <Checkbox>{t('advisories.allVersions')}</Checkbox>
                      </Form.Item>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.remove')} disabled={products.length === 1} onClick={() => remove(p.name)} style={{ marginTop: 30 }} />
                    </Flex>
                    <Form.Item noStyle shouldUpdate>
                      {() => (form.getFieldValue(['products', p.name, 'allVersions']) ? null : <RulesEditor productField={p.name} />)}
                    </Form.Item>
                  </Card>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ allVersions: false, versions: [{ ...NEW_RULE }] })}>
                  {t('advisories.addProduct')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <Card
          title={t('advisories.preview.title')}
          style={{ marginBottom: 16 }}
          extra={
            <Button onClick={() => void onPreview()} loading={preview.isPending}>
              {t('advisories.preview.run')}
            </Button>
          }
        >
          <FormError error={preview.error} />
          {shown ? <PreviewPanel preview={shown} /> : <Typography.Text type="secondary">{t('advisories.preview.help')}</Typography.Text>}
        </Card>
        <FormError error={save.error} />
        <Flex justify="flex-end" gap={8}>
          <Button onClick={() => void navigate(id ? `/advisories/${id}` : '/advisories')}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('advisories.saveDraft')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
