import { useState } from 'react';
import { TreeSelect } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Org } from '@shared/api/orgs';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { searchOrgsQuery, useOrg } from './api';
import { buildOrgNodes, loadedOrgIds, useLazyOrgTree } from './use-lazy-org-tree';

interface PickerNode {
  key: string;
  value: string;
  title: string;
  isLeaf: boolean;
  children?: PickerNode[] | undefined;
}

function leaf(org: Org): PickerNode {
  return { key: org.id, value: org.id, title: org.name, isLeaf: true };
}

interface OrgPickerProps {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: React.CSSProperties;
}

/**
 * Chooses one organisation: browse the tree level by level, or type part of a name or code to
 * search the server. Works as an antd Form control (value/onChange).
 */
export function OrgPicker({ id, value, onChange, placeholder, allowClear = false, disabled, style }: OrgPickerProps) {
  const { t } = useTranslation();
  const tree = useLazyOrgTree();
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim());
  const isSearching = term.length >= 2;
  const results = useQuery({ ...searchOrgsQuery(term), enabled: isSearching });
  const roots = tree.roots.data?.items ?? [];
  const known = loadedOrgIds(roots, tree.childrenByParent);
  // A value outside the opened part of the tree still shows its name, not its id.
  const selected = useOrg(value && !known.has(value) ? value : null);

  let treeData: PickerNode[];
  if (isSearching) {
    treeData = (results.data?.items ?? []).map(leaf);
  } else {
    treeData = buildOrgNodes<PickerNode>(roots, tree.childrenByParent, ({ org, children }) => ({
      key: org.id,
      value: org.id,
      title: org.name,
      isLeaf: org.childCount === 0,
      children,
    }));
    if (selected.data && !known.has(selected.data.id)) treeData = [leaf(selected.data), ...treeData];
  }

  return (
    <TreeSelect<string | null>
      id={id}
      value={value ?? null}
      onChange={(next) => {
        setSearch('');
        onChange?.(next ?? null);
      }}
      treeData={treeData}
      loadData={(node) => (typeof node.value === 'string' ? tree.loadChildren(node.value) : Promise.resolve())}
      treeLoadedKeys={tree.loadedKeys}
      showSearch={{ searchValue: search, onSearch: setSearch, filterTreeNode: false }}
      placeholder={placeholder ?? t('orgs.pickerPlaceholder')}
      allowClear={allowClear}
      disabled={disabled}
      loading={tree.roots.isPending || (isSearching && results.isFetching)}
      notFoundContent={isSearching ? t('orgs.noMatch') : t('common.noData')}
      popupMatchSelectWidth={false}
      style={{ minWidth: 240, ...style }}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto', minWidth: 320 } } }}
    />
  );
}
