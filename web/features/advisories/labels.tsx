import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TargetWhy } from '@shared/api/advisories';
import { describeRule, type AdvisoryStatus, type Severity, type TargetStatus, type Tlp } from '@shared/domain/advisories';

const SEVERITY_COLORS: Record<Severity, string> = { critical: 'magenta', high: 'red', medium: 'orange', low: 'blue' };
const TLP_COLORS: Record<Tlp, string> = { clear: 'default', green: 'green', amber: 'gold', 'amber+strict': 'orange', red: 'red' };
const STATUS_COLORS: Record<AdvisoryStatus, string> = { draft: 'default', published: 'blue', withdrawn: 'default' };
const TARGET_COLORS: Record<TargetStatus, string> = { pending: 'red', acknowledged: 'gold', remediated: 'green', not_affected: 'default' };

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return <Tag color={SEVERITY_COLORS[severity]}>{t(`advisories.severity.${severity}`)}</Tag>;
}

export function TlpTag({ tlp }: { tlp: Tlp }) {
  return <Tag color={TLP_COLORS[tlp]}>TLP:{tlp.toUpperCase()}</Tag>;
}

export function StatusTag({ status }: { status: AdvisoryStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`advisories.status.${status}`)}</Tag>;
}

export function TargetStatusTag({ status }: { status: TargetStatus }) {
  const { t } = useTranslation();
  return <Tag color={TARGET_COLORS[status]}>{t(`advisories.targetStatus.${status}`)}</Tag>;
}

/** Why an asset matched, in words a commune officer reads: what is installed, which product, which version rule. */
export function WhyText({ why }: { why: TargetWhy }) {
  const { t } = useTranslation();
  const installed = [why.matchedName, why.matchedVersion ? `${t('advisories.why.version')} ${why.matchedVersion}` : null].filter(Boolean).join(' — ');
  const product = [why.productVendor, why.product].filter(Boolean).join(' ');
  const words = { from: t('advisories.rule.from'), below: t('advisories.rule.below'), upTo: t('advisories.rule.upTo'), all: t('advisories.rule.all') };
  const rule = why.versionRule ? describeRule(why.versionRule, words) : t(`advisories.why.reason.${why.versionReason}`);
  return (
    <div data-testid="why">
      <Typography.Text>
        {t(`advisories.why.kind.${why.matchedKind}`)}: <strong>{installed}</strong>
      </Typography.Text>
      <br />
      <Typography.Text type="secondary">
        {t('advisories.why.matches', { product: product || '—', how: t(`advisories.why.name.${why.nameMatch}`), rule })}
      </Typography.Text>
    </div>
  );
}
