import { useState } from 'react';
import { Alert, Button, Flex, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AttachmentSection, Dossier } from '@shared/api/dossiers';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useAddComment } from './api';
import { sectionLabel } from './dossier-labels';

type Comment = Dossier['comments'][number];

/** The appraisers' comments on one section, newest version first; unresolved ones stand out. */
export function SectionComments({ comments }: { comments: Comment[] }) {
  const { t } = useTranslation();
  if (comments.length === 0) return null;
  const sorted = [...comments].sort((a, b) => b.version - a.version || b.createdAt.localeCompare(a.createdAt));
  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }}>
      {sorted.map((c) => (
        <Alert
          key={c.id}
          type={c.resolvedAt ? 'info' : 'warning'}
          showIcon
          data-testid="dossier-comment"
          title={
            <Typography.Text strong>
              {t('dossiersUi.comments.heading', { version: c.version })}
              {c.resolvedAt ? ` · ${t('dossiersUi.comments.resolved')}` : ''}
            </Typography.Text>
          }
          description={
            <>
              <div style={{ whiteSpace: 'pre-wrap' }}>{c.body}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[c.authorName, formatDateTime(c.createdAt)].filter(Boolean).join(' · ')}
              </Typography.Text>
            </>
          }
        />
      ))}
    </Flex>
  );
}

/** The appraiser's box to comment on one section of the version under review. */
export function AddCommentBox({ dossierId, section }: { dossierId: string; section: AttachmentSection }) {
  const { t } = useTranslation();
  const add = useAddComment(dossierId);
  const [body, setBody] = useState('');
  const id = `comment-${section}`;
  const label = t('dossiersUi.comments.addLabel', { section: sectionLabel(t, section) });
  const error = add.error ? (isApiError(add.error) ? (add.error.fields.body ?? add.error.message) : t('common.unexpectedError')) : null;
  return (
    <Flex vertical gap={6} style={{ marginTop: 8 }}>
      <label htmlFor={id}>
        <Typography.Text type="secondary">{label}</Typography.Text>
      </label>
      <Input.TextArea id={id} value={body} onChange={(e) => setBody(e.target.value)} autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} />
      {error ? <Alert type="error" showIcon title={error} /> : null}
      <div>
        <Button
          loading={add.isPending}
          disabled={!body.trim()}
          onClick={() => add.mutate({ section, body: body.trim() }, { onSuccess: () => setBody('') })}
        >
          {t('dossiersUi.comments.add')}
        </Button>
      </div>
    </Flex>
  );
}
