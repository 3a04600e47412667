import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CreateDossierBody } from '@shared/api/dossiers';
import { isApiError } from '../../lib/api';
import { checkForm } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { formatDate } from '../../lib/format';
import { PageHeader } from '../../ui/PageHeader';
import { useSystem } from '../systems/api';
import { LevelTag } from '../systems/LevelTag';
import { useCreateDossier } from './api';

/**
 * `/dossiers/new?systemId=…`: confirms opening a level dossier for one system (linked from the
 * system's page), then goes to the new dossier.
 */
export function NewDossierPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const systemId = params.get('systemId') ?? '';
  const system = useSystem(systemId || null);
  const create = useCreateDossier();
  const [form] = Form.useForm<{ directiveDueOn?: string }>();
  const [error, setError] = useState<unknown>(null);

  if (!systemId) {
    return <Alert type="warning" showIcon title={t('dossiersUi.new.noSystem')} action={<Link to="/systems">{t('nav.systems')}</Link>} />;
  }
  if (system.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (system.error) return <ErrorNotice error={system.error} onRetry={() => void system.refetch()} />;
  const s = system.data;

  const onCreate = (values: { directiveDueOn?: string }) => {
    const body = checkForm(form, CreateDossierBody, { systemId, directiveDueOn: values.directiveDueOn || undefined }, t);
    if (!body) return;
    setError(null);
    create.mutate(body, {
      onSuccess: (dossier) => void navigate(`/dossiers/${dossier.id}`, { replace: true }),
      onError: setError,
    });
  };

  return (
    <>
      <PageHeader title={t('dossiersUi.new.title')} description={<Link to={`/systems/${s.id}`}>{t('dossiersUi.new.backToSystem')}</Link>} />
      <Card style={{ maxWidth: 720 }}>
        <Flex vertical gap={16}>
          <Typography.Paragraph style={{ margin: 0 }}>{t('dossiersUi.new.intro')}</Typography.Paragraph>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'system', label: t('dossiersUi.fields.system'), children: `${s.name} (${s.code})` },
              { key: 'org', label: t('dossiersUi.fields.org'), children: s.orgName },
              { key: 'level', label: t('dossiersUi.fields.proposedLevel'), children: <LevelTag level={s.proposedLevel} /> },
            ]}
          />
          {s.proposedLevel === null ? <Alert type="warning" showIcon title={t('dossiersUi.new.notClassified')} /> : null}
          {s.approvedLevel !== null ? (
            <Alert
              type="info"
              showIcon
              title={t('dossiersUi.new.redetermination', { level: s.approvedLevel, date: formatDate(s.approvedOn) })}
              description={t('dossiersUi.new.redeterminationHelp')}
            />
          ) : null}
          {error ? (
            <Alert
              type="error"
              showIcon
              title={isApiError(error) ? error.message : t('common.unexpectedError')}
              action={
                isApiError(error) && error.status === 409 ? (
                  <Link to={`/dossiers?systemId=${encodeURIComponent(systemId)}`}>{t('dossiersUi.new.openExisting')}</Link>
                ) : undefined
              }
            />
          ) : null}
          <Form form={form} layout="vertical" onFinish={onCreate}>
            <Form.Item name="directiveDueOn" label={t('dossiersUi.fields.directiveDueOn')} extra={t('dossiersUi.new.directiveHelp')}>
              <Input type="date" style={{ width: 200 }} />
            </Form.Item>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" loading={create.isPending}>
                {t('dossiersUi.new.confirm')}
              </Button>
              <Button onClick={() => void navigate(-1)}>{t('common.cancel')}</Button>
            </Flex>
          </Form>
        </Flex>
      </Card>
    </>
  );
}
