import type { ReactNode } from 'react';
import { Flex, theme } from 'antd';
import { SafetyCertificateFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../app/LanguageSwitch';

interface AuthCardProps {
  children: ReactNode;
  wide?: boolean;
}

/** The centred card of the sign-in screens, with the product name and the language switch. */
export function AuthCard({ children, wide = false }: AuthCardProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', background: token.colorBgLayout, padding: '24px 12px' }}>
      <Flex justify="flex-end" style={{ width: '100%', maxWidth: wide ? 560 : 420 }}>
        <LanguageSwitch />
      </Flex>
      <Flex vertical align="center" gap={4} style={{ margin: '32px 0 20px', textAlign: 'center' }}>
        <SafetyCertificateFilled style={{ fontSize: 44, color: '#b91c1c' }} />
        <h1 style={{ margin: 0, fontSize: 30, fontWeight: 600, color: token.colorTextHeading }}>{t('app.name')}</h1>
        <span style={{ color: token.colorTextSecondary }}>{t('app.tagline')}</span>
      </Flex>
      {/* A plain panel rather than antd Card, whose tab support would pull menus into the first page. */}
      <div
        style={{
          width: '100%',
          maxWidth: wide ? 560 : 420,
          boxSizing: 'border-box',
          padding: 24,
          background: token.colorBgContainer,
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadiusLG,
        }}
      >
        {children}
      </div>
    </Flex>
  );
}

/*
 * Plain headings and text for the sign-in screens: antd Typography brings tooltips and their
 * positioning engine along, too heavy for the first page.
 */
export function AuthHeading({ children }: { children: ReactNode }) {
  const { token } = theme.useToken();
  return <h2 style={{ margin: '0 0 12px', fontSize: 20, fontWeight: 600, color: token.colorTextHeading }}>{children}</h2>;
}

export function AuthText({ children, secondary = false }: { children: ReactNode; secondary?: boolean }) {
  const { token } = theme.useToken();
  return (
    <p style={{ margin: '0 0 12px', color: secondary ? token.colorTextSecondary : token.colorText, lineHeight: 1.6 }}>
      {children}
    </p>
  );
}
