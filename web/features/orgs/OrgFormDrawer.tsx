import { App, Button, Drawer, Flex, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CreateOrgBody, UpdateOrgBody, type Org } from '@shared/api/orgs';
import { ORG_KINDS, allowedChildKinds, type AdminUnitKind, type OrgKind } from '@shared/domain/orgs';
import { adminUnitKindOptions, orgKindOptions } from '../../lib/labels';
import { applyServerFieldErrors, blankToNull, checkForm } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useCreateOrg, useOrg, useUpdateOrg } from './api';
import { OrgPicker } from './OrgPicker';

/** `create` under a parent (null: a new root), or `edit` an existing organisation. */
export type OrgFormTarget = { mode: 'create'; parent: Org | null } | { mode: 'edit'; org: Org };

interface OrgFormValues {
  code?: string;
  name?: string;
  nameEn?: string | null;
  kind?: OrgKind;
  adminUnitKind?: AdminUnitKind | null;
  parentId?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

const FORMAT_HINTS = { code: 'orgs.codeFormat', phone: 'form.invalidPhone' };

function initialValues(target: OrgFormTarget): OrgFormValues {
  if (target.mode === 'create') return { parentId: target.parent?.id ?? null };
  const { org } = target;
  return {
    code: org.code,
    name: org.name,
    nameEn: org.nameEn,
    kind: org.kind,
    adminUnitKind: org.adminUnitKind,
    parentId: org.parentId,
    address: org.address,
    phone: org.phone,
    email: org.email,
  };
}

interface OrgFormDrawerProps {
  target: OrgFormTarget | null;
  onClose: () => void;
  onSaved: (org: Org) => void;
}

/** The drawer is emptied when it closes, so each opening starts from the organisation's saved values. */
export function OrgFormDrawer({ target, onClose, onSaved }: OrgFormDrawerProps) {
  const { t } = useTranslation();
  const title =
    target?.mode === 'edit'
      ? t('orgs.editTitle', { name: target.org.name })
      : target?.parent
        ? t('orgs.createChildTitle', { name: target.parent.name })
        : t('orgs.createRootTitle');
  const key = target?.mode === 'edit' ? `edit:${target.org.id}` : `create:${target?.parent?.id ?? ''}`;
  return (
    <Drawer open={target !== null} onClose={onClose} title={title} size={560} destroyOnHidden mask={{ closable: false }}>
      {target ? <OrgForm key={key} target={target} onCancel={onClose} onSaved={onSaved} /> : null}
    </Drawer>
  );
}

interface OrgFormProps {
  target: OrgFormTarget;
  onCancel: () => void;
  onSaved: (org: Org) => void;
}

function OrgForm({ target, onCancel, onSaved }: OrgFormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrgFormValues>();
  const create = useCreateOrg();
  const update = useUpdateOrg();
  const mutation = target.mode === 'edit' ? update : create;
  const parentId = Form.useWatch('parentId', form);
  const kind = Form.useWatch('kind', form);
  const parent = useOrg(parentId);

  // Which kinds may sit under the chosen parent (the server checks the same rule).
  const kinds = parentId ? (parent.data ? allowedChildKinds(parent.data.kind) : ORG_KINDS) : allowedChildKinds(null);

  const submit = (values: OrgFormValues) => {
    const prepared = blankToNull(values, ['nameEn', 'address', 'phone', 'email', 'adminUnitKind', 'parentId']);
    if (values.kind !== 'commune') prepared.adminUnitKind = null;
    const onError = (error: unknown) => applyServerFieldErrors(form, error);
    if (target.mode === 'create') {
      const body = checkForm(form, CreateOrgBody, prepared, t, FORMAT_HINTS);
      if (!body) return;
      create.mutate(body, {
        onError,
        onSuccess: (org) => {
          void message.success(t('orgs.created', { name: org.name }));
          onSaved(org);
        },
      });
    } else {
      const body = checkForm(form, UpdateOrgBody, prepared, t, FORMAT_HINTS);
      if (!body) return;
      update.mutate(
        { id: target.org.id, body },
        {
          onError,
          onSuccess: (org) => {
            void message.success(t('orgs.updated', { name: org.name }));
            onSaved(org);
          },
        },
      );
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={initialValues(target)} name="org-form">
      {mutation.error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorNotice error={mutation.error} />
        </div>
      ) : null}
      <Form.Item name="parentId" label={t('orgs.fields.parent')} extra={t('orgs.parentHelp')}>
        <OrgPicker allowClear={target.mode === 'edit' && target.org.parentId === null} />
      </Form.Item>
      <Form.Item name="name" label={t('orgs.fields.name')} required>
        <Input maxLength={255} placeholder={t('orgs.namePlaceholder')} />
      </Form.Item>
      <Form.Item name="code" label={t('orgs.fields.code')} required extra={t('orgs.codeHelp')}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item name="kind" label={t('orgs.fields.kind')} required>
        <Select options={orgKindOptions(t, kinds)} placeholder={t('common.choose')} />
      </Form.Item>
      {kind === 'commune' ? (
        <Form.Item name="adminUnitKind" label={t('orgs.fields.adminUnitKind')}>
          <Select options={adminUnitKindOptions(t)} placeholder={t('common.choose')} allowClear />
        </Form.Item>
      ) : null}
      <Form.Item name="nameEn" label={t('orgs.fields.nameEn')}>
        <Input maxLength={255} />
      </Form.Item>
      <Form.Item name="address" label={t('orgs.fields.address')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      <Form.Item name="phone" label={t('orgs.fields.phone')}>
        <Input maxLength={32} inputMode="tel" />
      </Form.Item>
      <Form.Item name="email" label={t('orgs.fields.email')}>
        <Input maxLength={254} inputMode="email" />
      </Form.Item>
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}
