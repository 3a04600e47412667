import { useState } from 'react';
import { App, Button, Drawer, Flex, Form, Input, InputNumber, Switch, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UpdateScheduleBody } from '@shared/api/assessments';
import { applyServerFieldErrors } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { enumLabel } from '../systems/system-labels';
import { useSchedules, useUpdateSchedule, type AssessmentSchedule } from './api';
import { RuleVerifiedTag } from './RequirementsSection';

const keyOf = (s: AssessmentSchedule) => `${s.regime}:${s.levelMin}`;

/**
 * The periods of re-assessment per regime and level range (assessment_schedules): the due dates of
 * the assessments and of the figures page follow them; a province-wide legal.manage holder corrects them.
 */
export function SchedulesSection({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const schedules = useSchedules();
  const [editing, setEditing] = useState<AssessmentSchedule | null>(null);
  const levels = (s: AssessmentSchedule) => (s.levelMin === s.levelMax ? t('systemsUi.levelN', { level: s.levelMin }) : t('legalUi.levelRange', { min: s.levelMin, max: s.levelMax }));
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('legalUi.schedules.help')}
      </Typography.Paragraph>
      {schedules.error ? <ErrorNotice error={schedules.error} onRetry={() => void schedules.refetch()} /> : null}
      <Table<AssessmentSchedule>
        size="small"
        rowKey={keyOf}
        loading={schedules.isFetching}
        dataSource={schedules.data ?? []}
        pagination={false}
        locale={{ emptyText: t('legalUi.empty') }}
        columns={[
          { title: t('legalUi.schedules.regime'), dataIndex: 'regime', render: (r: AssessmentSchedule['regime']) => enumLabel(t, 'regime', r) },
          { title: t('legalUi.fields.levels'), key: 'levels', width: 130, render: (_, s) => levels(s) },
          { title: t('legalUi.schedules.months'), dataIndex: 'months', width: 130, render: (m: number) => t('legalUi.schedules.monthsN', { count: m }) },
          { title: t('legalUi.schedules.external'), dataIndex: 'externalRequired', width: 150, render: (v: boolean) => (v ? t('legalUi.schedules.externalYes') : t('legalUi.schedules.externalNo')) },
          { title: t('legalUi.fields.legalRef'), dataIndex: 'legalRef', width: 200 },
          { title: t('legalUi.fields.verified'), dataIndex: 'verified', width: 130, render: (v: boolean) => <RuleVerifiedTag verified={v} /> },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, s: AssessmentSchedule) => (
                    <Button type="link" size="small" onClick={() => setEditing(s)} aria-label={t('legalUi.schedules.editTitle', { regime: enumLabel(t, 'regime', s.regime), levels: levels(s) })}>
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
        title={editing ? t('legalUi.schedules.editTitle', { regime: enumLabel(t, 'regime', editing.regime), levels: levels(editing) }) : ''}
        size={520}
        destroyOnHidden
        mask={{ closable: false }}
      >
        {editing ? <ScheduleForm key={keyOf(editing)} schedule={editing} onDone={() => setEditing(null)} /> : null}
      </Drawer>
    </Flex>
  );
}

interface ScheduleFormValues {
  months?: number | null;
  externalRequired?: boolean;
  legalRef?: string;
  verified?: boolean;
}

function ScheduleForm({ schedule, onDone }: { schedule: AssessmentSchedule; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ScheduleFormValues>();
  const update = useUpdateSchedule();

  const submit = (v: ScheduleFormValues) => {
    const errors = [
      ...(typeof v.months === 'number' ? [] : [{ name: 'months' as const, errors: [t('form.required')] }]),
      ...(v.legalRef?.trim() ? [] : [{ name: 'legalRef' as const, errors: [t('form.required')] }]),
    ];
    form.setFields(errors);
    if (errors.length > 0 || typeof v.months !== 'number') return;
    const body: UpdateScheduleBody = { months: v.months, externalRequired: v.externalRequired ?? false, legalRef: v.legalRef?.trim(), verified: v.verified ?? false };
    update.mutate(
      { regime: schedule.regime, levelMin: schedule.levelMin, body },
      {
        onError: (error) => applyServerFieldErrors(form, error),
        onSuccess: () => {
          void message.success(t('legalUi.schedules.saved'));
          onDone();
        },
      },
    );
  };

  return (
    <Form<ScheduleFormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      name="schedule-edit"
      initialValues={{ months: schedule.months, externalRequired: schedule.externalRequired, legalRef: schedule.legalRef, verified: schedule.verified }}
    >
      {update.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorNotice error={update.error} />
        </div>
      ) : null}
      <Typography.Paragraph type="secondary">{t('legalUi.criterion.help')}</Typography.Paragraph>
      <Form.Item name="months" label={t('legalUi.schedules.months')} required extra={t('legalUi.schedules.monthsHelp')}>
        <InputNumber min={1} max={120} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="externalRequired" label={t('legalUi.schedules.external')} valuePropName="checked" extra={t('legalUi.schedules.externalHelp')}>
        <Switch />
      </Form.Item>
      <Form.Item name="legalRef" label={t('legalUi.fields.legalRef')} required>
        <Input maxLength={255} />
      </Form.Item>
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
