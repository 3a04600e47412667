import { Alert, Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd';
import { ApartmentOutlined, AuditOutlined, KeyOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { requiresMfa } from '@shared/domain/roles';
import { useCan, useSession } from '../../app/session';
import { roleLabel } from '../../lib/labels';

interface Shortcut {
  to: string;
  icon: ReactNode;
  title: string;
  text: string;
}

/** Welcome card; later capabilities put their dashboards here. */
export function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  const can = useCan();
  const { user } = session;

  const shortcuts: Shortcut[] = [
    can('org.read') ? { to: '/orgs', icon: <ApartmentOutlined />, title: t('nav.orgs'), text: t('home.orgsText') } : null,
    can('user.read') ? { to: '/users', icon: <TeamOutlined />, title: t('nav.users'), text: t('home.usersText') } : null,
    can('audit.read') ? { to: '/audit', icon: <AuditOutlined />, title: t('nav.audit'), text: t('home.auditText') } : null,
    can('token.manage') ? { to: '/tokens', icon: <KeyOutlined />, title: t('nav.tokens'), text: t('home.tokensText') } : null,
  ].filter((item) => item !== null);

  const suggestTotp = !user.totpEnabled && !requiresMfa(user.roles.map((r) => r.role));

  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: user.fullName })}
        </Typography.Title>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('home.org')}>{user.orgName}</Descriptions.Item>
          {user.title ? <Descriptions.Item label={t('users.fields.title')}>{user.title}</Descriptions.Item> : null}
          <Descriptions.Item label={t('home.roles')}>
            {user.roles.length === 0 ? (
              <Typography.Text type="secondary">{t('home.noRoles')}</Typography.Text>
            ) : (
              <Flex gap={4} wrap>
                {user.roles.map((r) => (
                  <Tag key={r.id} color="blue">
                    {t('home.roleAt', { role: roleLabel(t, r.role), org: r.orgName })}
                  </Tag>
                ))}
              </Flex>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {suggestTotp ? (
        <Alert
          type="warning"
          showIcon
          title={t('home.totpSuggestTitle')}
          description={
            <>
              {t('home.totpSuggestText')} <Link to="/profile">{t('home.totpSuggestLink')}</Link>
            </>
          }
        />
      ) : null}
      {shortcuts.length > 0 ? (
        <Row gutter={[16, 16]}>
          {shortcuts.map((s) => (
            <Col key={s.to} xs={24} sm={12} lg={6}>
              <Link to={s.to}>
                <Card hoverable style={{ height: '100%' }}>
                  <Card.Meta avatar={<span style={{ fontSize: 24 }}>{s.icon}</span>} title={s.title} description={s.text} />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      ) : null}
    </Flex>
  );
}
