import { Button, Flex, Steps, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../app/session';
// The script shipped in deploy/wazuh, bundled as text so the page always hands out the same file.
import wazuhScript from '../../../deploy/wazuh/custom-khien?raw';
import { downloadText } from '../endpoints/EnrollSecretsPanel';
import { useSyslogListener } from './api';

export const WAZUH_SCRIPT = wazuhScript;
export const SCRIPT_NAME = 'custom-khien';

/** The ossec.conf block for this platform's address. */
export function ossecBlock(origin: string): string {
  return [
    '<integration>',
    `  <name>${SCRIPT_NAME}</name>`,
    `  <hook_url>${origin}/api/alerts/wazuh</hook_url>`,
    '  <api_key>khn_…</api_key>',
    '  <level>3</level>',
    '  <alert_format>json</alert_format>',
    '</integration>',
  ].join('\n');
}

function Code({ text }: { text: string }) {
  return (
    <Typography.Paragraph copyable={{ text }} style={{ marginBottom: 0 }}>
      <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{text}</pre>
    </Typography.Paragraph>
  );
}

/** How to connect a Wazuh manager (custom integration over HTTPS) and CEF devices (syslog). */
export function WazuhInstructions() {
  const { t } = useTranslation();
  const can = useCan();
  const listener = useSyslogListener();
  const origin = window.location.origin;
  const syslogPort = listener.data?.port ?? 5514;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('syslog.wazuh.title')}
      </Typography.Title>
      <Steps
        direction="vertical"
        size="small"
        current={-1}
        items={[
          {
            title: t('syslog.wazuh.step1'),
            description: (
              <Typography.Paragraph style={{ marginBottom: 0 }}>
                {t('syslog.wazuh.step1Help')}{' '}
                {can('token.manage') ? <Link to="/tokens">{t('syslog.wazuh.openTokens')}</Link> : t('syslog.wazuh.askAdmin')}
              </Typography.Paragraph>
            ),
          },
          {
            title: t('syslog.wazuh.step2'),
            description: (
              <Flex vertical gap={8}>
                <Typography.Text>{t('syslog.wazuh.step2Help')}</Typography.Text>
                <div>
                  <Button icon={<DownloadOutlined />} onClick={() => downloadText(SCRIPT_NAME, WAZUH_SCRIPT, 'text/x-python')}>
                    {t('syslog.wazuh.download')}
                  </Button>
                </div>
                <Code text={`install -o root -g wazuh -m 750 ${SCRIPT_NAME} /var/ossec/integrations/${SCRIPT_NAME}`} />
              </Flex>
            ),
          },
          {
            title: t('syslog.wazuh.step3'),
            description: (
              <Flex vertical gap={8}>
                <Typography.Text>{t('syslog.wazuh.step3Help')}</Typography.Text>
                <Code text={ossecBlock(origin)} />
              </Flex>
            ),
          },
          { title: t('syslog.wazuh.step4'), description: <Code text="systemctl restart wazuh-manager" /> },
        ]}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('syslog.cef.title')}
      </Typography.Title>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('syslog.cef.help', { port: syslogPort })}</Typography.Paragraph>
      <Code
        text={[
          '# /etc/rsyslog.d/60-khien.conf',
          `if ($msg contains "CEF:") then {`,
          `  action(type="omfwd" target="${window.location.hostname}" port="${syslogPort}" protocol="tcp"`,
          '         TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")',
          '}',
        ].join('\n')}
      />
    </Flex>
  );
}
