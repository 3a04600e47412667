import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { useUser, useUserList } from './api';

interface UserPickerProps {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  style?: React.CSSProperties;
}

/** Chooses one user by typing part of the name or username (searched on the server). */
export function UserPicker({ id, value, onChange, placeholder, style }: UserPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim());
  const results = useUserList({ q: term, limit: 20 }, term.length >= 2);
  const selected = useUser(value);

  const options = (results.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.fullName} (${u.username})` }));
  if (selected.data && !options.some((o) => o.value === selected.data.id)) {
    options.unshift({ value: selected.data.id, label: `${selected.data.fullName} (${selected.data.username})` });
  }

  return (
    <Select<string | null>
      id={id}
      value={value ?? null}
      onChange={(next) => onChange?.(next ?? null)}
      options={options}
      allowClear
      showSearch={{ searchValue: search, onSearch: setSearch, filterOption: false }}
      loading={results.isFetching}
      notFoundContent={term.length >= 2 ? t('users.noMatch') : t('users.typeToSearch')}
      placeholder={placeholder ?? t('users.pickUser')}
      style={{ minWidth: 220, ...style }}
    />
  );
}
