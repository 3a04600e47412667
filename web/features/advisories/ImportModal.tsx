import { useState } from 'react';
import { Alert, Button, Form, Input, List, Modal, Radio, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ImportResult } from '@shared/api/advisories';
import { FormError } from '../../ui/FormParts';
import { useImport } from './api';

/** Import of a CVE JSON 5 record or CISA's KEV catalogue, as files (the platform has no internet). */
export function ImportModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'cve_json5' | 'cisa_kev'>('cve_json5');
  const [file, setFile] = useState<File | null>(null);
  const [cveIds, setCveIds] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const run = useImport();

  const submit = () => {
    if (!file) return;
    run.mutate({ kind, file, cveIds }, { onSuccess: setResult });
  };

  return (
    <Modal
      open
      title={t('advisories.import.title')}
      onCancel={onClose}
      footer={
        result ? (
          <Button type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" disabled={!file} loading={run.isPending} onClick={submit}>
              {t('advisories.import.submit')}
            </Button>
          </>
        )
      }
    >
      {result ? (
        <>
          <Alert type="success" showIcon title={t('advisories.import.done', { created: result.created.length, entries: result.entries, skipped: result.skipped })} />
          <List
            size="small"
            dataSource={result.created}
            renderItem={(a) => (
              <List.Item>
                <Link to={`/advisories/${a.id}/edit`} onClick={onClose}>
                  {a.code} — {a.title}
                </Link>
              </List.Item>
            )}
          />
        </>
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('advisories.import.kind')}>
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value === 'cisa_kev' ? 'cisa_kev' : 'cve_json5')}>
              <Radio value="cve_json5">{t('advisories.import.cve')}</Radio>
              <Radio value="cisa_kev">{t('advisories.import.kev')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Typography.Paragraph type="secondary">{kind === 'cve_json5' ? t('advisories.import.cveHelp') : t('advisories.import.kevHelp')}</Typography.Paragraph>
          <Form.Item label={t('advisories.import.file')}>
            <Upload
              accept=".json,application/json"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
            >
              <Button icon={<UploadOutlined />}>{t('advisories.import.choose')}</Button>
            </Upload>
          </Form.Item>
          {kind === 'cisa_kev' ? (
            <Form.Item label={t('advisories.import.cveIds')} extra={t('advisories.import.cveIdsHelp')}>
              <Input value={cveIds} onChange={(e) => setCveIds(e.target.value)} placeholder="CVE-2024-21762, CVE-2023-27997" />
            </Form.Item>
          ) : null}
          <FormError error={run.error} />
        </Form>
      )}
    </Modal>
  );
}
