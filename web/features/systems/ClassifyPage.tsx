import { useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Flex, InputNumber, Radio, Row, Select, Spin, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ClassificationAnswers } from '@shared/api/classification';
import type { InformationSystem } from '@shared/api/systems';
import { REGIMES, type Regime } from '@shared/domain/systems';
import { formatNumber } from '../../lib/format';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { useRegimes } from '../legal/api';
import { useClassifySystem, useEvaluation, useSystem } from './api';
import { ClassificationResultView } from './ClassificationResultView';
import { QUESTION_STEPS, answersToSend, regimeInForce, visibleQuestions, type AnswerKey, type QuestionStep } from './questionnaire';
import { enumLabel, enumOptions, levelOptions } from './system-labels';

const STEPS: readonly (QuestionStep | 'review')[] = [...QUESTION_STEPS, 'review'];

/** `/systems/:id/classify`: the level questionnaire, step by step, with a live preview of the level. */
export function ClassifyPage() {
  const { id = '' } = useParams();
  const system = useSystem(id);
  const regimes = useRegimes();
  if (system.isPending || regimes.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (system.error) return <ErrorNotice error={system.error} onRetry={() => void system.refetch()} />;
  // Without the regime table (it could not be read), the decree dates decide.
  const inForce = regimes.data?.find((r) => r.inForce)?.code ?? regimeInForce();
  return <Questionnaire system={system.data} defaultRegime={inForce} />;
}

function YesNo({ value, onChange, name }: { value: boolean; onChange: (value: boolean) => void; name: string }) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      name={name}
      optionType="button"
      value={value}
      onChange={(e) => onChange(e.target.value === true)}
      options={[
        { value: true, label: t('systemsUi.q.yes') },
        { value: false, label: t('systemsUi.q.no') },
      ]}
    />
  );
}

function Question({ id, children }: { id: AnswerKey; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`q-${id}`} style={{ marginBottom: 24 }}>
      <Typography.Text strong style={{ fontSize: 15 }} id={`q-${id}-label`}>
        {t(`systemsUi.q.${id}.label`)}
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '2px 0 8px' }}>
        {t(`systemsUi.q.${id}.help`)}
      </Typography.Paragraph>
      <div role="group" aria-labelledby={`q-${id}-label`}>
        {children}
      </div>
    </div>
  );
}

