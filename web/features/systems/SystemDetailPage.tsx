import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Popconfirm, Row, Spin, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, FileAddOutlined, FolderOpenOutlined, FormOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { InformationSystem, SystemClassification } from '@shared/api/systems';
import { formatDate, formatDateTime } from '../../lib/format';
import { useCan } from '../../app/session';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageHeader } from '../../ui/PageHeader';
import { parseStoredResult, useClassificationHistory, useDeleteSystem, useSystem } from './api';
import { ClassificationResultView } from './ClassificationResultView';
import { LevelTag } from './LevelTag';
import { SystemFormDrawer, type SystemFormTarget } from './SystemFormDrawer';
import { SystemAssessments } from '../assessments/SystemAssessments';
import { SystemSocSection } from '../soc/SystemSocSection';
import { enumLabel } from './system-labels';

/** `/systems/:id`: the registry record, its parts, and its level with the reasons and history. */
export function SystemDetailPage() {
  const { id = '' } = useParams();
  const system = useSystem(id);
  if (system.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (system.error) return <ErrorNotice error={system.error} onRetry={() => void system.refetch()} />;
  return <SystemDetail system={system.data} />;
}

function SystemDetail({ system }: { system: InformationSystem }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [formTarget, setFormTarget] = useState<SystemFormTarget | null>(null);
  const remove = useDeleteSystem();
  const can = useCan();
  const canPrepare = can('dossier.prepare');
  const canReadDossiers = can('dossier.read');
  const empty = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const text = (value: string | null | undefined) => (value ? value : empty);

  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            {system.name}
            <Tag>{system.code}</Tag>
            {system.isImportant ? <Tag color="gold">{t('systemsUi.important')}</Tag> : null}
          </Flex>
        }
        description={
          <Link to="/systems">{t('systemsUi.backToList')}</Link>
        }
        extra={
          <>
            {canPrepare && system.can.update ? (
              <Button icon={<FileAddOutlined />} onClick={() => void navigate(`/dossiers/new?systemId=${system.id}`)}>
                {t('systemsUi.detail.newDossier')}
              </Button>
            ) : null}
            {canReadDossiers ? (
              <Button icon={<FolderOpenOutlined />} onClick={() => void navigate(`/dossiers?systemId=${system.id}`)}>
                {t('systemsUi.detail.dossiers')}
              </Button>
            ) : null}
            {system.can.classify ? (
              <Button type="primary" icon={<FormOutlined />} onClick={() => void navigate(`/systems/${system.id}/classify`)}>
                {system.proposedLevel ? t('systemsUi.detail.reclassify') : t('systemsUi.detail.classify')}
              </Button>
            ) : null}
            {system.can.update ? (
              <Button icon={<EditOutlined />} onClick={() => setFormTarget({ mode: 'edit', systemId: system.id })}>
                {t('common.edit')}
              </Button>
            ) : null}
            {system.can.delete ? (
              <Popconfirm
                title={t('systemsUi.detail.deleteConfirm', { name: system.name })}
                description={t('systemsUi.detail.deleteHelp')}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  remove.mutateAsync(system.id).then(
                    () => {
                      void message.success(t('systemsUi.detail.deleted', { name: system.name }));
                      void navigate('/systems');
                    },
                    (error: unknown) => void message.error(error instanceof Error ? error.message : t('common.unexpectedError')),
                  )
                }
              >
                <Button danger icon={<DeleteOutlined />}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ) : null}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Flex vertical gap={16}>
            <Card title={t('systemsUi.detail.registryTitle')}>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'org', label: t('systemsUi.fields.org'), children: system.orgName },
                  { key: 'owner', label: t('systemsUi.fields.ownerOrg'), children: text(system.ownerOrgName) },
                  { key: 'type', label: t('systemsUi.fields.systemType'), children: enumLabel(t, 'systemType', system.answers.systemType) },
                  { key: 'lifecycle', label: t('systemsUi.fields.lifecycle'), children: enumLabel(t, 'lifecycle', system.lifecycle) },
                  {
                    key: 'audiences',
                    label: t('systemsUi.fields.audiences'),
                    children: system.audiences.length ? system.audiences.map((a) => enumLabel(t, 'audience', a)).join(', ') : empty,
                  },
                  {
                    key: 'info',
                    label: t('systemsUi.fields.infoTypes'),
                    children: system.answers.infoTypes.length
                      ? system.answers.infoTypes.map((v) => enumLabel(t, 'infoType', v)).join(', ')
                      : empty,
                  },
                  {
                    key: 'hosting',
                    label: t('systemsUi.fields.hosting'),
                    children: system.hosting
                      ? [enumLabel(t, 'hosting', system.hosting), system.hostingProvider].filter(Boolean).join(' · ')
                      : empty,
                  },
                  {
                    key: 'investment',
                    label: t('systemsUi.fields.investmentStartedOn'),
                    children: system.investmentStartedOn ? formatDate(system.investmentStartedOn) : empty,
                  },
                  {
                    key: 'parent',
                    label: t('systemsUi.fields.parentSystem'),
                    children: system.parentSystemId ? (
                      <Link to={`/systems/${system.parentSystemId}`}>{system.parentSystemName ?? system.parentSystemId}</Link>
                    ) : (
                      empty
                    ),
                  },
                  {
                    key: 'contact',
                    label: t('systemsUi.detail.contact'),
                    children: [system.contactName, system.contactPhone, system.contactEmail].filter(Boolean).join(' · ') || empty,
                  },
                  { key: 'purpose', label: t('systemsUi.fields.purpose'), children: text(system.purpose), span: 'filled' },
                  { key: 'updated', label: t('systemsUi.fields.updatedAt'), children: formatDateTime(system.updatedAt) },
                ]}
              />
            </Card>
            <Card title={t('systemsUi.detail.componentsTitle')}>
              <Table
                size="small"
                rowKey={(_, index) => String(index)}
                pagination={false}
                dataSource={system.components}
                locale={{ emptyText: t('systemsUi.detail.noComponents') }}
                columns={[
                  {
                    title: t('systemsUi.fields.componentKind'),
                    dataIndex: 'kind',
                    render: (kind: InformationSystem['components'][number]['kind']) => enumLabel(t, 'componentKind', kind),
                  },
                  { title: t('systemsUi.fields.vendor'), dataIndex: 'vendor' },
                  { title: t('systemsUi.fields.product'), dataIndex: 'product' },
                  { title: t('systemsUi.fields.version'), dataIndex: 'version' },
                ]}
              />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            <Card title={t('systemsUi.detail.levelTitle')}>
              <Descriptions
                size="small"
                column={1}
                items={[
                  {
                    key: 'proposed',
                    label: t('systemsUi.fields.proposedLevel'),
                    children: (
                      <Flex gap={6} wrap align="center">
                        <LevelTag level={system.proposedLevel} />
                        {system.regime ? <Typography.Text type="secondary">{enumLabel(t, 'regime', system.regime)}</Typography.Text> : null}
                        {system.classifiedAt ? (
                          <Typography.Text type="secondary">{formatDateTime(system.classifiedAt)}</Typography.Text>
                        ) : null}
                      </Flex>
                    ),
                  },
                  {
                    key: 'approved',
                    label: t('systemsUi.fields.approvedLevel'),
                    children: (
                      <Flex gap={6} wrap align="center">
                        <LevelTag level={system.approvedLevel} emptyText={t('systemsUi.notApproved')} />
                        {system.approvedRegime ? (
                          <Typography.Text type="secondary">{enumLabel(t, 'regime', system.approvedRegime)}</Typography.Text>
                        ) : null}
                        {system.approvedOn ? <Typography.Text type="secondary">{formatDate(system.approvedOn)}</Typography.Text> : null}
                      </Flex>
                    ),
                  },
                ]}
              />
            </Card>
            <ClassificationCards system={system} />
            <SystemSocSection systemId={system.id} />
          </Flex>
        </Col>
      </Row>
      <div style={{ marginTop: 16 }}>
        <SystemAssessments systemId={system.id} approvedLevel={system.approvedLevel} />
      </div>
      <SystemFormDrawer target={formTarget} onClose={() => setFormTarget(null)} />
    </>
  );
}

