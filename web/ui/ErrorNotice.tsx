import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../lib/api';

interface ErrorNoticeProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** A failed request in plain words, with the request id the support team asks for. */
export function ErrorNotice({ error, title, onRetry }: ErrorNoticeProps) {
  const { t } = useTranslation();
  const message = isApiError(error) ? error.message : t('common.unexpectedError');
  const requestId = isApiError(error) ? error.requestId : null;
  return (
    <Alert
      type="error"
      showIcon
      title={title ?? message}
      description={
        title || requestId ? (
          <>
            {title ? <div>{message}</div> : null}
            {requestId ? <small>{t('common.requestId', { id: requestId })}</small> : null}
          </>
        ) : undefined
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
