import { Descriptions, Drawer, Flex, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Endpoint } from '@shared/api/endpoints';
import { formatDateTime } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useEndpoint } from './api';
import { AvProductTags, LastSeen, LicenceTag, StateSecretTag } from './EndpointTags';
import { SOURCE_COLORS, platformLabel, sourceLabel } from './endpoint-labels';

interface EndpointDetailDrawerProps {
  endpointId: string | null;
  onClose: () => void;
  /** Buttons (edit, retire, delete) shown in the drawer's header for the loaded machine. */
  actions?: (endpoint: Endpoint) => React.ReactNode;
}

/** Everything known about one computer. */
export function EndpointDetailDrawer({ endpointId, onClose, actions }: EndpointDetailDrawerProps) {
  const { t } = useTranslation();
  const endpoint = useEndpoint(endpointId);
  const data = endpoint.data;
  return (
    <Drawer
      open={endpointId !== null}
      onClose={onClose}
      size={720}
      destroyOnHidden
      title={data ? t('endpointsUi.detail.title', { name: data.hostname }) : t('endpointsUi.detail.loading')}
      extra={data && actions ? <Flex gap={8}>{actions(data)}</Flex> : null}
    >
      {endpoint.isPending && endpointId ? <Spin style={{ display: 'block', margin: 24 }} /> : null}
      {endpoint.error ? <ErrorNotice error={endpoint.error} onRetry={() => void endpoint.refetch()} /> : null}
      {data ? <EndpointDetails endpoint={data} /> : null}
    </Drawer>
  );
}

function Empty() {
  const { t } = useTranslation();
  return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
}

export function EndpointDetails({ endpoint: e }: { endpoint: Endpoint }) {
  const { t } = useTranslation();
  const os = [e.osName, e.osVersion, e.osBuild ? `(${e.osBuild})` : null].filter(Boolean).join(' ');
  return (
    <Flex vertical gap={16}>
      <Flex gap={4} wrap>
        {e.stateSecret ? <StateSecretTag /> : null}
        {e.retiredAt ? <Tag>{t('endpointsUi.retiredOn', { date: formatDateTime(e.retiredAt) })}</Tag> : null}
        <Tag color={SOURCE_COLORS[e.source]}>{sourceLabel(t, e.source)}</Tag>
        {e.agent && e.source !== 'agent' ? <Tag color="blue">{t('endpointsUi.detail.agentEnrolled')}</Tag> : null}
      </Flex>
      <Descriptions size="small" bordered column={1} styles={{ label: { width: 200 } }}>
        <Descriptions.Item label={t('endpointsUi.fields.hostname')}>
          <Typography.Text strong copyable>
            {e.hostname}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.org')}>
          {e.orgName} <Typography.Text type="secondary">({e.orgCode})</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.assignedTo')}>{e.assignedTo ?? <Empty />}</Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.hardwareUuid')}>{e.hardwareUuid ?? <Empty />}</Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.serial')}>{e.serial ?? <Empty />}</Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.os')}>
          <Flex gap={8} wrap align="center">
            {e.osPlatform ? <Tag>{platformLabel(t, e.osPlatform)}</Tag> : null}
            {os || <Empty />}
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.osLicence')}>
          <LicenceTag endpoint={e} />
        </Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.avProducts')}>
          <AvProductTags products={e.avProducts} />
        </Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.protection')}>
          <Flex gap={4} wrap>
            <Tag color={e.hasCentralAv ? 'green' : 'red'}>{e.hasCentralAv ? t('endpointsUi.detail.hasCentral') : t('endpointsUi.detail.noCentral')}</Tag>
            {e.avUpToDate === false ? <Tag color="orange">{t('endpointsUi.av.outdated')}</Tag> : null}
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.lastSeen')}>
          {e.lastSeenAt ? (
            <>
              <LastSeen value={e.lastSeenAt} /> <Typography.Text type="secondary">({formatDateTime(e.lastSeenAt)})</Typography.Text>
            </>
          ) : (
            <LastSeen value={null} />
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.ipAddresses')}>{e.ipAddresses.length ? e.ipAddresses.join(', ') : <Empty />}</Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.macAddresses')}>{e.macAddresses.length ? e.macAddresses.join(', ') : <Empty />}</Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.notes')}>
          {e.notes ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{e.notes}</Typography.Paragraph> : <Empty />}
        </Descriptions.Item>
        <Descriptions.Item label={t('endpointsUi.fields.updatedAt')}>{formatDateTime(e.updatedAt)}</Descriptions.Item>
      </Descriptions>
    </Flex>
  );
}
