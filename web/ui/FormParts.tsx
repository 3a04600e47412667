/**
 * The frame of a create/edit form in a drawer: the request's error above the fields, and the
 * Cancel / submit buttons below them.
 */
import { Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from './ErrorNotice';

export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div style={{ marginBottom: 16 }}>
      <ErrorNotice error={error} />
    </div>
  );
}

export function FormActions({ onCancel, pending, submitLabel }: { onCancel: () => void; pending: boolean; submitLabel?: string }) {
  const { t } = useTranslation();
  return (
    <Flex justify="flex-end" gap={8} style={{ marginTop: 24 }}>
      <Button onClick={onCancel}>{t('common.cancel')}</Button>
      <Button type="primary" htmlType="submit" loading={pending}>
        {submitLabel ?? t('common.save')}
      </Button>
    </Flex>
  );
}
