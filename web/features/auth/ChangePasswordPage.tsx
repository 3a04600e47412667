import { Alert, App as AntApp, Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { useLogout } from './api';
import { AuthCard, AuthHeading } from './AuthCard';
import { ChangePasswordForm } from './ChangePasswordForm';

/** Forced after an administrator set or reset the password: nothing else opens until it is changed. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const session = useSession();
  const logout = useLogout();
  return (
    <AntApp>
      <AuthCard>
        <AuthHeading>{t('password.forcedTitle')}</AuthHeading>
        <Alert type="info" showIcon title={t('password.forcedText', { name: session.user.fullName })} style={{ marginBottom: 16 }} />
        <ChangePasswordForm />
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button type="link" onClick={() => logout.mutate()} loading={logout.isPending}>
            {t('nav.logout')}
          </Button>
        </Flex>
      </AuthCard>
    </AntApp>
  );
}
