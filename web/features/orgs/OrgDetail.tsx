import { App, Button, Card, Descriptions, Empty, Flex, Popconfirm, Spin, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, TeamOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Org } from '@shared/api/orgs';
import { useCan } from '../../app/session';
import { formatDateTime, formatNumber } from '../../lib/format';
import { adminUnitKindLabel, itQualificationLabel, orgKindLabel } from '../../lib/labels';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useDeleteOrg, useOrg } from './api';

interface OrgDetailProps {
  orgId: string | null;
  onSelect: (id: string | null) => void;
  onCreateChild: (parent: Org) => void;
  onEdit: (org: Org) => void;
  onDesignateOfficer: (org: Org) => void;
}

/** What is known about one organisation, with the actions its `can` allows. */
export function OrgDetail({ orgId, onSelect, onCreateChild, onEdit, onDesignateOfficer }: OrgDetailProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const org = useOrg(orgId);
  const parent = useOrg(org.data?.parentId);
  const remove = useDeleteOrg((deleted) => {
    void message.success(t('orgs.deleted', { name: deleted.name }));
    onSelect(deleted.parentId);
  });

  if (!orgId) {
    return (
      <Card>
        <Empty description={t('orgs.selectHint')} />
      </Card>
    );
  }
  if (org.isPending) {
    return (
      <Card>
        <Spin style={{ display: 'block', margin: 24 }} />
      </Card>
    );
  }
  if (org.error) return <ErrorNotice error={org.error} onRetry={() => void org.refetch()} />;
  const o = org.data;
  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;

  const actions = (
    <Flex gap={8} wrap>
      {o.can.createChild ? (
        <Button icon={<PlusOutlined />} onClick={() => onCreateChild(o)}>
          {t('orgs.addChild')}
        </Button>
      ) : null}
      {o.can.update ? (
        <Button icon={<EditOutlined />} onClick={() => onEdit(o)}>
          {t('common.edit')}
        </Button>
      ) : null}
      {o.can.designateOfficer ? (
        <Button icon={<UserSwitchOutlined />} onClick={() => onDesignateOfficer(o)}>
          {t('orgs.designateOfficer')}
        </Button>
      ) : null}
      {can('user.read') ? (
        <Link to={`/users?orgId=${encodeURIComponent(o.id)}`}>
          <Button icon={<TeamOutlined />}>{t('orgs.viewUsers')}</Button>
        </Link>
      ) : null}
      {o.can.delete ? (
        <Popconfirm
          title={t('orgs.deleteConfirmTitle', { name: o.name })}
          description={t('orgs.deleteConfirmText')}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, loading: remove.isPending }}
          onConfirm={() =>
            remove.mutateAsync(o).catch((error: unknown) => {
              void message.error(error instanceof Error ? error.message : t('common.unexpectedError'));
            })
          }
        >
          <Button danger icon={<DeleteOutlined />}>
            {t('common.delete')}
          </Button>
        </Popconfirm>
      ) : null}
    </Flex>
  );

  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          <span>{o.name}</span>
          <Tag color="blue">{orgKindLabel(t, o.kind)}</Tag>
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        {actions}
        <Descriptions bordered size="small" column={1} styles={{ label: { width: 220 } }}>
          <Descriptions.Item label={t('orgs.fields.code')}>
            <Typography.Text code>{o.code}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('orgs.fields.name')}>{o.name}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.fields.nameEn')}>{o.nameEn ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.fields.kind')}>{orgKindLabel(t, o.kind)}</Descriptions.Item>
          {o.kind === 'commune' || o.adminUnitKind ? (
            <Descriptions.Item label={t('orgs.fields.adminUnitKind')}>
              {o.adminUnitKind ? adminUnitKindLabel(t, o.adminUnitKind) : none}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('orgs.fields.parent')}>
            {o.parentId ? (
              parent.error ? (
                // Out of the caller's scope: the server answers 404 and the name stays hidden.
                <Typography.Text type="secondary">{t('orgs.parentOutOfScope')}</Typography.Text>
              ) : (
                <Typography.Link onClick={() => onSelect(o.parentId)}>
                  {parent.data?.name ?? t('common.loading')}
                </Typography.Link>
              )
            ) : (
              t('orgs.isRoot')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('orgs.fields.address')}>{o.address ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.fields.phone')}>{o.phone ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.fields.email')}>{o.email ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.fields.securityOfficer')}>
            {o.securityOfficerName ? (
              <Flex vertical>
                <span>{o.securityOfficerName}</span>
                <Typography.Text type="secondary">
                  {t('orgs.officerQualification', {
                    qualification: itQualificationLabel(t, o.securityOfficerQualification),
                  })}
                </Typography.Text>
              </Flex>
            ) : (
              <Typography.Text type="warning">{t('orgs.noOfficer')}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('orgs.fields.childCount')}>{formatNumber(o.childCount)}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.fields.updatedAt')}>{formatDateTime(o.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Flex>
    </Card>
  );
}
