import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shown when the signed-in role does not include a page; the server would refuse it anyway. */
export function NotAllowed() {
  const { t } = useTranslation();
  return <Result status="403" title={t('common.notAllowedTitle')} subTitle={t('common.notAllowedText')} />;
}
