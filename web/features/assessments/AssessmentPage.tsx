import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, Input, Progress, Select, Space, Spin, Tag, Typography } from 'antd';
import { CheckCircleOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Assessment, ItemUpdate, UpdateAssessmentBody } from '@shared/api/assessments';
import { INSPECTION_KINDS, PERFORMER_KINDS, REQUIREMENT_FAMILIES, TEST_FORMS, TRIGGER_KINDS, assessmentScore, countStatuses } from '@shared/domain/assessments';
import { isApiError } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { LevelTag } from '../systems/LevelTag';
import { useAssessment, useCompleteAssessment, useUpdateAssessment } from './api';
import { ChecklistItem } from './ChecklistItem';
import { EvidenceFiles } from './EvidenceFiles';

type Details = Omit<UpdateAssessmentBody, 'items'>;

/** The edited value if there is one, else the stored one. */
const pick = <T,>(edited: T | undefined, stored: T): T => (edited !== undefined ? edited : stored);

/** `/assessments/:id`: the requirement checklist of the system's level, with a live score. */
export function AssessmentPage() {
  const { id = '' } = useParams();
  const query = useAssessment(id);
  if (query.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (query.error) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  return <Checklist key={query.data.id} assessment={query.data} />;
}

function Checklist({ assessment: a }: { assessment: Assessment }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const update = useUpdateAssessment(a.id);
  const complete = useCompleteAssessment(a.id);
  const [edits, setEdits] = useState<Record<string, ItemUpdate>>({});
  const [details, setDetails] = useState<Details>({});
  const [error, setError] = useState<string | null>(null);
  const canEdit = a.can.edit;

  const items = useMemo(() => a.groups.flatMap((g) => g.items), [a.groups]);
  const statuses = items.map((i) => {
    const e = edits[i.requirementId];
    return e?.status !== undefined ? e.status : i.status;
  });
  const counts = countStatuses(statuses);
  const score = a.state === 'completed' ? a.score : assessmentScore(statuses);
  const dirty = Object.keys(edits).length > 0 || Object.keys(details).length > 0;

  const change = (requirementId: string, patch: Omit<ItemUpdate, 'requirementId'>) =>
    setEdits((prev) => ({ ...prev, [requirementId]: { ...prev[requirementId], ...patch, requirementId } }));

  const fail = (e: unknown) => {
    const text = isApiError(e) ? [e.message, ...Object.values(e.fields)].join(' ') : t('common.unexpectedError');
    setError(text);
  };

  const save = async (): Promise<boolean> => {
    if (!dirty) return true;
    setError(null);
    try {
      await update.mutateAsync({ ...details, items: Object.values(edits) });
      setEdits({});
      setDetails({});
      return true;
    } catch (e) {
      fail(e);
      return false;
    }
  };

  const confirmComplete = () => {
    modal.confirm({
      title: t('assessmentsUi.complete.title'),
      content: t('assessmentsUi.complete.text', { score: score ?? '—' }),
      okText: t('assessmentsUi.complete.ok'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        if (!(await save())) return;
        try {
          await complete.mutateAsync({});
          void message.success(t('assessmentsUi.complete.done'));
        } catch (e) {
          fail(e);
        }
      },
    });
  };

  const kindLabel = t(`assessments.kind.${a.kind}`);
  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            {kindLabel}: {a.systemName}
            <Tag color={a.state === 'completed' ? 'green' : 'blue'}>{t(`assessments.state.${a.state}`)}</Tag>
          </Flex>
        }
        description={
          <Space split="·" wrap>
            <Link to={`/systems/${a.systemId}`}>{t('assessmentsUi.backToSystem')}</Link>
            <Link to="/assessments">{t('assessmentsUi.backToList')}</Link>
          </Space>
        }
        extra={
          canEdit ? (
            <>
              <Button icon={<SaveOutlined />} disabled={!dirty} loading={update.isPending} onClick={() => void save().then((ok) => ok && void message.success(t('assessmentsUi.saved')))}>
                {t('assessmentsUi.save')}
              </Button>
              <Button type="primary" icon={<CheckCircleOutlined />} loading={complete.isPending} onClick={confirmComplete}>
                {t('assessmentsUi.complete.button')}
              </Button>
            </>
          ) : null
        }
      />
      {error ? <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} style={{ marginBottom: 16 }} /> : null}
      <Flex gap={16} wrap align="stretch" style={{ marginBottom: 16 }}>
        <Card style={{ flex: '1 1 420px' }} title={t('assessmentsUi.summary')}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'org', label: t('assessmentsUi.fields.org'), children: a.orgName },
              { key: 'level', label: t('assessmentsUi.fields.level'), children: <LevelTag level={a.level} /> },
              { key: 'catalogue', label: t('assessmentsUi.fields.catalogue'), children: a.catalogueName },
              {
                key: 'schedule',
                label: t('assessmentsUi.fields.period'),
                children: a.schedule
                  ? `${t('assessmentsUi.everyMonths', { months: a.schedule.months })}${a.schedule.externalRequired ? ` — ${t('assessmentsUi.externalRequired')}` : ''} (${a.schedule.legalRef})`
                  : t('common.none'),
              },
              { key: 'performed', label: t('assessmentsUi.fields.performedOn'), children: a.performedOn ? formatDate(a.performedOn) : t('common.none') },
              { key: 'next', label: t('assessmentsUi.fields.nextDueOn'), children: a.nextDueOn ? formatDate(a.nextDueOn) : t('common.none') },
              ...(a.completedAt ? [{ key: 'completed', label: t('assessmentsUi.fields.completedAt'), children: `${formatDateTime(a.completedAt)} — ${a.completedByName ?? ''}` }] : []),
            ]}
          />
        </Card>
        <Card style={{ flex: '0 1 300px' }} title={t('assessmentsUi.score')}>
          <Flex vertical align="center" gap={8}>
            <Progress type="dashboard" percent={score ?? 0} format={() => (score === null ? '—' : `${score}`)} aria-label={t('assessmentsUi.score')} />
            <Typography.Text data-testid="live-score">{t('assessmentsUi.scoreText', { score: score ?? '—' })}</Typography.Text>
            <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
              {t('assessmentsUi.countsText', { met: counts.met, partial: counts.partial, notMet: counts.notMet, na: counts.notApplicable, unanswered: counts.unanswered })}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
              {t('assessmentsUi.scoreRule')}
            </Typography.Text>
          </Flex>
        </Card>
      </Flex>
      <Card title={t('assessmentsUi.detailsTitle')} style={{ marginBottom: 16 }}>
        {canEdit ? (
          <Flex vertical gap={8}>
            <Flex gap={8} wrap>
              <Input
                type="date"
                style={{ width: 190 }}
                aria-label={t('assessmentsUi.fields.performedOn')}
                value={pick(details.performedOn, a.performedOn) ?? ''}
                onChange={(e) => setDetails((d) => ({ ...d, performedOn: e.target.value || null }))}
              />
              <Select
                style={{ minWidth: 280 }}
                allowClear
                placeholder={t('assessmentsUi.fields.performerKind')}
                aria-label={t('assessmentsUi.fields.performerKind')}
                value={pick(details.performerKind, a.performerKind) ?? undefined}
                onChange={(v) => setDetails((d) => ({ ...d, performerKind: v ?? null }))}
                options={PERFORMER_KINDS.map((k) => ({ value: k, label: t(`assessments.performerKind.${k}`) }))}
              />
              {a.kind === 'inspection' ? (
                <>
                  <Select
                    style={{ minWidth: 240 }}
                    allowClear
                    placeholder={t('assessmentsUi.fields.inspectionKind')}
                    value={pick(details.inspectionKind, a.inspectionKind) ?? undefined}
                    onChange={(v) => setDetails((d) => ({ ...d, inspectionKind: v ?? null }))}
                    options={INSPECTION_KINDS.map((k) => ({ value: k, label: t(`assessments.inspectionKind.${k}`) }))}
                  />
                  <Select
                    style={{ minWidth: 140 }}
                    allowClear
                    placeholder={t('assessmentsUi.fields.testForm')}
                    value={pick(details.testForm, a.testForm) ?? undefined}
                    onChange={(v) => setDetails((d) => ({ ...d, testForm: v ?? null }))}
                    options={TEST_FORMS.map((k) => ({ value: k, label: t(`assessments.testForm.${k}`) }))}
                  />
                </>
              ) : (
                <Checkbox checked={pick(details.independentOfOperator, a.independentOfOperator) === true} onChange={(e) => setDetails((d) => ({ ...d, independentOfOperator: e.target.checked }))}>
                  {t('assessmentsUi.fields.independent')}
                </Checkbox>
              )}
              <Select
                style={{ minWidth: 160 }}
                allowClear
                placeholder={t('assessmentsUi.fields.trigger')}
                value={pick(details.triggerKind, a.triggerKind) ?? undefined}
                onChange={(v) => setDetails((d) => ({ ...d, triggerKind: v ?? null }))}
                options={TRIGGER_KINDS.map((k) => ({ value: k, label: t(`assessments.triggerKind.${k}`) }))}
              />
            </Flex>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={4000}
              placeholder={t('assessmentsUi.fields.conclusion')}
              aria-label={t('assessmentsUi.fields.conclusion')}
              value={pick(details.conclusion, a.conclusion) ?? ''}
              onChange={(e) => setDetails((d) => ({ ...d, conclusion: e.target.value }))}
            />
          </Flex>
        ) : (
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'performer', label: t('assessmentsUi.fields.performerKind'), children: a.performerKind ? t(`assessments.performerKind.${a.performerKind}`) : t('common.none') },
              ...(a.inspectionKind ? [{ key: 'ik', label: t('assessmentsUi.fields.inspectionKind'), children: t(`assessments.inspectionKind.${a.inspectionKind}`) }] : []),
              ...(a.testForm ? [{ key: 'tf', label: t('assessmentsUi.fields.testForm'), children: t(`assessments.testForm.${a.testForm}`) }] : []),
              { key: 'conclusion', label: t('assessmentsUi.fields.conclusion'), children: a.conclusion || t('common.none') },
            ]}
          />
        )}
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('assessmentsUi.evidence.whole')}</Typography.Text>
          <EvidenceFiles assessmentId={a.id} requirementId={null} files={a.evidence} canEdit={canEdit} label={t('assessmentsUi.evidence.wholeLabel')} />
        </div>
      </Card>
      {REQUIREMENT_FAMILIES.map((family) => {
        const groups = a.groups.filter((g) => g.family === family);
        if (groups.length === 0) return null;
        return (
          <Card key={family} title={t(`assessments.family.${family}`)} style={{ marginBottom: 16 }} data-testid={`family-${family}`}>
            {groups.map((g) => (
              <section key={g.groupCode} aria-label={g.groupName} style={{ marginBottom: 12 }}>
                <Typography.Title level={5} style={{ marginTop: 8 }}>
                  {family === 'design' ? g.groupName : `${g.groupCode}. ${g.groupName}`}
                </Typography.Title>
                {g.items.map((item) => (
                  <ChecklistItem
                    key={item.requirementId}
                    assessmentId={a.id}
                    item={item}
                    edit={edits[item.requirementId]}
                    canEdit={canEdit}
                    onChange={(patch) => change(item.requirementId, patch)}
                  />
                ))}
              </section>
            ))}
          </Card>
        );
      })}
    </>
  );
}
