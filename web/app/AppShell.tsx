import { Suspense, useState, type ReactNode } from 'react';
import { App as AntApp, Button, Dropdown, Flex, Layout, Menu, Spin, Typography, theme, type MenuProps } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  ClusterOutlined,
  DesktopOutlined,
  DownOutlined,
  FileProtectOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  PieChartOutlined,
  SafetyCertificateFilled,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  WarningOutlined,
  CheckSquareOutlined,
  AlertOutlined,
  RadarChartOutlined,
  NotificationOutlined,
  FireOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout } from '../features/auth/api';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { LanguageSwitch } from './LanguageSwitch';
import { useCan, useSession } from './session';

type MenuItem = Required<MenuProps>['items'][number];

/** `/users?x=1` → `/users`, the key of the menu item to highlight. */
export function menuKeyFor(pathname: string): string {
  const first = pathname.split('/').filter(Boolean)[0];
  return first ? `/${first}` : '/';
}

export function AppShell() {
  const { t } = useTranslation();
  const session = useSession();
  const can = useCan();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();

  type Entry = { key: string; icon: ReactNode; label: string } | null;
  /** A titled group of the entries the session may open; no group when it would be empty. */
  const group = (key: string, label: string, entries: Entry[]): MenuItem | null => {
    const children = entries.filter((e) => e !== null);
    return children.length ? { type: 'group', key, label: collapsed ? null : label, children } : null;
  };
  const items: MenuItem[] = [
    group('g-home', t('nav.groups.overview'), [
      { key: '/', icon: <HomeOutlined />, label: t('nav.home') },
      can('system.read') ? { key: '/figures', icon: <BarChartOutlined />, label: t('figures.nav') } : null,
    ]),
    group('g-systems', t('nav.groups.systems'), [
      can('system.read') ? { key: '/systems', icon: <ClusterOutlined />, label: t('nav.systems') } : null,
      can('dossier.read') ? { key: '/dossiers', icon: <FileProtectOutlined />, label: t('nav.dossiers') } : null,
      can('assessment.read') ? { key: '/assessments', icon: <CheckSquareOutlined />, label: t('nav.assessments') } : null,
      can('system.read') ? { key: '/legal', icon: <BookOutlined />, label: t('nav.legal') } : null,
    ]),
    group('g-endpoints', t('nav.groups.endpoints'), [
      can('endpoint.read') ? { key: '/endpoints', icon: <DesktopOutlined />, label: t('nav.endpoints') } : null,
      can('endpoint.read') ? { key: '/coverage', icon: <PieChartOutlined />, label: t('nav.coverage') } : null,
      can('endpoint.read') ? { key: '/endpoint-violations', icon: <WarningOutlined />, label: t('nav.endpointViolations') } : null,
      can('endpoint.enroll') || can('endpoint.configure')
        ? { key: '/endpoint-settings', icon: <SettingOutlined />, label: t('nav.endpointSettings') }
        : null,
    ]),
    group('g-secops', t('nav.groups.secops'), [
      can('soc.read') ? { key: '/soc', icon: <RadarChartOutlined />, label: t('nav.soc') } : null,
      can('alert.read') ? { key: '/alerts', icon: <AlertOutlined />, label: t('nav.alerts') } : null,
      can('advisory.read') ? { key: '/advisories', icon: <NotificationOutlined />, label: t('nav.advisories') } : null,
      can('incident.read') ? { key: '/incidents', icon: <FireOutlined />, label: t('nav.incidents') } : null,
    ]),
    group('g-admin', t('nav.groups.admin'), [
      can('org.read') ? { key: '/orgs', icon: <ApartmentOutlined />, label: t('nav.orgs') } : null,
      can('user.read') ? { key: '/users', icon: <TeamOutlined />, label: t('nav.users') } : null,
      can('audit.read') ? { key: '/audit', icon: <AuditOutlined />, label: t('nav.audit') } : null,
      can('token.manage') ? { key: '/tokens', icon: <KeyOutlined />, label: t('nav.tokens') } : null,
    ]),
  ].filter((item) => item !== null);

  const userMenu: MenuProps = {
    items: [
      { key: 'profile', icon: <UserOutlined />, label: t('nav.profile') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'profile') void navigate('/profile');
      if (key === 'logout') logout.mutate();
    },
  };

  return (
    <AntApp>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Sider breakpoint="lg" collapsible collapsed={collapsed} onCollapse={setCollapsed} width={220}>
          <Flex align="center" gap={8} style={{ height: 56, padding: '0 20px', color: '#fff' }}>
            <SafetyCertificateFilled style={{ fontSize: 22, color: '#facc15' }} />
            {collapsed ? null : <strong style={{ fontSize: 18 }}>{t('app.name')}</strong>}
          </Flex>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[menuKeyFor(location.pathname)]}
            items={items}
            onClick={({ key }) => void navigate(key)}
          />
        </Layout.Sider>
        <Layout>
          <Layout.Header
            style={{
              background: token.colorBgContainer,
              padding: '0 16px',
              borderBottom: `1px solid ${token.colorBorderSecondary}`,
              height: 56,
              lineHeight: '56px',
            }}
          >
            <Flex justify="space-between" align="center" gap={12} style={{ height: '100%' }}>
              <Typography.Text strong ellipsis style={{ minWidth: 0 }} data-testid="header-org">
                {session.user.orgName}
              </Typography.Text>
              <Flex align="center" gap={12}>
                <NotificationBell />
                <LanguageSwitch />
                <Dropdown menu={userMenu} trigger={['click']}>
                  <Button type="text" icon={<UserOutlined />} loading={logout.isPending}>
                    <span>{session.user.fullName}</span>
                    <DownOutlined />
                  </Button>
                </Dropdown>
              </Flex>
            </Flex>
          </Layout.Header>
          <Layout.Content style={{ padding: 20 }}>
            <Suspense fallback={<Spin style={{ display: 'block', margin: '64px auto' }} />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </AntApp>
  );
}
