import { useEffect, useState } from 'react';
import { Alert, App, Card, Col, Descriptions, Flex, Row, Spin, Steps, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useParams } from 'react-router';
import type { Dossier, DossierSections } from '@shared/api/dossiers';
import { isApiError } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { LevelTag } from '../systems/LevelTag';
import { useDossier, useUpdateDossier } from './api';
import { DossierActions } from './DossierActions';
import { DossierDocuments } from './DossierDocuments';
import { EventHistory, VersionHistory } from './DossierHistory';
import { PROCEDURE_STEPS, stepOf } from './dossier-labels';
import { DossierSectionsEditor, MissingChecklist } from './DossierSectionsEditor';
import { DossierStateTag, DueDate } from './DossierStateTag';
import { RegulationCard } from './RegulationCard';

/** `/dossiers/:id`: one level dossier — its content by section, the steps taken, and the next step. */
export function DossierDetailPage() {
  const { id = '' } = useParams();
  const dossier = useDossier(id);
  if (dossier.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (dossier.error) return <ErrorNotice error={dossier.error} onRetry={() => void dossier.refetch()} />;
  // A new version (after a return) starts from the server's content.
  return <DossierDetail key={`${dossier.data.id}:${dossier.data.currentVersion}`} dossier={dossier.data} />;
}

/** `''`, whitespace and absent all mean "not written", so typing and erasing is not a change. */
function normalise(s: DossierSections): string {
  const clean = (v: string | undefined) => (v ?? '').trim();
  const plan = s.security_plan ?? {};
  return JSON.stringify([
    clean(s.overview),
    clean(s.design),
    clean(s.level_rationale),
    clean(s.specialised_opinion),
    Object.keys(plan)
      .sort()
      .map((k) => [k, clean(Reflect.get(plan, k))])
      .filter(([, v]) => v !== ''),
  ]);
}

function DossierDetail({ dossier }: { dossier: Dossier }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const update = useUpdateDossier(dossier.id);
  const [draft, setDraft] = useState<DossierSections | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<unknown>(null);

  const sections = draft ?? dossier.sections;
  const isDirty = dossier.can.edit && draft !== null && normalise(draft) !== normalise(dossier.sections);

  // Nothing lost by accident: leaving the page (or the tab) with unsaved text asks first.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => isDirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('dossiersUi.leave.title'),
      content: t('dossiersUi.leave.text'),
      okText: t('dossiersUi.leave.ok'),
      cancelText: t('dossiersUi.leave.stay'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t]);
  useEffect(() => {
    if (!isDirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [isDirty]);

  const save = () => {
    if (!draft) return;
    setSaveError(null);
    setFieldErrors({});
    update.mutate(
      { sections: draft },
      {
        onSuccess: () => {
          setDraft(null);
          void message.success(t('dossiersUi.savedMessage'));
        },
        onError: (e) => {
          setSaveError(e);
          if (isApiError(e)) setFieldErrors(e.fields);
        },
      },
    );
  };

  const lastReturn = [...dossier.events].reverse().find((e) => e.toState === dossier.state && e.note);
  const current = stepOf(dossier.state);
  const stepStatus =
    dossier.state === 'rejected' || dossier.state === 'withdrawn' ? 'error' : dossier.state === 'approved' ? 'finish' : 'process';

  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            {t('dossiersUi.detail.title', { system: dossier.systemName })}
            <DossierStateTag state={dossier.state} />
            {dossier.isOverdue ? <Tag color="red">{t('dossiersUi.overdue')}</Tag> : null}
          </Flex>
        }
        description={<Link to="/dossiers">{t('dossiersUi.backToList')}</Link>}
        extra={
          <Flex gap={8} wrap>
            <DossierDocuments dossier={dossier} />
            <DossierActions dossier={dossier} hasUnsavedChanges={isDirty} />
          </Flex>
        }
      />
      <Flex vertical gap={16}>
        <Card size="small">
          <Steps
            size="small"
            current={current}
            status={stepStatus}
            items={PROCEDURE_STEPS.map((step, i) => ({
              title: t(`dossiersUi.steps.${step}`),
              content:
                i === current && dossier.dueOn ? t('dossiersUi.steps.dueOn', { date: formatDate(dossier.dueOn) }) : undefined,
            }))}
          />
        </Card>
        {lastReturn && ['returned_incomplete', 'returned_for_revision', 'rejected'].includes(dossier.state) ? (
          <Alert
            type={dossier.state === 'rejected' ? 'error' : 'warning'}
            showIcon
            title={t(`dossiersUi.returnedBanner.${dossier.state === 'rejected' ? 'rejected' : 'returned'}`)}
            description={<span style={{ whiteSpace: 'pre-wrap' }}>{lastReturn.note}</span>}
          />
        ) : null}
        {dossier.supersededBy ? (
          <Alert
            type="info"
            showIcon
            title={t('dossiersUi.superseded.banner', { date: formatDate(dossier.supersededAt) })}
            description={<Link to={`/dossiers/${dossier.supersededBy}`}>{t('dossiersUi.superseded.open')}</Link>}
          />
        ) : null}
        {dossier.state === 'returned_for_revision' && dossier.comments.some((c) => !c.resolvedAt) ? (
          <Alert type="info" showIcon title={t('dossiersUi.detail.seeComments')} />
        ) : null}
        <Card size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              { key: 'system', label: t('dossiersUi.fields.system'), children: <Link to={`/systems/${dossier.systemId}`}>{`${dossier.systemName} (${dossier.systemCode})`}</Link> },
              { key: 'org', label: t('dossiersUi.fields.org'), children: dossier.orgName },
              { key: 'regime', label: t('dossiersUi.fields.regime'), children: t(`legal.regimeNames.${dossier.regime}`) },
              { key: 'proposed', label: t('dossiersUi.fields.proposedLevel'), children: <LevelTag level={dossier.proposedLevel} /> },
              {
                key: 'approved',
                label: t('dossiersUi.fields.approvedLevel'),
                children: dossier.approvedLevel !== null ? <LevelTag level={dossier.approvedLevel} /> : t('common.none'),
              },
              {
                key: 'version',
                label: t('dossiersUi.fields.version'),
                children: `${dossier.currentVersion} — ${dossier.frozen ? t('dossiersUi.detail.frozen') : t('dossiersUi.detail.editable')}`,
              },
              { key: 'received', label: t('dossiersUi.fields.receivedAt'), children: dossier.receivedAt ? formatDateTime(dossier.receivedAt) : t('common.none') },
              {
                key: 'due',
                label: dossier.clock ? t(`dossiersUi.clocks.${dossier.clock}`) : t('dossiersUi.fields.dueOn'),
                children: dossier.dueOn ? <DueDate value={dossier.dueOn} isOverdue={dossier.isOverdue} /> : t('common.none'),
              },
              {
                key: 'directive',
                label: t('dossiersUi.fields.directiveDueOn'),
                children: dossier.directiveDueOn ? <DueDate value={dossier.directiveDueOn} isOverdue={dossier.isOverdue && !dossier.dueOn} /> : t('common.none'),
              },
              {
                key: 'endorsed',
                label: t('dossiersUi.fields.headEndorsed'),
                children:
                  dossier.headEndorsedVersion === dossier.currentVersion
                    ? t('dossiersUi.detail.endorsedYes', { version: dossier.currentVersion })
                    : t('dossiersUi.detail.endorsedNo'),
              },
              ...(dossier.decisionNo
                ? [
                    {
                      key: 'decision',
                      label: t('dossiersUi.fields.decision'),
                      children: t('dossiersUi.detail.decision', { no: dossier.decisionNo, date: formatDate(dossier.decisionDate) }),
                    },
                  ]
                : []),
              ...(dossier.appraisalCouncil
                ? [
                    {
                      key: 'council',
                      label: t('dossiersUi.council.label'),
                      children: t('dossiersUi.council.summary', {
                        no: dossier.appraisalCouncil.decisionNo,
                        members: dossier.appraisalCouncil.members.map((m) => m.name).join(', '),
                      }),
                    },
                  ]
                : []),
              ...(dossier.appraisalOpinion
                ? [{ key: 'opinion', label: t('dossiersUi.fields.appraisalOpinion'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{dossier.appraisalOpinion}</span> }]
                : []),
            ]}
          />
        </Card>
        <Tabs
          defaultActiveKey="content"
          items={[
            {
              key: 'content',
              label: t('dossiersUi.tabs.content'),
              children: (
                <Row gutter={[16, 16]}>
                  <Col xs={24} xl={17}>
                    <Flex vertical gap={12}>
                      {saveError ? (
                        <Alert type="error" showIcon title={isApiError(saveError) ? saveError.message : t('common.unexpectedError')} />
                      ) : null}
                      <DossierSectionsEditor
                        dossier={dossier}
                        sections={sections}
                        onChange={setDraft}
                        fieldErrors={fieldErrors}
                        isDirty={isDirty}
                        isSaving={update.isPending}
                        onSave={save}
                      />
                    </Flex>
                  </Col>
                  <Col xs={24} xl={7}>
                    <Flex vertical gap={16}>
                      <MissingChecklist dossier={dossier} />
                      <RegulationCard dossier={dossier} />
                    </Flex>
                  </Col>
                </Row>
              ),
            },
            { key: 'versions', label: t('dossiersUi.tabs.versions'), children: <VersionHistory dossier={dossier} /> },
            {
              key: 'events',
              label: (
                <span>
                  {t('dossiersUi.tabs.events')} <Typography.Text type="secondary">({dossier.events.length})</Typography.Text>
                </span>
              ),
              children: <EventHistory dossier={dossier} />,
            },
          ]}
        />
      </Flex>
    </>
  );
}
