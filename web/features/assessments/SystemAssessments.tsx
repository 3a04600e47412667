import { App, Button, Card, Flex, Typography } from 'antd';
import { AuditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { AssessmentKind } from '@shared/domain/assessments';
import { useCan } from '../../app/session';
import { isApiError } from '../../lib/api';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useAssessmentList, useCreateAssessment } from './api';
import { AssessmentTable } from './AssessmentListPage';

/**
 * The "Đánh giá, kiểm tra" section of a system's page: its self-assessments and inspections, and the
 * button to start one (the server decides for the system's unit; buttons follow the session's abilities).
 */
export function SystemAssessments({ systemId, approvedLevel }: { systemId: string; approvedLevel: number | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const list = useAssessmentList({ systemId, limit: 50 }, can('assessment.read'));
  const create = useCreateAssessment();
  if (!can('assessment.read')) return null;

  const start = (kind: AssessmentKind) =>
    create.mutate(
      { systemId, kind },
      {
        onSuccess: (a) => void navigate(`/assessments/${a.id}`),
        onError: (e) => void message.error(isApiError(e) ? e.message : t('common.unexpectedError')),
      },
    );

  const approved = approvedLevel !== null;
  return (
    <Card
      title={t('assessmentsUi.systemSection')}
      extra={
        <Flex gap={8} wrap>
          {can('assessment.perform') ? (
            <Button icon={<PlusOutlined />} disabled={!approved} loading={create.isPending && create.variables.kind === 'self'} onClick={() => start('self')}>
              {t('assessmentsUi.startSelf')}
            </Button>
          ) : null}
          {can('inspection.record') ? (
            <Button icon={<AuditOutlined />} disabled={!approved} loading={create.isPending && create.variables.kind === 'inspection'} onClick={() => start('inspection')}>
              {t('assessmentsUi.startInspection')}
            </Button>
          ) : null}
        </Flex>
      }
    >
      {approved ? null : (
        <Typography.Paragraph type="secondary">{t('assessmentsUi.needsApproval')}</Typography.Paragraph>
      )}
      {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
      <AssessmentTable items={list.data?.items ?? []} loading={list.isPending} />
    </Card>
  );
}
