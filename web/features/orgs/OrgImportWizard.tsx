import { useState } from 'react';
import { Alert, Button, Checkbox, Flex, Modal, Result, Steps, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { OrgImportRow, type ImportResult, type ImportRowResult, type OrgImportPreview } from '@shared/api/orgs';
import { formatNumber } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useCommitOrgImport, useUploadOrgImport } from './api';

/** The import file's columns, in the order of the shared row schema. */
export const IMPORT_COLUMNS = OrgImportRow.keyof().options;
const isRequiredColumn = (column: (typeof IMPORT_COLUMNS)[number]) =>
  !OrgImportRow.shape[column].safeParse(undefined).success;

const ACTION_COLORS: Record<ImportRowResult['action'], string> = { create: 'green', update: 'blue', error: 'red' };

interface OrgImportWizardProps {
  open: boolean;
  onClose: () => void;
}

export function OrgImportWizard({ open, onClose }: OrgImportWizardProps) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onCancel={onClose} title={t('orgs.import.title')} footer={null} width={960} destroyOnHidden mask={{ closable: false }}>
      {open ? <Wizard onClose={onClose} /> : null}
    </Modal>
  );
}

function ColumnGuide() {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="column"
      dataSource={IMPORT_COLUMNS.map((column) => ({ column, required: isRequiredColumn(column) }))}
      columns={[
        {
          title: t('orgs.import.columnName'),
          dataIndex: 'column',
          render: (column: string) => <Typography.Text code>{column}</Typography.Text>,
        },
        {
          title: t('orgs.import.columnViHeader'),
          dataIndex: 'column',
          key: 'vi',
          render: (column: string) => <Typography.Text code>{t(`orgs.import.viHeaders.${column}`)}</Typography.Text>,
        },
        {
          title: t('orgs.import.columnRequired'),
          dataIndex: 'required',
          render: (required: boolean) => (required ? <Tag color="red">{t('common.required')}</Tag> : t('common.optional')),
        },
        { title: t('orgs.import.columnMeaning'), dataIndex: 'column', key: 'help', render: (column: string) => t(`orgs.import.columnHelp.${column}`) },
      ]}
    />
  );
}

function Wizard({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const upload = useUploadOrgImport();
  const commit = useCommitOrgImport();
  const [preview, setPreview] = useState<OrgImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [acceptValidRows, setAcceptValidRows] = useState(false);
  const [onlyErrors, setOnlyErrors] = useState(false);

  const step = result ? 2 : preview ? 1 : 0;
  const steps = (
    <Steps
      current={step}
      size="small"
      style={{ marginBottom: 20 }}
      items={[{ title: t('orgs.import.stepUpload') }, { title: t('orgs.import.stepPreview') }, { title: t('orgs.import.stepResult') }]}
    />
  );

  if (result) {
    return (
      <>
        {steps}
        <Result
          status="success"
          title={t('orgs.import.doneTitle')}
          subTitle={t('orgs.import.doneText', {
            created: formatNumber(result.created),
            updated: formatNumber(result.updated),
            skipped: formatNumber(result.skipped),
          })}
          extra={
            <Button type="primary" onClick={onClose}>
              {t('common.close')}
            </Button>
          }
        />
      </>
    );
  }

  if (preview) {
    const hasErrors = preview.invalid > 0;
    const canCommit = preview.valid > 0 && (!hasErrors || acceptValidRows);
    const rows = onlyErrors ? preview.rows.filter((r) => r.action === 'error') : preview.rows;
    return (
      <Flex vertical gap={12}>
        {steps}
        <Alert
          type={hasErrors ? 'warning' : 'success'}
          showIcon
          title={t('orgs.import.summary', { valid: formatNumber(preview.valid), invalid: formatNumber(preview.invalid) })}
          description={hasErrors ? t('orgs.import.summaryErrorsHelp') : t('orgs.import.summaryOkHelp')}
        />
        {hasErrors ? (
          <Checkbox checked={onlyErrors} onChange={(e) => setOnlyErrors(e.target.checked)}>
            {t('orgs.import.onlyErrors')}
          </Checkbox>
        ) : null}
        <Table<ImportRowResult>
          size="small"
          rowKey="row"
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ y: 360 }}
          columns={[
            { title: t('orgs.import.row'), dataIndex: 'row', width: 80 },
            { title: t('orgs.fields.code'), dataIndex: 'code', width: 160, render: (code: string | null) => code ?? '' },
            {
              title: t('orgs.import.action'),
              dataIndex: 'action',
              width: 120,
              render: (action: ImportRowResult['action']) => (
                <Tag color={ACTION_COLORS[action]}>{t(`orgs.import.actions.${action}`)}</Tag>
              ),
            },
            {
              title: t('orgs.import.errors'),
              dataIndex: 'errors',
              render: (errors: string[]) =>
                errors.length === 0 ? null : (
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {errors.map((e, i) => (
                      <li key={i}>
                        <Typography.Text type="danger">{e}</Typography.Text>
                      </li>
                    ))}
                  </ul>
                ),
            },
          ]}
        />
        {commit.error ? <ErrorNotice error={commit.error} /> : null}
        {hasErrors ? (
          <Checkbox checked={acceptValidRows} onChange={(e) => setAcceptValidRows(e.target.checked)} disabled={preview.valid === 0}>
            {t('orgs.import.acceptValidRows', { valid: formatNumber(preview.valid), invalid: formatNumber(preview.invalid) })}
          </Checkbox>
        ) : null}
        <Flex justify="space-between" gap={8}>
          <Button
            onClick={() => {
              setPreview(null);
              setAcceptValidRows(false);
              upload.reset();
              commit.reset();
            }}
          >
            {t('orgs.import.chooseOther')}
          </Button>
          <Button
            type="primary"
            disabled={!canCommit}
            loading={commit.isPending}
            onClick={() =>
              commit.mutate({ importId: preview.importId, body: { acceptValidRows } }, { onSuccess: setResult })
            }
          >
            {t('orgs.import.commit')}
          </Button>
        </Flex>
      </Flex>
    );
  }

  return (
    <Flex vertical gap={12}>
      {steps}
      <Typography.Paragraph style={{ margin: 0 }}>{t('orgs.import.intro')}</Typography.Paragraph>
      {upload.error ? <ErrorNotice error={upload.error} /> : null}
      <Upload.Dragger
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        disabled={upload.isPending}
        beforeUpload={(file) => {
          upload.mutate(file, { onSuccess: setPreview });
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{upload.isPending ? t('orgs.import.checking') : t('orgs.import.dropHere')}</p>
        <p className="ant-upload-hint">{t('orgs.import.fileTypes')}</p>
      </Upload.Dragger>
      <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
        {t('orgs.import.columnsTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('orgs.import.columnsHelp')}
      </Typography.Paragraph>
      <ColumnGuide />
    </Flex>
  );
}
