import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Modal, Radio, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Advisory, AdvisoryTarget, OrgResponse } from '@shared/api/advisories';
import { describeRule, type Resolution } from '@shared/domain/advisories';
import { formatDateTime } from '../../lib/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormError } from '../../ui/FormParts';
import { FullPageSpinner } from '../../ui/FullPageSpinner';
import { PageHeader } from '../../ui/PageHeader';
import { evidenceUrl, stixUrl, useAcknowledge, useAdvisory, useOverdue, usePublish, useRespond, useResponses, useTargets, useWithdraw } from './api';
import { OverdueTable } from './AdvisoryListPage';
import { SeverityTag, StatusTag, TargetStatusTag, TlpTag, WhyText } from './labels';

type Answer = 'remediated' | 'not_affected';

/** The one-step answer: patched / mitigated or not affected, with a note and optional evidence, for one or many assets. */
function AnswerModal({ advisoryId, targets, answer, onClose }: { advisoryId: string; targets: AdvisoryTarget[]; answer: Answer; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const respond = useRespond(advisoryId);
  const [resolution, setResolution] = useState<Resolution>(answer === 'not_affected' ? 'not_affected' : 'patched');
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const submit = () =>
    respond.mutate(
      { body: { targetIds: targets.map((x) => x.id), resolution, note: note.trim() || null }, file },
      {
        onSuccess: () => {
          void message.success(t('advisories.answer.saved', { count: targets.length }));
          onClose();
        },
      },
    );
  return (
    <Modal
      open
      title={answer === 'not_affected' ? t('advisories.answer.notAffectedTitle', { count: targets.length }) : t('advisories.answer.remediatedTitle', { count: targets.length })}
      onCancel={onClose}
      onOk={submit}
      okText={t('advisories.answer.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={respond.isPending}
    >
      <Typography.Paragraph type="secondary">{targets.map((x) => x.assetName).join(', ')}</Typography.Paragraph>
      <Form layout="vertical">
        {answer === 'remediated' ? (
          <Form.Item label={t('advisories.answer.how')}>
            <Radio.Group value={resolution} onChange={(e) => setResolution(e.target.value === 'mitigated' ? 'mitigated' : 'patched')}>
              <Radio value="patched">{t('advisories.resolution.patched')}</Radio>
              <Radio value="mitigated">{t('advisories.resolution.mitigated')}</Radio>
            </Radio.Group>
          </Form.Item>
        ) : null}
        <Form.Item label={t('advisories.answer.note')} required={answer === 'not_affected'} extra={answer === 'not_affected' ? t('advisories.answer.notAffectedHelp') : t('advisories.answer.remediatedHelp')}>
          <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} aria-label={t('advisories.answer.note')} />
        </Form.Item>
        <Form.Item label={t('advisories.answer.evidence')}>
          <Upload
            maxCount={1}
            accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg"
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button icon={<UploadOutlined />}>{t('advisories.answer.chooseFile')}</Button>
          </Upload>
        </Form.Item>
      </Form>
      <FormError error={respond.error} />
    </Modal>
  );
}

/** The unit's affected assets, why each matched, and the one-step answers (bulk by selection). */
function UnitTargets({ advisory }: { advisory: Advisory }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const targets = useTargets(advisory.id, { limit: 50, offset: (page - 1) * 50 });
  const acknowledge = useAcknowledge(advisory.id);
  const [selected, setSelected] = useState<string[]>([]);
  const [answering, setAnswering] = useState<{ answer: Answer; targets: AdvisoryTarget[] } | null>(null);
  const items = targets.data?.items ?? [];
  const mine = items.filter((x) => x.canRespond);
  const pending = mine.some((x) => x.status === 'pending');
  const chosen = mine.filter((x) => selected.includes(x.id));
  return (
    <Card
      title={t('advisories.unit.title')}
      style={{ marginBottom: 16 }}
      data-testid="unit-targets"
      extra={
        <Flex gap={8} wrap>
          {pending && advisory.status === 'published' ? (
            <Button type="primary" loading={acknowledge.isPending} onClick={() => acknowledge.mutate({})}>
              {t('advisories.unit.acknowledge')}
            </Button>
          ) : null}
          <Button disabled={chosen.length === 0} onClick={() => setAnswering({ answer: 'remediated', targets: chosen })}>
            {t('advisories.unit.remediatedSelected', { count: chosen.length })}
          </Button>
          <Button disabled={chosen.length === 0} onClick={() => setAnswering({ answer: 'not_affected', targets: chosen })}>
            {t('advisories.unit.notAffectedSelected', { count: chosen.length })}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('advisories.unit.help')}</Typography.Paragraph>
      <FormError error={acknowledge.error} />
      {targets.error ? <ErrorNotice error={targets.error} onRetry={() => void targets.refetch()} /> : null}
      <Table<AdvisoryTarget>
        rowKey="id"
        size="small"
        loading={targets.isPending}
        dataSource={items}
        rowSelection={advisory.status === 'published' ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), getCheckboxProps: (r) => ({ disabled: !r.canRespond }) } : undefined}
        pagination={{ current: page, pageSize: 50, total: targets.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        columns={[
          {
            title: t('advisories.fields.asset'),
            render: (_: unknown, r) => (
              <div>
                <strong>{r.assetName}</strong> <Typography.Text type="secondary">({t(`advisories.assetKind.${r.assetKind}`)})</Typography.Text>
                <div>
                  <Typography.Text type="secondary">{r.orgName}</Typography.Text>
                </div>
              </div>
            ),
          },
          { title: t('advisories.fields.why'), render: (_: unknown, r) => <WhyText why={r.why} /> },
          {
            title: t('advisories.fields.status'),
            render: (_: unknown, r) => (
              <div>
                <TargetStatusTag status={r.status} />
                {r.overdue ? <Tag color="red">{t('advisories.overdueTag')}</Tag> : null}
                {r.resolution && r.resolution !== 'not_affected' ? <div>{t(`advisories.resolution.${r.resolution}`)}</div> : null}
                {r.note ? <Typography.Text type="secondary">{r.note}</Typography.Text> : null}
                {r.evidenceId ? (
                  <div>
                    <a href={evidenceUrl(advisory.id, r.evidenceId)}>{r.evidenceName}</a>
                  </div>
                ) : null}
              </div>
            ),
          },
          {
            title: t('common.actions'),
            render: (_: unknown, r) =>
              r.canRespond ? (
                <Flex gap={4} wrap>
                  <Button size="small" onClick={() => setAnswering({ answer: 'remediated', targets: [r] })}>
                    {t('advisories.unit.remediated')}
                  </Button>
                  <Button size="small" onClick={() => setAnswering({ answer: 'not_affected', targets: [r] })}>
                    {t('advisories.unit.notAffected')}
                  </Button>
                </Flex>
              ) : null,
          },
        ]}
      />
      {answering ? (
        <AnswerModal
          advisoryId={advisory.id}
          targets={answering.targets}
          answer={answering.answer}
          onClose={() => {
            setAnswering(null);
            setSelected([]);
          }}
        />
      ) : null}
    </Card>
  );
}

/** The authority's view: each affected organisation's response, and who is overdue. */
function Responses({ advisory }: { advisory: Advisory }) {
  const { t } = useTranslation();
  const responses = useResponses(advisory.id);
  const overdue = useOverdue(advisory.id, advisory.status === 'published');
  return (
    <>
      {advisory.status === 'published' ? (
        <Card title={t('advisories.overdue.titleOne')} style={{ marginBottom: 16 }}>
          <OverdueTable items={overdue.data?.items ?? []} loading={overdue.isPending} showAdvisory={false} />
        </Card>
      ) : null}
      <Card title={t('advisories.responses.title')} style={{ marginBottom: 16 }}>
        {responses.error ? <ErrorNotice error={responses.error} onRetry={() => void responses.refetch()} /> : null}
        <Table<OrgResponse>
          size="small"
          rowKey="orgId"
          data-testid="responses-table"
          loading={responses.isPending}
          dataSource={responses.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('advisories.responses.none') }}
          columns={[
            { title: t('advisories.fields.org'), dataIndex: 'orgName' },
            {
              title: t('advisories.responses.acknowledged'),
              render: (_: unknown, r) =>
                r.acknowledgedAt ? (
                  `${formatDateTime(r.acknowledgedAt)}${r.acknowledgedByName ? ` — ${r.acknowledgedByName}` : ''}`
                ) : (
                  <Tag color={r.ackOverdue ? 'red' : 'default'}>{r.ackOverdue ? t('advisories.responses.ackOverdue') : t('advisories.responses.notYet')}</Tag>
                ),
            },
            { title: t('advisories.responses.assets'), dataIndex: 'targets' },
            { title: t('advisories.targetStatus.remediated'), dataIndex: 'remediated' },
            { title: t('advisories.targetStatus.not_affected'), dataIndex: 'notAffected' },
            {
              title: t('advisories.responses.open'),
              render: (_: unknown, r) => <Tag color={r.remediationOverdue ? 'red' : r.pending + r.acknowledged > 0 ? 'gold' : 'green'}>{r.pending + r.acknowledged}</Tag>,
            },
          ]}
        />
      </Card>
    </>
  );
}

/** `/advisories/:id`: the advisory; for the authority its responses, for a unit its assets and answers. */
export function AdvisoryPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const advisory = useAdvisory(id);
  const publish = usePublish(id);
  const withdraw = useWithdraw(id);
  const [reason, setReason] = useState('');
  const [withdrawing, setWithdrawing] = useState(false);
  if (advisory.isPending) return <FullPageSpinner />;
  if (advisory.error) return <ErrorNotice error={advisory.error} onRetry={() => void advisory.refetch()} />;
  const a = advisory.data;
  const words = { from: t('advisories.rule.from'), below: t('advisories.rule.below'), upTo: t('advisories.rule.upTo'), all: t('advisories.rule.all') };
  const authorView = a.can.edit || a.can.publish || a.can.withdraw;

  return (
    <>
      <PageHeader
        title={`${a.code} — ${a.title}`}
        description={
          <Flex gap={4} wrap>
            <SeverityTag severity={a.severity} />
            <TlpTag tlp={a.tlp} />
            <StatusTag status={a.status} />
            {a.knownExploited ? <Tag color="red">{t('advisories.knownExploited')}</Tag> : null}
          </Flex>
        }
        extra={
          <>
            {a.status !== 'draft' ? <Button href={stixUrl(a.id)}>{t('advisories.stix')}</Button> : null}
            {a.can.edit ? <Button onClick={() => void navigate(`/advisories/${a.id}/edit`)}>{t('common.edit')}</Button> : null}
            {a.can.publish ? (
              <Button
                type="primary"
                loading={publish.isPending}
                onClick={() =>
                  modal.confirm({
                    title: t('advisories.publishConfirmTitle'),
                    content: t('advisories.publishConfirm'),
                    okText: t('advisories.publish'),
                    cancelText: t('common.cancel'),
                    onOk: () => publish.mutateAsync(),
                  })
                }
              >
                {t('advisories.publish')}
              </Button>
            ) : null}
            {a.can.withdraw ? (
              <Button danger onClick={() => setWithdrawing(true)}>
                {t('advisories.withdraw')}
              </Button>
            ) : null}
          </>
        }
      />
      <FormError error={publish.error} />
      {a.status === 'withdrawn' ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('advisories.withdrawnNotice', { reason: a.withdrawReason ?? '' })} /> : null}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('advisories.fields.cveIds')}>{a.cveIds.join(', ') || '—'}</Descriptions.Item>
          <Descriptions.Item label="CVSS">{a.cvssScore === null ? '—' : `${a.cvssScore}${a.cvssVector ? ` (${a.cvssVector})` : ''}`}</Descriptions.Item>
          <Descriptions.Item label={t('advisories.fields.ackDueAt')}>{formatDateTime(a.ackDueAt)}</Descriptions.Item>
          <Descriptions.Item label={t('advisories.fields.remediationDueAt')}>{formatDateTime(a.remediationDueAt)}</Descriptions.Item>
          <Descriptions.Item label={t('advisories.fields.issuer')}>{a.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('advisories.fields.publishedAt')}>
            {a.publishedAt ? `${formatDateTime(a.publishedAt)}${a.publishedByName ? ` — ${a.publishedByName}` : ''}` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('advisories.fields.response')}>
            {a.status === 'draft' ? '—' : t('advisories.responseSummary', { ack: a.counts.acknowledgedOrgs, orgs: a.counts.orgs, done: a.counts.remediated + a.counts.notAffected, targets: a.counts.targets })}
          </Descriptions.Item>
          <Descriptions.Item label={t('advisories.fields.source')}>{t(`advisories.source.${a.source}`)}</Descriptions.Item>
        </Descriptions>
        {a.description ? (
          <>
            <Typography.Title level={5}>{t('advisories.fields.description')}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.description}</Typography.Paragraph>
          </>
        ) : null}
        {a.guidance ? (
          <>
            <Typography.Title level={5}>{t('advisories.fields.guidance')}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.guidance}</Typography.Paragraph>
          </>
        ) : null}
        <Typography.Title level={5}>{t('advisories.section.products')}</Typography.Title>
        <ul>
          {a.products.map((p) => (
            <li key={p.id}>
              <strong>{[p.vendor, p.product].filter(Boolean).join(' ')}</strong>:{' '}
              {p.allVersions || p.versions.length === 0
                ? t('advisories.rule.all')
                : p.versions.map((r) => `${describeRule(r, words)} (${t(`advisories.versionStatus.${r.status}`)})`).join('; ')}
            </li>
          ))}
        </ul>
      </Card>
      {a.can.respond ? <UnitTargets advisory={a} /> : null}
      {a.status !== 'draft' && a.can.seeResponses && !a.can.respond ? <Responses advisory={a} /> : null}
      {a.status === 'draft' && authorView ? (
        <Alert type="info" showIcon title={t('advisories.draftNotice')} action={<Link to={`/advisories/${a.id}/edit`}>{t('advisories.preview.run')}</Link>} />
      ) : null}
      <Modal
        open={withdrawing}
        title={t('advisories.withdrawTitle')}
        onCancel={() => setWithdrawing(false)}
        okText={t('advisories.withdraw')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: reason.trim() === '' }}
        confirmLoading={withdraw.isPending}
        onOk={() => withdraw.mutate(reason, { onSuccess: () => setWithdrawing(false) })}
      >
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('advisories.withdrawReason')} aria-label={t('advisories.withdrawReason')} />
        <FormError error={withdraw.error} />
      </Modal>
    </>
  );
}