function ClassificationCards({ system }: { system: InformationSystem }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const history = useClassificationHistory(system.id);
  if (history.isPending) return <Spin style={{ display: 'block', margin: 24 }} />;
  if (history.error) return <ErrorNotice error={history.error} onRetry={() => void history.refetch()} />;
  const items = history.data.items;
  const latest = items[0];
  const latestResult = latest ? parseStoredResult(latest.result) : null;
  return (
    <>
      <Card title={t('systemsUi.detail.latestTitle')}>
        {latestResult ? (
          <ClassificationResultView result={latestResult} />
        ) : latest ? (
          <Typography.Text type="secondary">{t('systemsUi.detail.resultUnreadable')}</Typography.Text>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('systemsUi.detail.noClassification')}>
            {system.can.classify ? (
              <Button type="primary" onClick={() => void navigate(`/systems/${system.id}/classify`)}>
                {t('systemsUi.detail.classify')}
              </Button>
            ) : null}
          </Empty>
        )}
      </Card>
      <Card title={t('systemsUi.detail.historyTitle')}>
        <Table<SystemClassification>
          size="small"
          rowKey="id"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={items}
          locale={{ emptyText: t('systemsUi.detail.noHistory') }}
          expandable={{
            expandedRowRender: (c) => {
              const result = parseStoredResult(c.result);
              return result ? <ClassificationResultView result={result} compact /> : t('systemsUi.detail.resultUnreadable');
            },
          }}
          columns={[
            { title: t('systemsUi.detail.when'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            {
              title: t('systemsUi.detail.regime'),
              dataIndex: 'regime',
              render: (r: SystemClassification['regime']) => enumLabel(t, 'regime', r),
            },
            { title: t('systemsUi.detail.level'), dataIndex: 'level', render: (level: number) => <LevelTag level={level} /> },
            { title: t('systemsUi.detail.by'), dataIndex: 'createdByName', render: (v: string | null) => v ?? '' },
          ]}
        />
      </Card>
    </>
  );
}
