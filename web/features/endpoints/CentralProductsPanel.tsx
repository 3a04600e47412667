import { App, Button, Card, Flex, Form, Input, Popconfirm, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CreateCentralAvProductBody, type CentralAvProduct } from '@shared/api/endpoints';
import { useCan } from '../../app/session';
import { formatDateTime, formatNumber } from '../../lib/format';
import { applyServerFieldErrors, blankToNull, checkForm } from '../../lib/forms';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useCentralProducts, useCreateCentralProduct, useDeleteCentralProduct } from './api';

interface ProductValues {
  pattern?: string;
  vendor?: string | null;
  note?: string | null;
}

/** Which antivirus product names count as "the province's centrally managed anti-malware". */
export function CentralProductsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canConfigure = can('endpoint.configure');
  const list = useCentralProducts();
  const remove = useDeleteCentralProduct();

  const onRemove = (p: CentralAvProduct) =>
    remove.mutate(p.id, {
      onSuccess: () => void message.success(t('endpointsUi.central.removed', { pattern: p.pattern })),
      onError: (error) => void message.error(error.message),
    });

  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('endpointsUi.central.help')}
      </Typography.Paragraph>
      {canConfigure ? <AddProductForm /> : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<CentralAvProduct>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('endpointsUi.central.empty') }}
        columns={[
          { title: t('endpointsUi.central.pattern'), dataIndex: 'pattern', key: 'pattern', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('endpointsUi.central.vendor'), dataIndex: 'vendor', key: 'vendor' },
          { title: t('endpointsUi.central.note'), dataIndex: 'note', key: 'note' },
          { title: t('endpointsUi.central.matches'), dataIndex: 'matches', key: 'matches', align: 'right', render: (n: number) => formatNumber(n) },
          { title: t('endpointsUi.central.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => formatDateTime(v) },
          ...(canConfigure
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, p: CentralAvProduct) => (
                    <Popconfirm
                      title={t('endpointsUi.central.removeConfirm', { pattern: p.pattern })}
                      description={t('endpointsUi.central.removeHelp', { n: p.matches })}
                      okText={t('common.remove')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('common.cancel')}
                      onConfirm={() => onRemove(p)}
                    >
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('endpointsUi.central.removeNamed', { pattern: p.pattern })} />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Flex>
  );
}

function AddProductForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProductValues>();
  const create = useCreateCentralProduct();
  const submit = (values: ProductValues) => {
    const body = checkForm(form, CreateCentralAvProductBody, blankToNull(values, ['vendor', 'note']), t);
    if (!body) return;
    create.mutate(body, {
      onError: (error) => applyServerFieldErrors(form, error),
      onSuccess: (saved) => {
        form.resetFields();
        void message.success(t('endpointsUi.central.added', { pattern: saved.pattern, n: saved.matches }));
      },
    });
  };
  return (
    <Card size="small" title={t('endpointsUi.central.addTitle')}>
      {create.error ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorNotice error={create.error} />
        </div>
      ) : null}
      <Form<ProductValues> form={form} layout="inline" onFinish={submit} name="central-product" style={{ rowGap: 8 }}>
        <Form.Item name="pattern" label={t('endpointsUi.central.pattern')} required>
          <Input maxLength={255} placeholder="Kaspersky Endpoint Security" style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="vendor" label={t('endpointsUi.central.vendor')}>
          <Input maxLength={255} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="note" label={t('endpointsUi.central.note')}>
          <Input maxLength={500} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending}>
            {t('endpointsUi.central.add')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
