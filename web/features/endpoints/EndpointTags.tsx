import { Flex, Tag, Tooltip, Typography } from 'antd';
import { LockFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AvProduct, Endpoint } from '@shared/api/endpoints';
import { formatDateTime } from '../../lib/format';
import { LICENCE_COLORS, isStale, licenceLabel, relativeTime } from './endpoint-labels';

/** The antivirus products of a machine: central ones in green, disabled or outdated flagged. */
export function AvProductTags({ products }: { products: AvProduct[] }) {
  const { t } = useTranslation();
  if (products.length === 0) return <Tag color="red">{t('endpointsUi.av.none')}</Tag>;
  return (
    <Flex vertical gap={2} align="flex-start">
      {products.map((p) => (
        <Flex key={`${p.name}:${p.source}`} gap={2} wrap>
          <Tag color={p.central ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
            {p.name}
          </Tag>
          {p.central ? <Tag color="green">{t('endpointsUi.av.central')}</Tag> : null}
          {p.enabled === false ? <Tag color="red">{t('endpointsUi.av.disabled')}</Tag> : null}
          {p.upToDate === false ? <Tag color="orange">{t('endpointsUi.av.outdated')}</Tag> : null}
        </Flex>
      ))}
    </Flex>
  );
}

export function LicenceTag({ endpoint }: { endpoint: Pick<Endpoint, 'osLicence'> }) {
  const { t } = useTranslation();
  return <Tag color={LICENCE_COLORS[endpoint.osLicence]}>{licenceLabel(t, endpoint.osLicence)}</Tag>;
}

export function StateSecretTag() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('endpointsUi.stateSecretHelp')}>
      <Tag color="magenta" icon={<LockFilled />}>
        {t('endpointsUi.stateSecret')}
      </Tag>
    </Tooltip>
  );
}

/** "3 ngày trước", in red when older than `staleDays` (or never seen). */
export function LastSeen({ value, staleDays = 7 }: { value: string | null; staleDays?: number }) {
  const { t } = useTranslation();
  if (!value) return <Typography.Text type="danger">{t('endpointsUi.neverSeen')}</Typography.Text>;
  return (
    <Tooltip title={formatDateTime(value)}>
      <Typography.Text type={isStale(value, staleDays) ? 'danger' : undefined}>{relativeTime(value)}</Typography.Text>
    </Tooltip>
  );
}
