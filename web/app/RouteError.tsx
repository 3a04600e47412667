import { Alert, Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

/**
 * Last-resort screen for a render error or a page chunk that failed to load (typically the app
 * was updated while the tab stayed open): reloading fetches the new version. Kept light (no antd
 * Result illustrations) because it ships with the first page.
 */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <Flex justify="center" style={{ padding: '64px 16px' }}>
      <Alert
        type="error"
        showIcon
        title={t('common.pageErrorTitle')}
        description={t('common.pageErrorText')}
        action={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('common.reload')}
          </Button>
        }
        style={{ maxWidth: 560 }}
      />
    </Flex>
  );
}
