import { useState } from 'react';
import { App, Button, Drawer, Flex, Form, Input, Select, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UpdateRequirementBody } from '@shared/api/assessments';
import { currentLocale } from '../../lib/i18n';
import { applyServerFieldErrors } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { levelOptions } from '../systems/system-labels';
import { useCatalogues, useRequirements, useUpdateRequirement, type Requirement } from './api';

/** Verified / not yet checked against the gazette text. */
export function RuleVerifiedTag({ verified }: { verified: boolean }) {
  const { t } = useTranslation();
  return verified ? <Tag color="green">{t('legalUi.verified')}</Tag> : <Tag color="orange">{t('legalUi.unverified')}</Tag>;
}

/**
 * The requirement catalogues (Circular 12/2022 with TCVN 11930:2017; TCVN 14423:2026) that the
 * self-assessments and inspections check against; a province-wide legal.manage holder corrects a
 * requirement's texts, reference and level range (audited by the server).
 */
export function RequirementsSection({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const catalogues = useCatalogues();
  const [catalogue, setCatalogue] = useState<string | null>(null);
  const [editing, setEditing] = useState<Requirement | null>(null);
  const isEnglish = currentLocale() === 'en';
  // The newest catalogue first (the one of the regime in force).
  const ordered = [...(catalogues.data ?? [])].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  const selected = catalogue ?? ordered[0]?.code ?? null;
  const requirements = useRequirements(selected);
  const current = ordered.find((c) => c.code === selected);
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('legalUi.requirements.help')}
      </Typography.Paragraph>
      {catalogues.error ? <ErrorNotice error={catalogues.error} onRetry={() => void catalogues.refetch()} /> : null}
      <Flex gap={8} align="center" wrap>
        <Typography.Text>{t('legalUi.requirements.catalogue')}</Typography.Text>
        <Select<string>
          value={selected ?? undefined}
          onChange={setCatalogue}
          aria-label={t('legalUi.requirements.catalogue')}
          loading={catalogues.isFetching}
          options={ordered.map((c) => ({ value: c.code, label: isEnglish ? c.nameEn : c.nameVi }))}
          style={{ minWidth: 360 }}
        />
        {current ? <Typography.Text type="secondary">{current.legalRef}</Typography.Text> : null}
      </Flex>
      {requirements.error ? <ErrorNotice error={requirements.error} onRetry={() => void requirements.refetch()} /> : null}
      <Table<Requirement>
        size="small"
        rowKey="id"
        loading={requirements.isFetching}
        dataSource={requirements.data ?? []}
        pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (total) => t('common.totalItems', { total }) }}
        locale={{ emptyText: t('legalUi.empty') }}
        columns={[
          { title: t('legalUi.fields.code'), dataIndex: 'code', width: 120, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
          { title: t('legalUi.requirements.group'), key: 'group', width: 200, render: (_, r) => (isEnglish ? r.groupNameEn : r.groupNameVi) },
          { title: t('legalUi.fields.levels'), key: 'levels', width: 120, render: (_, r) => (r.minLevel === r.maxLevel ? t('systemsUi.levelN', { level: r.minLevel }) : t('legalUi.levelRange', { min: r.minLevel, max: r.maxLevel })) },
          { title: t('legalUi.fields.legalRef'), dataIndex: 'legalRef', width: 170 },
          { title: t('legalUi.fields.text'), key: 'text', render: (_, r) => (isEnglish ? r.textEn : r.textVi) },
          { title: t('legalUi.fields.verified'), dataIndex: 'verified', width: 130, render: (v: boolean) => <RuleVerifiedTag verified={v} /> },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, r: Requirement) => (
                    <Button type="link" size="small" onClick={() => setEditing(r)} aria-label={t('legalUi.requirements.editTitle', { code: r.code })}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t('legalUi.requirements.editTitle', { code: editing.code }) : ''}
        size={640}
        destroyOnHidden
        mask={{ closable: false }}
      >
        {editing ? <RequirementForm key={editing.id} requirement={editing} onDone={() => setEditing(null)} /> : null}
      </Drawer>
    </Flex>
  );
}

interface RequirementFormValues {
  textVi?: string;
  textEn?: string;
  legalRef?: string;
  minLevel?: number;
  maxLevel?: number;
  verified?: boolean;
}

function RequirementForm({ requirement, onDone }: { requirement: Requirement; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RequirementFormValues>();
  const update = useUpdateRequirement();

  const submit = (v: RequirementFormValues) => {
    const missing = (['textVi', 'textEn', 'legalRef'] as const).filter((k) => !v[k]?.trim());
    form.setFields(missing.map((k) => ({ name: k, errors: [t('form.required')] })));
    if (missing.length > 0 || v.minLevel === undefined || v.maxLevel === undefined) return;
    if (v.minLevel > v.maxLevel) {
      form.setFields([{ name: 'maxLevel', errors: [t('legalUi.requirements.levelOrder')] }]);
      return;
    }
    const body: UpdateRequirementBody = {
      textVi: v.textVi?.trim(),
      textEn: v.textEn?.trim(),
      legalRef: v.legalRef?.trim(),
      minLevel: v.minLevel,
      maxLevel: v.maxLevel,
      verified: v.verified ?? false,
    };
    update.mutate(
      { id: requirement.id, body },
      {
        onError: (error) => applyServerFieldErrors(form, error),
        onSuccess: (saved) => {
          void message.success(t('legalUi.requirements.saved', { code: saved.code }));
          onDone();
        },
      },
    );
  };

  return (
    <Form<RequirementFormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      name="requirement-edit"
      initialValues={{
        textVi: requirement.textVi,
        textEn: requirement.textEn,
        legalRef: requirement.legalRef,
        minLevel: requirement.minLevel,
        maxLevel: requirement.maxLevel,
        verified: requirement.verified,
      }}
    >
      {update.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorNotice error={update.error} />
        </div>
      ) : null}
      <Typography.Paragraph type="secondary">{t('legalUi.criterion.help')}</Typography.Paragraph>
      <Form.Item name="textVi" label={t('legalUi.fields.textVi')} required>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 8 }} />
      </Form.Item>
      <Form.Item name="textEn" label={t('legalUi.fields.textEn')} required>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 8 }} />
      </Form.Item>
      <Form.Item name="legalRef" label={t('legalUi.fields.legalRef')} required>
        <Input maxLength={255} />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="minLevel" label={t('legalUi.requirements.minLevel')} required style={{ width: 180 }}>
          <Select options={levelOptions(t)} />
        </Form.Item>
        <Form.Item name="maxLevel" label={t('legalUi.requirements.maxLevel')} required style={{ width: 180 }}>
          <Select options={levelOptions(t)} />
        </Form.Item>
      </Flex>
      <Form.Item name="verified" label={t('legalUi.fields.verified')} valuePropName="checked" extra={t('legalUi.criterion.verifiedHelp')}>
        <Switch />
      </Form.Item>
      <Flex justify="flex-end" gap={8} style={{ marginTop: 24 }}>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}
