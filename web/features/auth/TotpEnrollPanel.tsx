import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FullPageSpinner } from '../../ui/FullPageSpinner';
import { useEnableTotp, useTotpSetup } from './api';
import { TotpCodeForm } from './TotpCodeForm';

/** `JBSWY3DPEHPK3PXP` → `JBSW Y3DP EHPK 3PXP`, easier to type from a screen. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

interface TotpEnrollPanelProps {
  userId: string;
  /** Called once two-factor authentication is on (the new session is already stored). */
  onEnabled?: () => void;
}

/**
 * Guided set-up of two-factor authentication for people who have never used it: install an app,
 * scan the QR code (or type the key), type the code it shows. The QR image comes from the server.
 */
export function TotpEnrollPanel({ userId, onEnabled }: TotpEnrollPanelProps) {
  const { t } = useTranslation();
  const setup = useTotpSetup(userId);
  const enable = useEnableTotp();

  if (setup.isPending) return <FullPageSpinner />;
  if (setup.error) return <ErrorNotice error={setup.error} onRetry={() => void setup.refetch()} />;

  const stepTitle = { margin: '0 0 4px' };
  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph style={{ margin: 0 }}>{t('totp.enrollIntro')}</Typography.Paragraph>
      <section>
        <Typography.Title level={5} style={stepTitle}>
          {t('totp.step1Title')}
        </Typography.Title>
        <Typography.Paragraph style={{ margin: 0 }}>{t('totp.step1Text')}</Typography.Paragraph>
      </section>
      <section>
        <Typography.Title level={5} style={stepTitle}>
          {t('totp.step2Title')}
        </Typography.Title>
        <Typography.Paragraph>{t('totp.step2Text')}</Typography.Paragraph>
        <Flex justify="center">
          <img
            src={setup.data.qrDataUrl}
            alt={t('totp.qrAlt')}
            width={200}
            height={200}
            style={{ border: '1px solid #d9d9d9', padding: 8, background: '#fff' }}
          />
        </Flex>
        <Typography.Paragraph style={{ margin: '12px 0 4px' }}>{t('totp.manualKeyText')}</Typography.Paragraph>
        <Typography.Paragraph
          code
          copyable={{ text: setup.data.secret }}
          style={{ fontSize: 16, textAlign: 'center', margin: 0 }}
          data-testid="totp-secret"
        >
          {groupSecret(setup.data.secret)}
        </Typography.Paragraph>
      </section>
      <section>
        <Typography.Title level={5} style={stepTitle}>
          {t('totp.step3Title')}
        </Typography.Title>
        <Typography.Paragraph>{t('totp.step3Text')}</Typography.Paragraph>
        <TotpCodeForm mutation={enable} submitLabel={t('totp.enableSubmit')} onSuccess={onEnabled} />
      </section>
    </Flex>
  );
}
