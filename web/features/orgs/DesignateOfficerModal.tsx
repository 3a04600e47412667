import { useState } from 'react';
import { Alert, App, Button, Empty, Flex, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Org } from '@shared/api/orgs';
import { itQualificationLabel } from '../../lib/labels';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useUserList } from '../users/api';
import { useDesignateOfficer } from './api';

interface DesignateOfficerModalProps {
  org: Org | null;
  onClose: () => void;
}

/** Picks the organisation's designated security officer among its own users. */
export function DesignateOfficerModal({ org, onClose }: DesignateOfficerModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      open={org !== null}
      onCancel={onClose}
      title={org ? t('orgs.officerTitle', { name: org.name }) : ''}
      footer={null}
      destroyOnHidden
      width={560}
    >
      {org ? <OfficerForm key={org.id} org={org} onDone={onClose} /> : null}
    </Modal>
  );
}

function OfficerForm({ org, onDone }: { org: Org; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [userId, setUserId] = useState<string | null>(org.securityOfficerId);
  const users = useUserList({ orgId: org.id, limit: 500 });
  const designate = useDesignateOfficer();

  const save = (next: string | null) =>
    designate.mutate(
      { id: org.id, body: { userId: next } },
      {
        onSuccess: (saved) => {
          void message.success(
            saved.securityOfficerName
              ? t('orgs.officerSaved', { name: saved.securityOfficerName })
              : t('orgs.officerCleared'),
          );
          onDone();
        },
      },
    );

  const options = (users.data?.items ?? [])
    .filter((u) => !u.disabled)
    .map((u) => ({
      value: u.id,
      label: `${u.fullName} (${u.username}) — ${itQualificationLabel(t, u.itQualification)}`,
    }));

  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph style={{ margin: 0 }}>{t('orgs.officerHelp')}</Typography.Paragraph>
      {users.error ? <ErrorNotice error={users.error} onRetry={() => void users.refetch()} /> : null}
      {designate.error ? <ErrorNotice error={designate.error} /> : null}
      {users.data && options.length === 0 ? (
        <Empty description={t('orgs.officerNoUsers')} />
      ) : (
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={users.isPending}
          value={userId}
          onChange={setUserId}
          options={options}
          placeholder={t('orgs.officerPlaceholder')}
          style={{ width: '100%' }}
          aria-label={t('orgs.fields.securityOfficer')}
        />
      )}
      {userId && users.data?.items.find((u) => u.id === userId)?.itQualification === 'none' ? (
        <Alert type="warning" showIcon title={t('orgs.officerNoQualification')} />
      ) : null}
      <Flex justify="space-between" gap={8}>
        {org.securityOfficerId ? (
          <Button danger onClick={() => save(null)} loading={designate.isPending && designate.variables?.body.userId === null}>
            {t('orgs.officerClear')}
          </Button>
        ) : (
          <span />
        )}
        <Flex gap={8}>
          <Button onClick={onDone}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            disabled={!userId || userId === org.securityOfficerId}
            loading={designate.isPending && designate.variables?.body.userId !== null}
            onClick={() => save(userId)}
          >
            {t('common.save')}
          </Button>
        </Flex>
      </Flex>
    </Flex>
  );
}
