import { App, Button, Col, Divider, Drawer, Flex, Form, Input, Row, Select, Spin, Switch, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CreateEndpointBody, UpdateEndpointBody, type Endpoint } from '@shared/api/endpoints';
import type { OsLicence, OsPlatform } from '@shared/domain/endpoints';
import { applyServerFieldErrors, blankToNull, checkForm } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormActions, FormError } from '../../ui/FormParts';
import { OrgPicker } from '../orgs/OrgPicker';
import { useCreateEndpoint, useEndpoint, useUpdateEndpoint } from './api';
import { licenceOptions, platformOptions } from './endpoint-labels';

export type EndpointFormTarget = { mode: 'create'; orgId: string | null } | { mode: 'edit'; endpointId: string };

/** Three-state answers of the antivirus rows: a Select cannot hold `null` as a value. */
type TriState = 'yes' | 'no' | 'unknown';

interface AvRowValues {
  name?: string;
  enabled?: TriState;
  upToDate?: TriState;
}

export interface EndpointFormValues {
  orgId?: string | null;
  hostname?: string;
  hardwareUuid?: string | null;
  serial?: string | null;
  osPlatform?: OsPlatform | null;
  osName?: string | null;
  osVersion?: string | null;
  osLicence?: OsLicence;
  ipAddresses?: string[];
  macAddresses?: string[];
  assignedTo?: string | null;
  stateSecret?: boolean;
  notes?: string | null;
  avProducts?: AvRowValues[];
}

const FORMAT_HINTS = {
  hostname: 'endpointsUi.form.hostnameFormat',
  ipAddresses: 'endpointsUi.form.ipFormat',
  macAddresses: 'endpointsUi.form.macFormat',
};
const NULLABLE = ['hardwareUuid', 'serial', 'osPlatform', 'osName', 'osVersion', 'assignedTo', 'notes'];

const fromTri = (v: TriState | undefined): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null);
const toTri = (v: boolean | null): TriState => (v === true ? 'yes' : v === false ? 'no' : 'unknown');

/** Form values → request body: blanks become null, empty antivirus rows are dropped. */
export function toEndpointBody(values: EndpointFormValues): Record<string, unknown> {
  const prepared = blankToNull(values, NULLABLE);
  prepared.avProducts = (values.avProducts ?? [])
    .filter((p) => p.name?.trim())
    .map((p) => ({ name: p.name, enabled: fromTri(p.enabled), upToDate: fromTri(p.upToDate) }));
  return prepared;
}

function initialValues(e: Endpoint): EndpointFormValues {
  return {
    orgId: e.orgId,
    hostname: e.hostname,
    hardwareUuid: e.hardwareUuid,
    serial: e.serial,
    osPlatform: e.osPlatform,
    osName: e.osName,
    osVersion: e.osVersion,
    osLicence: e.osLicence,
    ipAddresses: e.ipAddresses,
    macAddresses: e.macAddresses,
    assignedTo: e.assignedTo,
    stateSecret: e.stateSecret,
    notes: e.notes,
    avProducts: e.avProducts.map((p) => ({ name: p.name, enabled: toTri(p.enabled), upToDate: toTri(p.upToDate) })),
  };
}

interface EndpointFormDrawerProps {
  target: EndpointFormTarget | null;
  onClose: () => void;
}

/** Manual entry of a machine with no agent, or an edit of what people know about one. */
export function EndpointFormDrawer({ target, onClose }: EndpointFormDrawerProps) {
  const { t } = useTranslation();
  const key = target?.mode === 'edit' ? `edit:${target.endpointId}` : 'create';
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      title={target?.mode === 'edit' ? t('endpointsUi.form.editTitle') : t('endpointsUi.form.createTitle')}
      size={720}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {target?.mode === 'create' ? <CreateEndpointForm key={key} orgId={target.orgId} onDone={onClose} /> : null}
      {target?.mode === 'edit' ? <EditEndpoint key={key} endpointId={target.endpointId} onDone={onClose} /> : null}
    </Drawer>
  );
}

function triOptions(t: (key: string) => string) {
  return [
    { value: 'yes', label: t('endpointsUi.form.yes') },
    { value: 'no', label: t('endpointsUi.form.no') },
    { value: 'unknown', label: t('endpointsUi.form.unknown') },
  ];
}

