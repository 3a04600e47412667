import { App, Button, Flex, Popconfirm, Tooltip, Typography, Upload } from 'antd';
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AttachmentSection, DossierAttachment } from '@shared/api/dossiers';
import { currentLocale } from '../../lib/i18n';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { attachmentUrl, useDeleteAttachment, useUploadAttachment } from './api';
import { formatBytes, sectionLabel, shortHash } from './dossier-labels';

// What the server accepts (server/files/inspect.ts decides from the content; this only guides the picker).
const ACCEPT = '.pdf,.docx,.xlsx,.png,.jpg,.jpeg';

/** A list of attachments with download links and their shortened SHA-256. */
export function AttachmentList({
  dossierId,
  attachments,
  canDelete,
}: {
  dossierId: string;
  attachments: DossierAttachment[];
  canDelete: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const remove = useDeleteAttachment(dossierId);
  if (attachments.length === 0) return null;
  return (
    <Flex vertical gap={4}>
      {attachments.map((a) => (
        <Flex key={a.id} gap={8} align="center" wrap>
          <PaperClipOutlined aria-hidden />
          <a href={attachmentUrl(dossierId, a.id)} download={a.fileName}>
            {a.fileName}
          </a>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatBytes(a.sizeBytes, currentLocale())} · {formatDateTime(a.createdAt)}
          </Typography.Text>
          <Tooltip title={a.sha256}>
            <Typography.Text type="secondary" code style={{ fontSize: 12 }} copyable={{ text: a.sha256 }}>
              {`SHA-256 ${shortHash(a.sha256)}`}
            </Typography.Text>
          </Tooltip>
          {canDelete ? (
            <Popconfirm
              title={t('dossiersUi.attachments.deleteConfirm', { name: a.fileName })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                remove.mutateAsync(a.id).then(
                  () => void message.success(t('dossiersUi.attachments.deleted', { name: a.fileName })),
                  (error: unknown) => void message.error(isApiError(error) ? error.message : t('common.unexpectedError')),
                )
              }
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('dossiersUi.attachments.delete', { name: a.fileName })} />
            </Popconfirm>
          ) : null}
        </Flex>
      ))}
    </Flex>
  );
}

/** Attachments of one section of the current version, and (while editable) the upload button. */
export function SectionAttachments({
  dossierId,
  section,
  attachments,
  canEdit,
}: {
  dossierId: string;
  section: AttachmentSection;
  attachments: DossierAttachment[];
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadAttachment(dossierId);
  const error = upload.error
    ? isApiError(upload.error)
      ? (upload.error.fields.file ?? upload.error.fields.section ?? upload.error.message)
      : t('common.unexpectedError')
    : null;
  if (!canEdit && attachments.length === 0) return null;
  return (
    <Flex vertical gap={6} style={{ marginTop: 8 }}>
      <Typography.Text type="secondary">{t('dossiersUi.attachments.title')}</Typography.Text>
      <AttachmentList dossierId={dossierId} attachments={attachments} canDelete={canEdit} />
      {canEdit ? (
        <>
          <Upload
            accept={ACCEPT}
            multiple={false}
            showUploadList={false}
            disabled={upload.isPending}
            beforeUpload={(file) => {
              upload.mutate(
                { section, file },
                { onSuccess: () => void message.success(t('dossiersUi.attachments.uploaded', { name: file.name })) },
              );
              return false;
            }}
          >
            <Button
              icon={<UploadOutlined />}
              loading={upload.isPending}
              aria-label={t('dossiersUi.attachments.uploadTo', { section: sectionLabel(t, section) })}
            >
              {t('dossiersUi.attachments.upload')}
            </Button>
          </Upload>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('dossiersUi.attachments.hint')}
          </Typography.Text>
          {error ? (
            <Typography.Text type="danger" role="alert">
              {error}
            </Typography.Text>
          ) : null}
        </>
      ) : null}
    </Flex>
  );
}
