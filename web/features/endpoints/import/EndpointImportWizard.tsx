import { useState } from 'react';
import { Alert, AutoComplete, Button, Checkbox, Flex, Form, Result, Select, Steps, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  ENDPOINT_IMPORT_FIELDS,
  REQUIRED_ENDPOINT_IMPORT_FIELDS,
  type EndpointImportAction,
  type EndpointImportField,
  type EndpointImportMapping,
  type EndpointImportPreview,
  type EndpointImportResult,
  type EndpointImportRowResult,
} from '@shared/api/endpoint-import';
import { isApiError } from '../../../lib/api';
import { formatNumber } from '../../../lib/format';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { useSessionQuery } from '../../../app/session';
import { OrgPicker } from '../../orgs/OrgPicker';
import { useCommitEndpointImport, usePreviewEndpointImport, useSavedMappings } from './api';

const ACTION_COLORS: Record<EndpointImportAction, string> = { create: 'green', update: 'blue', unchanged: 'default', error: 'red' };
const sameMapping = (a: EndpointImportMapping, b: EndpointImportMapping) =>
  ENDPOINT_IMPORT_FIELDS.every((f) => (a[f] ?? null) === (b[f] ?? null));

export interface EndpointImportWizardProps {
  /** Called when the user closes the result. */
  onDone?: () => void;
}

/**
 * Import of a central anti-malware console's export: file and source → column mapping (prefilled from
 * the saved or guessed one) → preview with each row's outcome → confirm → result.
 */
