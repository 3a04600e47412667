import { useState } from 'react';
import { App, Button, Checkbox, Col, Divider, Drawer, Flex, Form, Input, Row, Select, Spin, Switch, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { CreateSystemBody, UpdateSystemBody, type InformationSystem } from '@shared/api/systems';
import type { Audience, ComponentKind, Hosting, InfoType, Lifecycle, SystemType } from '@shared/domain/systems';
import { applyServerFieldErrors, blankToNull, checkForm } from '../../lib/forms';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormActions, FormError } from '../../ui/FormParts';
import { OrgPicker } from '../orgs/OrgPicker';
import { useCreateSystem, useSystem, useSystemOptions, useUpdateSystem } from './api';
import { enumOptions } from './system-labels';

export type SystemFormTarget = { mode: 'create'; orgId: string | null } | { mode: 'edit'; systemId: string };

interface ComponentValues {
  kind?: ComponentKind;
  vendor?: string | null;
  product?: string;
  version?: string | null;
}

export interface SystemFormValues {
  code?: string;
  name?: string;
  orgId?: string | null;
  ownerOrgId?: string | null;
  purpose?: string | null;
  systemType?: SystemType;
  infoTypes?: InfoType[];
  audiences?: Audience[];
  hosting?: Hosting | null;
  hostingProvider?: string | null;
  lifecycle?: Lifecycle;
  investmentStartedOn?: string | null;
  isImportant?: boolean;
  parentSystemId?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  components?: ComponentValues[];
}

const FORMAT_HINTS = { code: 'systemsUi.codeFormat', contactPhone: 'form.invalidPhone' };
const NULLABLE = [
  'ownerOrgId',
  'purpose',
  'hosting',
  'hostingProvider',
  'investmentStartedOn',
  'parentSystemId',
  'contactName',
  'contactPhone',
  'contactEmail',
];

/** Form values → request body: blanks become null, empty component rows are dropped. */
export function toSystemBody(values: SystemFormValues): Record<string, unknown> {
  const prepared = blankToNull(values, NULLABLE);
  if (typeof prepared.code === 'string' && prepared.code.trim() === '') delete prepared.code;
  prepared.components = (values.components ?? [])
    .filter((c) => c.kind || c.product || c.vendor || c.version)
    .map((c) => blankToNull(c, ['vendor', 'version']));
  return prepared;
}

function initialValues(system: InformationSystem): SystemFormValues {
  return {
    code: system.code,
    name: system.name,
    orgId: system.orgId,
    ownerOrgId: system.ownerOrgId,
    purpose: system.purpose,
    systemType: system.answers.systemType,
    infoTypes: system.answers.infoTypes,
    audiences: system.audiences,
    hosting: system.hosting,
    hostingProvider: system.hostingProvider,
    lifecycle: system.lifecycle,
    investmentStartedOn: system.investmentStartedOn,
    isImportant: system.isImportant,
    parentSystemId: system.parentSystemId,
    contactName: system.contactName,
    contactPhone: system.contactPhone,
    contactEmail: system.contactEmail,
    components: system.components,
  };
}

interface SystemFormDrawerProps {
  target: SystemFormTarget | null;
  onClose: () => void;
}

/** Create or edit an information system's registry record; emptied on close. */
export function SystemFormDrawer({ target, onClose }: SystemFormDrawerProps) {
  const { t } = useTranslation();
  const key = target?.mode === 'edit' ? `edit:${target.systemId}` : 'create';
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      title={target?.mode === 'edit' ? t('systemsUi.form.editTitle') : t('systemsUi.form.createTitle')}
      size={760}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {target?.mode === 'create' ? <CreateSystemForm key={key} orgId={target.orgId} onDone={onClose} /> : null}
      {target?.mode === 'edit' ? <EditSystem key={key} systemId={target.systemId} onDone={onClose} /> : null}
    </Drawer>
  );
}

