import { useState } from 'react';
import { Button, Input, Space } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { generatePassword } from './generate-password';

interface PasswordInputProps {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
}

/** A password field for administrators, with a button that fills in (and shows) a strong random password. */
export function PasswordInput({ id, value, onChange }: PasswordInputProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input.Password
        id={id}
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        autoComplete="new-password"
        visibilityToggle={{ visible, onVisibleChange: setVisible }}
      />
      <Button
        icon={<ThunderboltOutlined />}
        onClick={() => {
          onChange?.(generatePassword());
          setVisible(true);
        }}
      >
        {t('users.generatePassword')}
      </Button>
    </Space.Compact>
  );
}
