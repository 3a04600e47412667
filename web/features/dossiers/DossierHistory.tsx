import { useState } from 'react';
import { Card, Empty, Flex, Select, Spin, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dossier, DossierSections } from '@shared/api/dossiers';
import { SECURITY_PLAN_PARTS } from '@shared/domain/dossiers';
import { formatDateTime } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { LevelTag } from '../systems/LevelTag';
import { useDossierVersion } from './api';
import { eventLabel, planPartLabel, sectionLabel } from './dossier-labels';
import { DossierStateTag, DueDate } from './DossierStateTag';
import { SectionComments } from './SectionComments';
import { AttachmentList } from './SectionAttachments';

function Block({ title, text }: { title: string; text: string | undefined }) {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 12px' }} type={text ? undefined : 'secondary'}>
        {text || t('dossiersUi.sections.empty')}
      </Typography.Paragraph>
    </div>
  );
}

function FrozenSections({ sections }: { sections: DossierSections }) {
  const { t } = useTranslation();
  return (
    <>
      <Block title={sectionLabel(t, 'overview')} text={sections.overview} />
      <Block title={sectionLabel(t, 'design')} text={sections.design} />
      <Block title={sectionLabel(t, 'level_rationale')} text={sections.level_rationale} />
      <Typography.Title level={5}>{sectionLabel(t, 'security_plan')}</Typography.Title>
      {SECURITY_PLAN_PARTS.map((part, i) => (
        <Block key={part} title={`${i + 1}. ${planPartLabel(t, part)}`} text={sections.security_plan?.[part]} />
      ))}
      {sections.specialised_opinion ? <Block title={sectionLabel(t, 'specialised_opinion')} text={sections.specialised_opinion} /> : null}
    </>
  );
}

/** Pick a version and read its content as it was sent (frozen), with that version's comments and files. */
export function VersionHistory({ dossier }: { dossier: Dossier }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState<number>(dossier.versions.at(-1)?.version ?? dossier.currentVersion);
  const content = useDossierVersion(dossier.id, version);
  const meta = dossier.versions.find((v) => v.version === version);
  return (
    <Card size="small">
      <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
        <label htmlFor="dossier-version-select">{t('dossiersUi.versions.pick')}</label>
        <Select<number>
          id="dossier-version-select"
          value={version}
          onChange={setVersion}
          style={{ minWidth: 320 }}
          options={[...dossier.versions].reverse().map((v) => ({
            value: v.version,
            label: v.frozenAt
              ? t('dossiersUi.versions.frozen', { version: v.version, date: formatDateTime(v.frozenAt) })
              : t('dossiersUi.versions.editing', { version: v.version }),
          }))}
        />
        {meta ? <LevelTag level={meta.proposedLevel} /> : null}
      </Flex>
      {content.isPending ? <Spin /> : null}
      {content.error ? <ErrorNotice error={content.error} onRetry={() => void content.refetch()} /> : null}
      {content.data ? (
        <>
          <SectionComments comments={dossier.comments.filter((c) => c.version === version)} />
          <FrozenSections sections={content.data.sections} />
          <Typography.Title level={5}>{t('dossiersUi.attachments.title')}</Typography.Title>
          <AttachmentList dossierId={dossier.id} attachments={dossier.attachments.filter((a) => a.version === version)} canDelete={false} />
        </>
      ) : null}
    </Card>
  );
}

/** Who moved the dossier, when, from which step to which, with their note and the new due date. */
export function EventHistory({ dossier }: { dossier: Dossier }) {
  const { t } = useTranslation();
  if (dossier.events.length === 0) return <Empty description={t('dossiersUi.events.empty')} />;
  return (
    <Card size="small">
      <Timeline
        items={[...dossier.events].reverse().map((e) => ({
          key: e.id,
          color: e.toState === 'approved' ? 'green' : e.toState === 'rejected' ? 'red' : e.toState.startsWith('returned') ? 'orange' : 'blue',
          title: formatDateTime(e.at),
          content: (
            <Flex vertical gap={4}>
              <span>
                <Typography.Text strong>{e.actorName ?? t('dossiersUi.events.unknownActor')}</Typography.Text>{' '}
                {eventLabel(t, e.transition)} <Tag>{t('dossiersUi.versions.short', { version: e.version })}</Tag>
              </span>
              <span>
                <DossierStateTag state={e.fromState} /> → <DossierStateTag state={e.toState} />
              </span>
              {e.note ? <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{`${t('dossiersUi.events.note')}: ${e.note}`}</Typography.Text> : null}
              {e.dueOn ? (
                <Typography.Text type="secondary">
                  {t('dossiersUi.events.dueOn')}: <DueDate value={e.dueOn} />
                </Typography.Text>
              ) : null}
            </Flex>
          ),
        }))}
      />
    </Card>
  );
}
