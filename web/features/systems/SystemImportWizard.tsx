import { useState } from 'react';
import { Alert, Button, Checkbox, Flex, Modal, Result, Steps, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ImportResult, ImportRowResult } from '@shared/api/orgs';
import type { SystemImportPreview } from '@shared/api/systems';
import { formatNumber } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { IMPORT_TEMPLATE_URL, useCommitSystemImport, useUploadSystemImport } from './api';

const ACTION_COLORS: Record<ImportRowResult['action'], string> = { create: 'green', update: 'blue', error: 'red' };

interface SystemImportWizardProps {
  open: boolean;
  onClose: () => void;
}

/** Upload → preview with each row's errors → confirm; same steps as the organisations' import. */
export function SystemImportWizard({ open, onClose }: SystemImportWizardProps) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onCancel={onClose} title={t('systemsUi.import.title')} footer={null} width={960} destroyOnHidden mask={{ closable: false }}>
      {open ? <Wizard onClose={onClose} /> : null}
    </Modal>
  );
}

function Wizard({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const upload = useUploadSystemImport();
  const commit = useCommitSystemImport();
  const [preview, setPreview] = useState<SystemImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [acceptValidRows, setAcceptValidRows] = useState(false);
  const [onlyErrors, setOnlyErrors] = useState(false);

  const step = result ? 2 : preview ? 1 : 0;
  const steps = (
    <Steps
      current={step}
      size="small"
      style={{ marginBottom: 20 }}
      items={[
        { title: t('systemsUi.import.stepUpload') },
        { title: t('systemsUi.import.stepPreview') },
        { title: t('systemsUi.import.stepResult') },
      ]}
    />
  );

  if (result) {
    return (
      <>
        {steps}
        <Result
          status="success"
          title={t('systemsUi.import.doneTitle')}
          subTitle={t('systemsUi.import.doneText', {
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
          title={t('systemsUi.import.summary', { valid: formatNumber(preview.valid), invalid: formatNumber(preview.invalid) })}
          description={hasErrors ? t('systemsUi.import.summaryErrorsHelp') : t('systemsUi.import.summaryOkHelp')}
        />
        {hasErrors ? (
          <Checkbox checked={onlyErrors} onChange={(e) => setOnlyErrors(e.target.checked)}>
            {t('systemsUi.import.onlyErrors')}
          </Checkbox>
        ) : null}
        <Table<ImportRowResult>
          size="small"
          rowKey="row"
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ y: 360 }}
          columns={[
            { title: t('systemsUi.import.row'), dataIndex: 'row', width: 80 },
            {
              title: t('systemsUi.fields.code'),
              dataIndex: 'code',
              width: 160,
              render: (code: string | null) => code ?? '',
            },
            {
              title: t('systemsUi.import.action'),
              dataIndex: 'action',
              width: 120,
              render: (action: ImportRowResult['action']) => (
                <Tag color={ACTION_COLORS[action]}>{t(`systemsUi.import.actions.${action}`)}</Tag>
              ),
            },
            {
              title: t('systemsUi.import.errors'),
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
            {t('systemsUi.import.acceptValidRows', { valid: formatNumber(preview.valid), invalid: formatNumber(preview.invalid) })}
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
            {t('systemsUi.import.chooseOther')}
          </Button>
          <Button
            type="primary"
            disabled={!canCommit}
            loading={commit.isPending}
            onClick={() => commit.mutate({ importId: preview.importId, body: { acceptValidRows } }, { onSuccess: setResult })}
          >
            {t('systemsUi.import.commit')}
          </Button>
        </Flex>
      </Flex>
    );
  }

  return (
    <Flex vertical gap={12}>
      {steps}
      <Typography.Paragraph style={{ margin: 0 }}>{t('systemsUi.import.intro')}</Typography.Paragraph>
      <div>
        <Button icon={<DownloadOutlined />} href={IMPORT_TEMPLATE_URL} download>
          {t('systemsUi.import.template')}
        </Button>
      </div>
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
        <p className="ant-upload-text">{upload.isPending ? t('systemsUi.import.checking') : t('systemsUi.import.dropHere')}</p>
        <p className="ant-upload-hint">{t('systemsUi.import.fileTypes')}</p>
      </Upload.Dragger>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('systemsUi.import.templateHelp')}
      </Typography.Paragraph>
    </Flex>
  );
}