function ParentSystemSelect({
  value,
  onChange,
  excludeId,
  initialLabel,
}: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  excludeId?: string | undefined;
  initialLabel?: string | null | undefined;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim());
  const options = useSystemOptions(term);
  const items = (options.data?.items ?? []).filter((s) => s.id !== excludeId).map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` }));
  if (value && initialLabel && !items.some((o) => o.value === value)) items.unshift({ value, label: initialLabel });
  return (
    <Select<string | null>
      value={value ?? null}
      onChange={(next) => onChange?.(next ?? null)}
      showSearch={{ searchValue: search, onSearch: setSearch, filterOption: false }}
      allowClear
      options={items}
      loading={options.isFetching}
      placeholder={t('systemsUi.form.parentPlaceholder')}
      notFoundContent={t('common.noData')}
    />
  );
}

function SystemFields({ system }: { system?: InformationSystem }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="name" label={t('systemsUi.fields.name')} required extra={t('systemsUi.form.nameHelp')}>
        <Input maxLength={255} />
      </Form.Item>
      <Form.Item name="code" label={t('systemsUi.fields.code')} extra={system ? undefined : t('systemsUi.form.codeHelp')}>
        <Input maxLength={32} style={{ maxWidth: 260 }} />
      </Form.Item>
      <Form.Item name="purpose" label={t('systemsUi.fields.purpose')} extra={t('systemsUi.form.purposeHelp')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="orgId" label={t('systemsUi.fields.org')} required extra={t('systemsUi.form.orgHelp')}>
            <OrgPicker />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="ownerOrgId" label={t('systemsUi.fields.ownerOrg')} extra={t('systemsUi.form.ownerOrgHelp')}>
            <OrgPicker allowClear />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="systemType" label={t('systemsUi.fields.systemType')} required extra={t('systemsUi.form.systemTypeHelp')}>
        <Select options={enumOptions(t, 'systemType')} placeholder={t('common.choose')} />
      </Form.Item>
      <Form.Item name="infoTypes" label={t('systemsUi.fields.infoTypes')} extra={t('systemsUi.form.infoTypesHelp')}>
        <Checkbox.Group options={enumOptions(t, 'infoType')} />
      </Form.Item>
      <Form.Item name="audiences" label={t('systemsUi.fields.audiences')}>
        <Checkbox.Group options={enumOptions(t, 'audience')} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="hosting" label={t('systemsUi.fields.hosting')}>
            <Select options={enumOptions(t, 'hosting')} allowClear placeholder={t('common.choose')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="hostingProvider" label={t('systemsUi.fields.hostingProvider')} extra={t('systemsUi.form.hostingProviderHelp')}>
            <Input maxLength={255} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="lifecycle" label={t('systemsUi.fields.lifecycle')}>
            <Select options={enumOptions(t, 'lifecycle')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="investmentStartedOn" label={t('systemsUi.fields.investmentStartedOn')}>
            <Input type="date" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="isImportant" label={t('systemsUi.fields.isImportant')} valuePropName="checked" extra={t('systemsUi.form.importantHelp')}>
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="parentSystemId" label={t('systemsUi.fields.parentSystem')} extra={t('systemsUi.form.parentHelp')}>
        <ParentSystemSelect excludeId={system?.id} initialLabel={system?.parentSystemName} />
      </Form.Item>
      <Divider titlePlacement="start">{t('systemsUi.form.contactTitle')}</Divider>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="contactName" label={t('systemsUi.fields.contactName')}>
            <Input maxLength={255} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="contactPhone" label={t('systemsUi.fields.contactPhone')}>
            <Input maxLength={32} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="contactEmail" label={t('systemsUi.fields.contactEmail')}>
            <Input maxLength={254} inputMode="email" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start">{t('systemsUi.form.componentsTitle')}</Divider>
      <Typography.Paragraph type="secondary">{t('systemsUi.form.componentsHelp')}</Typography.Paragraph>
      <ComponentsEditor />
    </>
  );
}

/** The parts of the system (kind, vendor, product, version), one editable row each. */
function ComponentsEditor() {
  const { t } = useTranslation();
  return (
    <Form.List name="components">
      {(fields, { add, remove }) => (
        <Flex vertical gap={4}>
          {fields.length > 0 ? (
            <Row gutter={8}>
              <Col span={6}>
                <Typography.Text type="secondary">{t('systemsUi.fields.componentKind')}</Typography.Text>
              </Col>
              <Col span={5}>
                <Typography.Text type="secondary">{t('systemsUi.fields.vendor')}</Typography.Text>
              </Col>
              <Col span={7}>
                <Typography.Text type="secondary">{t('systemsUi.fields.product')}</Typography.Text>
              </Col>
              <Col span={4}>
                <Typography.Text type="secondary">{t('systemsUi.fields.version')}</Typography.Text>
              </Col>
            </Row>
          ) : null}
          {fields.map((field) => (
            <Row key={field.key} gutter={8} align="top">
              <Col span={6}>
                <Form.Item name={[field.name, 'kind']} style={{ marginBottom: 8 }}>
                  <Select options={enumOptions(t, 'componentKind')} aria-label={t('systemsUi.fields.componentKind')} placeholder={t('common.choose')} />
                </Form.Item>
              </Col>
              <Col span={5}>
                <Form.Item name={[field.name, 'vendor']} style={{ marginBottom: 8 }}>
                  <Input maxLength={255} aria-label={t('systemsUi.fields.vendor')} placeholder={t('systemsUi.form.vendorPlaceholder')} />
                </Form.Item>
              </Col>
              <Col span={7}>
                <Form.Item name={[field.name, 'product']} style={{ marginBottom: 8 }}>
                  <Input maxLength={255} aria-label={t('systemsUi.fields.product')} placeholder={t('systemsUi.form.productPlaceholder')} />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item name={[field.name, 'version']} style={{ marginBottom: 8 }}>
                  <Input maxLength={100} aria-label={t('systemsUi.fields.version')} />
                </Form.Item>
              </Col>
              <Col span={2}>
                <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
              </Col>
            </Row>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'application' })}>
            {t('systemsUi.form.addComponent')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

function CreateSystemForm({ orgId, onDone }: { orgId: string | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<SystemFormValues>();
  const create = useCreateSystem();

  const submit = (values: SystemFormValues) => {
    const body = checkForm(form, CreateSystemBody, toSystemBody(values), t, FORMAT_HINTS);
    if (!body) return;
    create.mutate(body, {
      onError: (error) => applyServerFieldErrors(form, error),
      onSuccess: (system) => {
        void message.success(t('systemsUi.form.created', { name: system.name }));
        onDone();
        void navigate(`/systems/${system.id}`);
      },
    });
  };

  return (
    <Form<SystemFormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      name="system-create"
      initialValues={{ orgId, lifecycle: 'operating', isImportant: false, infoTypes: [], audiences: [], components: [] }}
    >
      <FormError error={create.error} />
      <SystemFields />
      <FormActions onCancel={onDone} pending={create.isPending} submitLabel={t('systemsUi.form.createSubmit')} />
    </Form>
  );
}

function EditSystem({ systemId, onDone }: { systemId: string; onDone: () => void }) {
  const system = useSystem(systemId);
  if (system.isPending) return <Spin style={{ display: 'block', margin: 24 }} />;
  if (system.error) return <ErrorNotice error={system.error} onRetry={() => void system.refetch()} />;
  return <EditSystemForm system={system.data} onDone={onDone} />;
}

function EditSystemForm({ system, onDone }: { system: InformationSystem; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SystemFormValues>();
  const update = useUpdateSystem();

  const submit = (values: SystemFormValues) => {
    const body = checkForm(form, UpdateSystemBody, toSystemBody(values), t, FORMAT_HINTS);
    if (!body) return;
    update.mutate(
      { id: system.id, body },
      {
        onError: (error) => applyServerFieldErrors(form, error),
        onSuccess: (saved) => {
          void message.success(t('systemsUi.form.updated', { name: saved.name }));
          onDone();
        },
      },
    );
  };

  return (
    <Form<SystemFormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      name="system-edit"
      disabled={!system.can.update}
      initialValues={initialValues(system)}
    >
      <FormError error={update.error} />
      <SystemFields system={system} />
      {system.can.update ? (
        <FormActions onCancel={onDone} pending={update.isPending} />
      ) : null}
    </Form>
  );
}
