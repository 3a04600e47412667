import { Alert, Descriptions, Empty, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CLASSIFICATION_WARNINGS, type ClassificationWarning } from '@shared/domain/classification';
import { currentLocale } from '../../lib/i18n';
import type { ClassificationResult, Deadline } from './api';
import { LevelTag } from './LevelTag';
import { enumLabel } from './system-labels';

type Severity = 'error' | 'warning' | 'info';

/** How loud each warning is: state secrets are outside the platform's scope, so they stop the user. */
export const WARNING_SEVERITY: Record<ClassificationWarning, Severity> = {
  stateSecretOutOfScope: 'error',
  nsCriticalPath: 'warning',
  levelFiveListPm: 'warning',
  legacyRegimeTransition: 'warning',
  unverifiedRule: 'warning',
  componentHigher: 'info',
  decidedLevelHigher: 'info',
  riskAssessedHigher: 'info',
  noCriterion: 'info',
};

function isKnownWarning(code: string): code is ClassificationWarning {
  return CLASSIFICATION_WARNINGS.some((w) => w === code);
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function ClassificationWarnings({ warnings }: { warnings: readonly string[] }) {
  const { t } = useTranslation();
  const items = warnings
    .map((code) => ({
      code,
      severity: isKnownWarning(code) ? WARNING_SEVERITY[code] : 'warning',
      title: isKnownWarning(code) ? t(`systemsUi.warnings.${code}`) : t('systemsUi.warnings.unknown', { code }),
      text: isKnownWarning(code) ? t(`legal.warnings.${code}`) : undefined,
    }))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  if (items.length === 0) return null;
  return (
    <Flex vertical gap={8}>
      {items.map((w) => (
        <Alert
          key={w.code}
          type={w.severity}
          showIcon
          title={w.severity === 'error' ? <strong>{w.title}</strong> : w.title}
          description={w.text}
          data-testid={`warning-${w.code}`}
        />
      ))}
    </Flex>
  );
}

export function deadlineText(t: ReturnType<typeof useTranslation>['t'], d: Deadline): string {
  return t('systemsUi.result.deadlineText', {
    step: t(`legal.steps.${d.step}`),
    days: d.days,
    dayKind: t(`legal.dayKinds.${d.dayKind}`),
  });
}

interface ClassificationResultViewProps {
  result: ClassificationResult;
  /** The questionnaire's live preview: a narrower layout. */
  compact?: boolean;
}

/** A level determination with its reasons: matched criteria and articles, warnings, who decides, time limits. */
export function ClassificationResultView({ result, compact = false }: ClassificationResultViewProps) {
  const { t } = useTranslation();
  const isEnglish = currentLocale() === 'en';
  return (
    <Flex vertical gap={12}>
      <Flex align="center" gap={8} wrap>
        <Typography.Text strong>{t('systemsUi.result.proposedLevel')}</Typography.Text>
        <span data-testid="result-level">
          <LevelTag level={result.level} emptyText={t('systemsUi.result.noLevel')} />
        </span>
        <Typography.Text type="secondary">{enumLabel(t, 'regime', result.regime)}</Typography.Text>
      </Flex>
      <ClassificationWarnings warnings={result.warnings} />
      <div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('systemsUi.result.matchedTitle')}
        </Typography.Title>
        {result.matched.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('systemsUi.result.noMatched')} />
        ) : (
          <List
            size="small"
            dataSource={result.matched}
            renderItem={(m) => (
              <List.Item key={m.code}>
                <Flex vertical gap={2} style={{ width: '100%' }}>
                  <Flex gap={6} wrap align="center">
                    <LevelTag level={m.level} />
                    <Typography.Text strong>{m.legalRef}</Typography.Text>
                    {m.verified ? null : <Tag color="orange">{t('systemsUi.result.unverified')}</Tag>}
                  </Flex>
                  <Typography.Text>{isEnglish ? m.textEn : m.textVi}</Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </div>
      {result.authority ? (
        <Descriptions
          size="small"
          column={1}
          bordered={!compact}
          title={t('systemsUi.result.authorityTitle')}
          items={[
            {
              key: 'appraiser',
              label: t('systemsUi.result.appraiser'),
              children: isEnglish ? result.authority.appraiser.en : result.authority.appraiser.vi,
            },
            {
              key: 'approver',
              label: t('systemsUi.result.approver'),
              children: isEnglish ? result.authority.approver.en : result.authority.approver.vi,
            },
            { key: 'ref', label: t('systemsUi.result.legalRef'), children: result.authority.legalRef },
          ]}
        />
      ) : null}
      {result.deadlines.length > 0 ? (
        <div>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('systemsUi.result.deadlinesTitle')}
          </Typography.Title>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {result.deadlines.map((d) => (
              <li key={`${d.step}:${d.levelMin}`}>
                {deadlineText(t, d)} <Typography.Text type="secondary">({d.legalRef})</Typography.Text>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Flex>
  );
}