export function EndpointImportWizard({ onDone }: EndpointImportWizardProps) {
  const { t } = useTranslation();
  const session = useSessionQuery();
  const preview = usePreviewEndpointImport();
  const commit = useCommitEndpointImport();
  const [orgId, setOrgId] = useState<string | null>(null);
  const [source, setSource] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState(0);
  const [current, setCurrent] = useState<EndpointImportPreview | null>(null);
  const [mapping, setMapping] = useState<EndpointImportMapping>({});
  const [saveMapping, setSaveMapping] = useState(true);
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [result, setResult] = useState<EndpointImportResult | null>(null);
  const chosenOrg = orgId ?? session.data?.user.orgId ?? null;
  const saved = useSavedMappings(chosenOrg);

  const reset = () => {
    setStep(0);
    setCurrent(null);
    setResult(null);
    setFile(null);
    preview.reset();
    commit.reset();
  };

  const runPreview = (withMapping?: EndpointImportMapping) => {
    if (!file || !chosenOrg || !source.trim()) return;
    preview.mutate(
      { file, orgId: chosenOrg, source: source.trim(), ...(withMapping ? { mapping: withMapping } : {}) },
      {
        onSuccess: (p) => {
          setCurrent(p);
          setMapping(p.mapping);
          setSaveMapping(p.mappingFrom !== 'saved');
          // A proposed mapping that fits goes straight to the preview only when the user chose it.
          setStep(withMapping && p.importId ? 2 : 1);
        },
      },
    );
  };

  const steps = (
    <Steps
      current={step}
      size="small"
      style={{ marginBottom: 20 }}
      items={[
        { title: t('endpointImportUi.stepFile') },
        { title: t('endpointImportUi.stepMapping') },
        { title: t('endpointImportUi.stepPreview') },
        { title: t('endpointImportUi.stepResult') },
      ]}
    />
  );

  if (step === 3 && result) {
    return (
      <>
        {steps}
        <Result
          status="success"
          title={t('endpointImportUi.doneTitle')}
          subTitle={t('endpointImportUi.doneText', {
            created: formatNumber(result.created),
            updated: formatNumber(result.updated),
            unchanged: formatNumber(result.unchanged),
            skipped: formatNumber(result.skipped),
          })}
          extra={[
            <Button key="again" onClick={reset}>
              {t('endpointImportUi.another')}
            </Button>,
            <Button key="done" type="primary" onClick={onDone}>
              {t('endpointImportUi.done')}
            </Button>,
          ]}
        />
      </>
    );
  }

  if (step === 2 && current) {
    return (
      <Flex vertical gap={12}>
        {steps}
        <PreviewStep preview={current} onlyErrors={onlyErrors} setOnlyErrors={setOnlyErrors} />
        {commit.error ? <ErrorNotice error={commit.error} /> : null}
        <Checkbox checked={saveMapping} onChange={(e) => setSaveMapping(e.target.checked)}>
          {t('endpointImportUi.saveMapping', { source: current.source })}
        </Checkbox>
        <Flex justify="space-between" gap={8}>
          <Button onClick={() => setStep(1)}>{t('endpointImportUi.back')}</Button>
          <Button
            type="primary"
            disabled={!current.importId || current.summary.total === current.summary.error}
            loading={commit.isPending}
            onClick={() =>
              current.importId &&
              commit.mutate(
                { importId: current.importId, saveMapping },
                {
                  onSuccess: (r) => {
                    setResult(r);
                    setStep(3);
                  },
                },
              )
            }
          >
            {t('endpointImportUi.commit')}
          </Button>
        </Flex>
      </Flex>
    );
  }

  if (step === 1 && current) {
    const fieldErrors = isApiError(preview.error) ? preview.error.fields : {};
    const errorOf = (field: EndpointImportField) =>
      fieldErrors[`mapping.${field}`] ?? current.mappingErrors.find((e) => e.field === field && sameMapping(mapping, current.mapping))?.message;
    return (
      <Flex vertical gap={12}>
        {steps}
        <Alert
          type={current.mappingErrors.length ? 'warning' : 'info'}
          showIcon
          title={t(`endpointImportUi.mappingFrom.${current.mappingFrom}`, { source: current.source })}
          description={t('endpointImportUi.mappingHelp', { count: current.headers.length })}
        />
        {preview.error && !isApiError(preview.error) ? <ErrorNotice error={preview.error} /> : null}
        {isApiError(preview.error) && Object.keys(fieldErrors).length === 0 ? <ErrorNotice error={preview.error} /> : null}
        <Form layout="horizontal" labelCol={{ span: 8 }} wrapperCol={{ span: 14 }}>
          {ENDPOINT_IMPORT_FIELDS.map((field) => {
            const error = errorOf(field);
            return (
              <Form.Item
                key={field}
                label={t(`endpointImport.fields.${field}`)}
                required={REQUIRED_ENDPOINT_IMPORT_FIELDS.includes(field)}
                validateStatus={error ? 'error' : undefined}
                help={error ?? t(`endpointImportUi.fieldHelp.${field}`)}
                htmlFor={`endpoint-import-${field}`}
              >
                <Select
                  id={`endpoint-import-${field}`}
                  allowClear
                  placeholder={t('endpointImportUi.noColumn')}
                  value={mapping[field] ?? null}
                  options={current.headers.map((h) => ({ value: h, label: h }))}
                  onChange={(value: string | null | undefined) => setMapping((m) => ({ ...m, [field]: value ?? undefined }))}
                />
              </Form.Item>
            );
          })}
        </Form>
        <Flex justify="space-between" gap={8}>
          <Button onClick={() => setStep(0)}>{t('endpointImportUi.back')}</Button>
          <Button
            type="primary"
            loading={preview.isPending}
            onClick={() => {
              if (current.importId && sameMapping(mapping, current.mapping)) setStep(2);
              else runPreview(mapping);
            }}
          >
            {t('endpointImportUi.toPreview')}
          </Button>
        </Flex>
      </Flex>
    );
  }

  const sources = [...new Set((saved.data?.items ?? []).map((m) => m.source))];
  return (
    <Flex vertical gap={12}>
      {steps}
      <Typography.Paragraph style={{ margin: 0 }}>{t('endpointImportUi.intro')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('endpointImportUi.org')} help={t('endpointImportUi.orgHelp')} required htmlFor="endpoint-import-org">
          <OrgPicker id="endpoint-import-org" value={chosenOrg} onChange={setOrgId} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('endpointImportUi.source')} help={t('endpointImportUi.sourceHelp')} required htmlFor="endpoint-import-source">
          <AutoComplete
            id="endpoint-import-source"
            value={source}
            onChange={setSource}
            options={sources.map((s) => ({ value: s, label: t('endpointImportUi.savedSource', { source: s }) }))}
            placeholder={t('endpointImportUi.sourcePlaceholder')}
            maxLength={100}
          />
        </Form.Item>
      </Form>
      {preview.error ? <ErrorNotice error={preview.error} /> : null}
      <Upload.Dragger
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        beforeUpload={(f) => {
          setFile(f);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{file ? t('endpointImportUi.chosenFile', { name: file.name }) : t('endpointImportUi.dropHere')}</p>
        <p className="ant-upload-hint">{t('endpointImportUi.fileTypes')}</p>
      </Upload.Dragger>
      <Flex justify="end">
        <Button type="primary" disabled={!file || !chosenOrg || !source.trim()} loading={preview.isPending} onClick={() => runPreview()}>
          {t('endpointImportUi.next')}
        </Button>
      </Flex>
    </Flex>
  );
}

function PreviewStep({ preview, onlyErrors, setOnlyErrors }: { preview: EndpointImportPreview; onlyErrors: boolean; setOnlyErrors: (v: boolean) => void }) {
  const { t } = useTranslation();
  const s = preview.summary;
  const rows = onlyErrors ? preview.rows.filter((r) => r.action === 'error') : preview.rows;
  return (
    <>
      <Alert
        type={s.error > 0 ? 'warning' : 'success'}
        showIcon
        title={t('endpointImportUi.summary', {
          create: formatNumber(s.create),
          update: formatNumber(s.update),
          unchanged: formatNumber(s.unchanged),
          error: formatNumber(s.error),
        })}
        description={s.error > 0 ? t('endpointImportUi.summaryErrorsHelp') : t('endpointImportUi.summaryOkHelp')}
      />
      {s.error > 0 ? (
        <Checkbox checked={onlyErrors} onChange={(e) => setOnlyErrors(e.target.checked)}>
          {t('endpointImportUi.onlyErrors')}
        </Checkbox>
      ) : null}
      <Table<EndpointImportRowResult>
        size="small"
        rowKey="row"
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ y: 420 }}
        columns={[
          { title: t('endpointImportUi.row'), dataIndex: 'row', width: 70 },
          { title: t('endpointImport.fields.hostname'), dataIndex: 'hostname', width: 170, render: (h: string | null) => h ?? '' },
          { title: t('endpointImport.fields.orgCode'), dataIndex: 'orgCode', width: 110, render: (c: string | null) => c ?? '' },
          {
            title: t('endpointImportUi.action'),
            dataIndex: 'action',
            width: 120,
            render: (action: EndpointImportAction) => <Tag color={ACTION_COLORS[action]}>{t(`endpointImportUi.actions.${action}`)}</Tag>,
          },
          {
            title: t('endpointImportUi.details'),
            key: 'details',
            render: (_: unknown, r: EndpointImportRowResult) =>
              r.errors.length > 0 ? (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {r.errors.map((e, i) => (
                    <li key={i}>
                      <Typography.Text type="danger">
                        {e.field ? `${t(`endpointImport.fields.${e.field}`)}: ` : ''}
                        {e.message}
                      </Typography.Text>
                    </li>
                  ))}
                </ul>
              ) : r.match ? (
                <Typography.Text type="secondary">
                  {t(`endpointImportUi.matchedBy.${r.match.by}`, { hostname: r.match.hostname })}
                  {r.changes.length > 0
                    ? ` — ${t('endpointImportUi.changes', { fields: r.changes.map((f) => t(`endpointImport.fields.${f}`)).join(', ') })}`
                    : ''}
                </Typography.Text>
              ) : null,
          },
        ]}
      />
    </>
  );
}