function Questionnaire({ system, defaultRegime }: { system: InformationSystem; defaultRegime: Regime }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [regime, setRegime] = useState<Regime>(defaultRegime);
  const [answers, setAnswers] = useState<ClassificationAnswers>(system.answers);
  const [current, setCurrent] = useState(0);
  const classify = useClassifySystem(system.id);

  const debounced = useDebouncedValue(answers, 400);
  const toEvaluate = useMemo(() => answersToSend(debounced), [debounced]);
  const evaluation = useEvaluation(regime, toEvaluate);

  const set = <K extends AnswerKey>(key: K, value: ClassificationAnswers[K]) => setAnswers((prev) => ({ ...prev, [key]: value }));
  const step = STEPS[current] ?? 'review';

  const renderQuestion = (key: AnswerKey): ReactNode => {
    switch (key) {
      case 'systemType':
        return (
          <Radio.Group
            value={answers.systemType}
            onChange={(e) => set('systemType', e.target.value)}
            style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
            options={enumOptions(t, 'systemType').map((o) => ({
              value: o.value,
              label: (
                <span>
                  <strong>{o.label}</strong>
                  <br />
                  <Typography.Text type="secondary">{t(`systemsUi.q.systemTypeHelp.${o.value}`)}</Typography.Text>
                </span>
              ),
            }))}
          />
        );
      case 'infoTypes':
        return (
          <>
            <Checkbox.Group
              value={answers.infoTypes}
              onChange={(values) => set('infoTypes', values)}
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
              options={enumOptions(t, 'infoType').map((o) => ({
                value: o.value,
                label: (
                  <span>
                    <strong>{o.label}</strong>
                    <br />
                    <Typography.Text type="secondary">{t(`systemsUi.q.infoTypeHelp.${o.value}`)}</Typography.Text>
                  </span>
                ),
              }))}
            />
            {answers.infoTypes.includes('state_secret') ? (
              <Alert
                style={{ marginTop: 12 }}
                type="error"
                showIcon
                title={<strong>{t('systemsUi.warnings.stateSecretOutOfScope')}</strong>}
                description={t('legal.warnings.stateSecretOutOfScope')}
              />
            ) : null}
          </>
        );
      case 'stateSecretHarm':
        return (
          <Radio.Group
            value={answers.stateSecretHarm}
            onChange={(e) => set('stateSecretHarm', e.target.value)}
            style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
            options={enumOptions(t, 'stateSecretHarm')}
          />
        );
      case 'onlinePublicServiceLevel':
        return (
          <Radio.Group
            value={answers.onlinePublicServiceLevel}
            onChange={(e) => set('onlinePublicServiceLevel', e.target.value)}
            style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
            options={[0, 1, 2, 3, 4].map((value) => ({ value, label: t(`systemsUi.q.onlinePublicServiceLevels.${value}`) }))}
          />
        );
      case 'userCount':
      case 'personalBasicSubjects':
      case 'personalSensitiveSubjects':
        return (
          <InputNumber<number>
            min={0}
            max={1_000_000_000}
            step={1000}
            value={answers[key]}
            onChange={(value) => set(key, typeof value === 'number' ? Math.max(0, Math.round(value)) : 0)}
            formatter={(value) => (value === undefined ? '' : formatNumber(Number(value)))}
            parser={(text) => Number((text ?? '').replace(/[^0-9]/g, '') || 0)}
            aria-labelledby={`q-${key}-label`}
            style={{ width: 220 }}
            suffix={t('systemsUi.q.people')}
          />
        );
      case 'infraScope':
        return (
          <Radio.Group
            value={answers.infraScope}
            onChange={(e) => set('infraScope', e.target.value)}
            style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
            options={enumOptions(t, 'infraScope')}
          />
        );
      case 'icsWorksGrade':
        return (
          <Radio.Group
            value={answers.icsWorksGrade}
            onChange={(e) => set('icsWorksGrade', e.target.value)}
            style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
            options={enumOptions(t, 'icsWorksGrade')}
          />
        );
      case 'decidedLevel':
      case 'riskAssessedLevel':
        return (
          <Select<number | null>
            allowClear
            value={answers[key]}
            onChange={(value) => set(key, value ?? null)}
            options={levelOptions(t)}
            placeholder={t('systemsUi.q.noneLevel')}
            aria-labelledby={`q-${key}-label`}
            style={{ width: 220 }}
          />
        );
      case 'servesDefenceSecurity':
      case 'conditionalBusinessService':
      case 'handlesAdminProcedures':
      case 'requires24x7':
      case 'nationalEgov':
      case 'centralNationalDataStore':
      case 'nsCriticalSigns':
        return <YesNo name={key} value={answers[key]} onChange={(value) => set(key, value)} />;
    }
  };

  const save = () =>
    classify.mutate(
      { regime, answers: answersToSend(answers) },
      {
        onSuccess: ({ system: saved }) => {
          void message.success(t('systemsUi.classify.saved', { name: saved.name }));
          void navigate(`/systems/${saved.id}`);
        },
      },
    );

  const questions = step === 'review' ? [] : visibleQuestions(step, answers, regime);

  return (
    <>
      <PageHeader
        title={t('systemsUi.classify.title', { name: system.name })}
        description={t('systemsUi.classify.description')}
        extra={<Link to={`/systems/${system.id}`}>{t('systemsUi.classify.backToSystem')}</Link>}
      />
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card>
            <Steps
              current={current}
              size="small"
              onChange={setCurrent}
              style={{ marginBottom: 24 }}
              items={STEPS.map((s) => ({ title: t(`systemsUi.classify.steps.${s}`) }))}
            />
            {step === 'type' ? (
              <div style={{ marginBottom: 24 }}>
                <Typography.Text strong style={{ fontSize: 15 }}>
                  {t('systemsUi.classify.regimeLabel')}
                </Typography.Text>
                <Typography.Paragraph type="secondary" style={{ margin: '2px 0 8px' }}>
                  {t('systemsUi.classify.regimeHelp')}
                </Typography.Paragraph>
                <Radio.Group
                  value={regime}
                  onChange={(e) => setRegime(e.target.value)}
                  options={REGIMES.map((r) => ({
                    value: r,
                    label: r === defaultRegime ? t('systemsUi.classify.regimeInForce', { name: enumLabel(t, 'regime', r) }) : enumLabel(t, 'regime', r),
                  }))}
                />
                {regime === 'nd85_2016' ? (
                  <Alert
                    style={{ marginTop: 12 }}
                    type="warning"
                    showIcon
                    title={t('systemsUi.classify.legacyRegimeTitle')}
                    description={t('legal.warnings.legacyRegimeTransition')}
                  />
                ) : null}
              </div>
            ) : null}
            {step === 'service' && questions.length === 0 ? (
              <Alert type="info" showIcon title={t('systemsUi.classify.noServiceQuestions', { type: enumLabel(t, 'systemType', answers.systemType) })} />
            ) : null}
            {questions.map((key) => (
              <Question key={key} id={key}>
                {renderQuestion(key)}
              </Question>
            ))}
            {step === 'review' ? <Review answers={answersToSend(answers)} regime={regime} /> : null}
            {classify.error ? <ErrorNotice error={classify.error} /> : null}
            <Flex justify="space-between" gap={8} style={{ marginTop: 16 }}>
              <Button disabled={current === 0} onClick={() => setCurrent((c) => c - 1)}>
                {t('systemsUi.classify.back')}
              </Button>
              {step === 'review' ? (
                <Button type="primary" onClick={save} loading={classify.isPending} disabled={!system.can.classify}>
                  {t('systemsUi.classify.save')}
                </Button>
              ) : (
                <Button type="primary" onClick={() => setCurrent((c) => c + 1)}>
                  {t('systemsUi.classify.next')}
                </Button>
              )}
            </Flex>
            {step === 'review' && !system.can.classify ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t('systemsUi.classify.cannotSave')}
              </Typography.Paragraph>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            title={t('systemsUi.classify.previewTitle')}
            extra={evaluation.isFetching ? <Spin size="small" /> : null}
            style={{ position: 'sticky', top: 16 }}
          >
            {evaluation.error ? <ErrorNotice error={evaluation.error} onRetry={() => void evaluation.refetch()} /> : null}
            {evaluation.data ? <ClassificationResultView result={evaluation.data} compact /> : null}
            {!evaluation.data && !evaluation.error ? <Spin style={{ display: 'block', margin: 24 }} /> : null}
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** The answers that will be saved, in the questionnaire's words. */
function Review({ answers, regime }: { answers: ClassificationAnswers; regime: Regime }) {
  const { t } = useTranslation();
  const yesNo = (value: boolean) => (value ? t('systemsUi.q.yes') : t('systemsUi.q.no'));
  const show = (key: AnswerKey): ReactNode => {
    switch (key) {
      case 'systemType':
        return enumLabel(t, 'systemType', answers.systemType);
      case 'infoTypes':
        return answers.infoTypes.length === 0 ? t('common.none') : answers.infoTypes.map((v) => enumLabel(t, 'infoType', v)).join(', ');
      case 'stateSecretHarm':
        return enumLabel(t, 'stateSecretHarm', answers.stateSecretHarm);
      case 'infraScope':
        return answers.infraScope ? enumLabel(t, 'infraScope', answers.infraScope) : t('common.none');
      case 'icsWorksGrade':
        return enumLabel(t, 'icsWorksGrade', answers.icsWorksGrade);
      case 'onlinePublicServiceLevel':
        return t(`systemsUi.q.onlinePublicServiceLevels.${answers.onlinePublicServiceLevel}`);
      case 'userCount':
      case 'personalBasicSubjects':
      case 'personalSensitiveSubjects':
        return formatNumber(answers[key]);
      case 'decidedLevel':
      case 'riskAssessedLevel': {
        const level = answers[key];
        return level === null ? t('systemsUi.q.noneLevel') : t('systemsUi.levelN', { level });
      }
      default:
        return yesNo(answers[key]);
    }
  };
  const keys = QUESTION_STEPS.flatMap((s) => visibleQuestions(s, answers, regime));
  return (
    <>
      <Typography.Paragraph>{t('systemsUi.classify.reviewHelp')}</Typography.Paragraph>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'regime', label: t('systemsUi.classify.regimeLabel'), children: enumLabel(t, 'regime', regime) },
          ...keys.map((key) => ({ key, label: t(`systemsUi.q.${key}.label`), children: show(key) })),
        ]}
      />
    </>
  );
}