function EndpointFields() {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="hostname" label={t('endpointsUi.fields.hostname')} required extra={t('endpointsUi.form.hostnameHelp')}>
            <Input maxLength={255} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="orgId" label={t('endpointsUi.fields.org')} required>
            <OrgPicker />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="hardwareUuid" label={t('endpointsUi.fields.hardwareUuid')} extra={t('endpointsUi.form.hardwareUuidHelp')}>
            <Input maxLength={128} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="serial" label={t('endpointsUi.fields.serial')}>
            <Input maxLength={128} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="osPlatform" label={t('endpointsUi.fields.osPlatform')}>
            <Select options={platformOptions(t)} allowClear placeholder={t('common.choose')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="osName" label={t('endpointsUi.fields.osName')}>
            <Input maxLength={255} placeholder="Windows 10 Pro" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="osVersion" label={t('endpointsUi.fields.osVersion')}>
            <Input maxLength={100} placeholder="22H2" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="osLicence" label={t('endpointsUi.fields.osLicence')}>
            <Select options={licenceOptions(t)} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item name="assignedTo" label={t('endpointsUi.fields.assignedTo')} extra={t('endpointsUi.form.assignedToHelp')}>
            <Input maxLength={255} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="ipAddresses" label={t('endpointsUi.fields.ipAddresses')} extra={t('endpointsUi.form.tagsHelp')}>
            <Select mode="tags" tokenSeparators={[',', ' ']} open={false} suffixIcon={null} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="macAddresses" label={t('endpointsUi.fields.macAddresses')} extra={t('endpointsUi.form.tagsHelp')}>
            <Select mode="tags" tokenSeparators={[',', ' ']} open={false} suffixIcon={null} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="stateSecret" label={t('endpointsUi.fields.stateSecret')} valuePropName="checked" extra={t('endpointsUi.form.stateSecretHelp')}>
        <Switch />
      </Form.Item>
      <Form.Item name="notes" label={t('endpointsUi.fields.notes')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Divider titlePlacement="start">{t('endpointsUi.form.avTitle')}</Divider>
      <Typography.Paragraph type="secondary">{t('endpointsUi.form.avHelp')}</Typography.Paragraph>
      <AvProductsEditor />
    </>
  );
}

/** The antivirus products typed by hand: name, enabled, signatures up to date. */
function AvProductsEditor() {
  const { t } = useTranslation();
  return (
    <Form.List name="avProducts">
      {(fields, { add, remove }) => (
        <Flex vertical gap={4}>
          {fields.map((field, index) => (
            <Row key={field.key} gutter={8} align="top">
              <Col span={11}>
                <Form.Item name={[field.name, 'name']} style={{ marginBottom: 8 }}>
                  <Input maxLength={255} aria-label={t('endpointsUi.form.avName', { n: index + 1 })} placeholder={t('endpointsUi.form.avNamePlaceholder')} />
                </Form.Item>
              </Col>
              <Col span={5}>
                <Form.Item name={[field.name, 'enabled']} style={{ marginBottom: 8 }}>
                  <Select options={triOptions(t)} aria-label={t('endpointsUi.av.enabled')} prefix={t('endpointsUi.av.enabledShort')} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name={[field.name, 'upToDate']} style={{ marginBottom: 8 }}>
                  <Select options={triOptions(t)} aria-label={t('endpointsUi.av.upToDate')} prefix={t('endpointsUi.av.upToDateShort')} />
                </Form.Item>
              </Col>
              <Col span={2}>
                <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
              </Col>
            </Row>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', enabled: 'unknown', upToDate: 'unknown' })}>
            {t('endpointsUi.form.addAv')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

function CreateEndpointForm({ orgId, onDone }: { orgId: string | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EndpointFormValues>();
  const create = useCreateEndpoint();

  const submit = (values: EndpointFormValues) => {
    const body = checkForm(form, CreateEndpointBody, toEndpointBody(values), t, FORMAT_HINTS);
    if (!body) return;
    create.mutate(body, {
      onError: (error) => applyServerFieldErrors(form, error),
      onSuccess: (saved) => {
        void message.success(t('endpointsUi.form.created', { name: saved.hostname }));
        onDone();
      },
    });
  };

  return (
    <Form<EndpointFormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      name="endpoint-create"
      initialValues={{ orgId, osLicence: 'unknown', stateSecret: false, ipAddresses: [], macAddresses: [], avProducts: [] }}
    >
      <FormError error={create.error} />
      <EndpointFields />
      <FormActions onCancel={onDone} pending={create.isPending} submitLabel={t('endpointsUi.form.createSubmit')} />
    </Form>
  );
}

function EditEndpoint({ endpointId, onDone }: { endpointId: string; onDone: () => void }) {
  const endpoint = useEndpoint(endpointId);
  if (endpoint.isPending) return <Spin style={{ display: 'block', margin: 24 }} />;
  if (endpoint.error) return <ErrorNotice error={endpoint.error} onRetry={() => void endpoint.refetch()} />;
  return <EditEndpointForm endpoint={endpoint.data} onDone={onDone} />;
}

function EditEndpointForm({ endpoint, onDone }: { endpoint: Endpoint; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EndpointFormValues>();
  const update = useUpdateEndpoint();
  const initial = initialValues(endpoint);
  const initialProducts = JSON.stringify(toEndpointBody(initial).avProducts);

  const submit = (values: EndpointFormValues) => {
    const prepared = toEndpointBody(values);
    // The list replaces the machine's products as a whole (as typed by hand): sent only when changed,
    // so that an edit of the notes does not turn an agent's report into a manual one.
    if (JSON.stringify(prepared.avProducts) === initialProducts) delete prepared.avProducts;
    const body = checkForm(form, UpdateEndpointBody, prepared, t, FORMAT_HINTS);
    if (!body) return;
    update.mutate(
      { id: endpoint.id, body },
      {
        onError: (error) => applyServerFieldErrors(form, error),
        onSuccess: (saved) => {
          void message.success(t('endpointsUi.form.updated', { name: saved.hostname }));
          onDone();
        },
      },
    );
  };

  return (
    <Form<EndpointFormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      name="endpoint-edit"
      disabled={!endpoint.can.update}
      initialValues={initial}
    >
      <FormError error={update.error} />
      {endpoint.agent ? <Typography.Paragraph type="secondary">{t('endpointsUi.form.agentNote')}</Typography.Paragraph> : null}
      <EndpointFields />
      {endpoint.can.update ? (
        <FormActions onCancel={onDone} pending={update.isPending} />
      ) : null}
    </Form>
  );
}
