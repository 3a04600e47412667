import { useState } from 'react';
import { Button, Card, Flex, Select, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { REGIMES, type Regime } from '@shared/domain/systems';
import { useCan } from '../../app/session';
import { formatDate } from '../../lib/format';
import { currentLocale } from '../../lib/i18n';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { LevelTag } from '../systems/LevelTag';
import { enumLabel } from '../systems/system-labels';
import {
  useAuthorities,
  useCriteria,
  useDeadlines,
  useHolidays,
  useRegimes,
  type LevelAuthority,
  type LevelCriterion,
  type PublicHoliday,
  type RegimeDeadline,
} from './api';
import { CriterionFormDrawer } from './CriterionFormDrawer';
import { RequirementsSection } from './RequirementsSection';
import { SchedulesSection } from './SchedulesSection';

function VerifiedTag({ verified }: { verified: boolean }) {
  const { t } = useTranslation();
  return verified ? <Tag color="green">{t('legalUi.verified')}</Tag> : <Tag color="orange">{t('legalUi.unverified')}</Tag>;
}

function levelRange(t: ReturnType<typeof useTranslation>['t'], min: number, max: number): string {
  return min === max ? t('systemsUi.levelN', { level: min }) : t('legalUi.levelRange', { min, max });
}

/** `/legal`: the rule data behind the level questionnaire, per regime; administrators correct it here. */
export function LegalPage() {
  const { t } = useTranslation();
  const can = useCan();
  const regimes = useRegimes();
  const [editing, setEditing] = useState<LevelCriterion | null>(null);
  // The regime in force first (Decree 331/2026), then the one kept for the transition.
  const ordered = [...REGIMES].reverse();
  return (
    <>
      <PageHeader title={t('legalUi.title')} description={t('legalUi.description')} />
      <Card>
        <Tabs
          items={[
            ...ordered.map((regime) => {
              const info = regimes.data?.find((r) => r.code === regime);
              return {
                key: regime,
                label: enumLabel(t, 'regime', regime),
                children: (
                  <Flex vertical gap={24}>
                    {info ? (
                      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                        {t('legalUi.regimeInfo', {
                          ref: info.legalRef,
                          from: formatDate(info.effectiveFrom),
                          to: info.effectiveTo ? formatDate(info.effectiveTo) : t('legalUi.noEnd'),
                        })}
                      </Typography.Paragraph>
                    ) : null}
                    <CriteriaSection regime={regime} canEdit={can('legal.manage')} onEdit={setEditing} />
                    <AuthoritiesSection regime={regime} />
                    <DeadlinesSection regime={regime} />
                  </Flex>
                ),
              };
            }),
            { key: 'holidays', label: t('legalUi.holidaysTab'), children: <HolidaysSection /> },
            // The requirement catalogues and periods of self-assessments and inspections (read with assessment.read).
            ...(can('assessment.read') || can('legal.manage')
              ? [
                  { key: 'requirements', label: t('legalUi.requirements.tab'), children: <RequirementsSection canEdit={can('legal.manage')} /> },
                  { key: 'schedules', label: t('legalUi.schedules.tab'), children: <SchedulesSection canEdit={can('legal.manage')} /> },
                ]
              : []),
          ]}
        />
      </Card>
      <CriterionFormDrawer criterion={editing} onClose={() => setEditing(null)} />
    </>
  );
}

function CriteriaSection({ regime, canEdit, onEdit }: { regime: Regime; canEdit: boolean; onEdit: (c: LevelCriterion) => void }) {
  const { t } = useTranslation();
  const criteria = useCriteria(regime);
  const isEnglish = currentLocale() === 'en';
  const rows = [...(criteria.data ?? [])].sort((a, b) => a.level - b.level || (a.sort ?? 0) - (b.sort ?? 0));
  return (
    <div>
      <Typography.Title level={5}>{t('legalUi.criteriaTitle')}</Typography.Title>
      {criteria.error ? <ErrorNotice error={criteria.error} onRetry={() => void criteria.refetch()} /> : null}
      <Table<LevelCriterion>
        size="small"
        rowKey="id"
        loading={criteria.isFetching}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('legalUi.empty') }}
        columns={[
          { title: t('legalUi.fields.level'), dataIndex: 'level', width: 110, render: (level: number) => <LevelTag level={level} /> },
          { title: t('legalUi.fields.code'), dataIndex: 'code', width: 150, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
          { title: t('legalUi.fields.legalRef'), dataIndex: 'legalRef', width: 170 },
          { title: t('legalUi.fields.text'), key: 'text', render: (_, c) => (isEnglish ? c.textEn : c.textVi) },
          { title: t('legalUi.fields.verified'), dataIndex: 'verified', width: 130, render: (v: boolean) => <VerifiedTag verified={v} /> },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, c: LevelCriterion) => (
                    <Button type="link" size="small" onClick={() => onEdit(c)}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}

function AuthoritiesSection({ regime }: { regime: Regime }) {
  const { t } = useTranslation();
  const authorities = useAuthorities(regime);
  const isEnglish = currentLocale() === 'en';
  return (
    <div>
      <Typography.Title level={5}>{t('legalUi.authoritiesTitle')}</Typography.Title>
      {authorities.error ? <ErrorNotice error={authorities.error} onRetry={() => void authorities.refetch()} /> : null}
      <Table<LevelAuthority>
        size="small"
        rowKey="level"
        loading={authorities.isFetching}
        dataSource={[...(authorities.data ?? [])].sort((a, b) => a.level - b.level)}
        pagination={false}
        locale={{ emptyText: t('legalUi.empty') }}
        columns={[
          { title: t('legalUi.fields.level'), dataIndex: 'level', width: 110, render: (level: number) => <LevelTag level={level} /> },
          { title: t('legalUi.fields.appraiser'), key: 'appraiser', render: (_, a) => (isEnglish ? a.appraiserEn : a.appraiserVi) },
          { title: t('legalUi.fields.approver'), key: 'approver', render: (_, a) => (isEnglish ? a.approverEn : a.approverVi) },
          { title: t('legalUi.fields.legalRef'), dataIndex: 'legalRef', width: 170 },
          { title: t('legalUi.fields.verified'), dataIndex: 'verified', width: 130, render: (v: boolean) => <VerifiedTag verified={v} /> },
        ]}
      />
    </div>
  );
}

function DeadlinesSection({ regime }: { regime: Regime }) {
  const { t } = useTranslation();
  const deadlines = useDeadlines(regime);
  return (
    <div>
      <Typography.Title level={5}>{t('legalUi.deadlinesTitle')}</Typography.Title>
      {deadlines.error ? <ErrorNotice error={deadlines.error} onRetry={() => void deadlines.refetch()} /> : null}
      <Table<RegimeDeadline>
        size="small"
        rowKey={(d) => `${d.step}:${d.levelMin}`}
        loading={deadlines.isFetching}
        dataSource={deadlines.data ?? []}
        pagination={false}
        locale={{ emptyText: t('legalUi.empty') }}
        columns={[
          { title: t('legalUi.fields.step'), dataIndex: 'step', render: (step: RegimeDeadline['step']) => t(`legal.steps.${step}`) },
          { title: t('legalUi.fields.levels'), key: 'levels', render: (_, d) => levelRange(t, d.levelMin, d.levelMax) },
          {
            title: t('legalUi.fields.days'),
            key: 'days',
            render: (_, d) => t('legalUi.daysText', { days: d.days, dayKind: t(`legal.dayKinds.${d.dayKind}`) }),
          },
          { title: t('legalUi.fields.legalRef'), dataIndex: 'legalRef', width: 170 },
          { title: t('legalUi.fields.verified'), dataIndex: 'verified', width: 130, render: (v: boolean) => <VerifiedTag verified={v} /> },
        ]}
      />
    </div>
  );
}

function HolidaysSection() {
  const { t } = useTranslation();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const holidays = useHolidays(year);
  const isEnglish = currentLocale() === 'en';
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('legalUi.holidaysHelp')}
      </Typography.Paragraph>
      <Select<number>
        value={year}
        onChange={setYear}
        aria-label={t('legalUi.year')}
        options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: t('legalUi.yearN', { year: y }) }))}
        style={{ width: 160 }}
      />
      {holidays.error ? <ErrorNotice error={holidays.error} onRetry={() => void holidays.refetch()} /> : null}
      <Table<PublicHoliday>
        size="small"
        rowKey="day"
        loading={holidays.isFetching}
        dataSource={holidays.data ?? []}
        pagination={false}
        locale={{ emptyText: t('legalUi.noHolidays') }}
        columns={[
          { title: t('legalUi.fields.day'), dataIndex: 'day', width: 140, render: (day: string) => formatDate(day) },
          {
            title: t('legalUi.fields.kind'),
            dataIndex: 'kind',
            width: 170,
            render: (kind: PublicHoliday['kind']) => (
              <Tag color={kind === 'day_off' ? 'red' : 'blue'}>{t(`legal.holidayKinds.${kind}`)}</Tag>
            ),
          },
          { title: t('legalUi.fields.holidayName'), key: 'name', render: (_, h) => (isEnglish ? h.nameEn : h.nameVi) },
        ]}
      />
    </Flex>
  );
}
