import { App, Button, Flex, Popconfirm, Typography, Upload } from 'antd';
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Evidence } from '@shared/api/assessments';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { evidenceUrl, useDeleteEvidence, useUploadEvidence } from './api';

// What the server accepts (server/files/inspect.ts decides from the content; this only guides the picker).
const ACCEPT = '.pdf,.docx,.xlsx,.png,.jpg,.jpeg';

/** Evidence files of one requirement (or of the whole assessment), and the upload button while editable. */
export function EvidenceFiles({
  assessmentId,
  requirementId,
  files,
  canEdit,
  label,
}: {
  assessmentId: string;
  requirementId: string | null;
  files: Evidence[];
  canEdit: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadEvidence(assessmentId);
  const remove = useDeleteEvidence(assessmentId);
  const error = upload.error ? (isApiError(upload.error) ? (upload.error.fields.file ?? upload.error.message) : t('common.unexpectedError')) : null;
  if (!canEdit && files.length === 0) return null;
  return (
    <Flex vertical gap={4}>
      {files.map((f) => (
        <Flex key={f.id} gap={8} align="center" wrap>
          <PaperClipOutlined aria-hidden />
          <a href={evidenceUrl(assessmentId, f.id)} download={f.fileName}>
            {f.fileName}
          </a>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(f.createdAt)} · SHA-256 {f.sha256.slice(0, 8)}…
          </Typography.Text>
          {canEdit ? (
            <Popconfirm
              title={t('assessmentsUi.evidence.deleteConfirm', { name: f.fileName })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                remove.mutateAsync(f.id).then(
                  () => void message.success(t('assessmentsUi.evidence.deleted', { name: f.fileName })),
                  (e: unknown) => void message.error(isApiError(e) ? e.message : t('common.unexpectedError')),
                )
              }
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('assessmentsUi.evidence.delete', { name: f.fileName })} />
            </Popconfirm>
          ) : null}
        </Flex>
      ))}
      {canEdit ? (
        <Flex gap={8} align="center" wrap>
          <Upload
            accept={ACCEPT}
            multiple={false}
            showUploadList={false}
            disabled={upload.isPending}
            beforeUpload={(file) => {
              upload.mutate({ requirementId, file }, { onSuccess: () => void message.success(t('assessmentsUi.evidence.uploaded', { name: file.name })) });
              return false;
            }}
          >
            <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} aria-label={t('assessmentsUi.evidence.uploadFor', { target: label })}>
              {t('assessmentsUi.evidence.upload')}
            </Button>
          </Upload>
          {error ? (
            <Typography.Text type="danger" role="alert">
              {error}
            </Typography.Text>
          ) : null}
        </Flex>
      ) : null}
    </Flex>
  );
}
