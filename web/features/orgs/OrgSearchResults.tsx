import { Empty, Flex, Spin, Tree, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { orgKindLabel } from '../../lib/labels';
import { searchOrgsQuery } from './api';

interface OrgSearchResultsProps {
  term: string;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/** Organisations whose name or code matches, as a flat list (the tree cannot show scattered hits). */
export function OrgSearchResults({ term, selectedId, onSelect }: OrgSearchResultsProps) {
  const { t } = useTranslation();
  const results = useQuery(searchOrgsQuery(term));
  if (results.isPending) return <Spin style={{ display: 'block', margin: 24 }} />;
  if (results.error) return <ErrorNotice error={results.error} onRetry={() => void results.refetch()} />;
  const { items, total } = results.data;
  if (items.length === 0) return <Empty description={t('orgs.noMatch')} />;
  return (
    <Flex vertical gap={8}>
      <Tree
        blockNode
        treeData={items.map((org) => ({
          key: org.id,
          isLeaf: true,
          title: (
            <Flex vertical>
              <span>{org.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {org.code} · {orgKindLabel(t, org.kind)}
              </Typography.Text>
            </Flex>
          ),
        }))}
        selectedKeys={selectedId ? [selectedId] : []}
        onSelect={(keys) => {
          const key = keys[0];
          if (key !== undefined) onSelect(String(key));
        }}
      />
      {total > items.length ? (
        <Typography.Text type="secondary">{t('orgs.moreResults', { shown: items.length, total })}</Typography.Text>
      ) : null}
    </Flex>
  );
}
