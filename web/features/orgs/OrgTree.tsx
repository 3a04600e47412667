import { App, Empty, Flex, Spin, Tree, Typography, type TreeDataNode } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { orgKindLabel } from '../../lib/labels';
import { buildOrgNodes, useLazyOrgTree } from './use-lazy-org-tree';

interface OrgTreeProps {
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/** The visible organisation tree, one level fetched per opened node. */
export function OrgTree({ selectedId, onSelect }: OrgTreeProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tree = useLazyOrgTree();

  if (tree.roots.isPending) return <Spin style={{ display: 'block', margin: 24 }} />;
  if (tree.roots.error) return <ErrorNotice error={tree.roots.error} onRetry={() => void tree.roots.refetch()} />;
  const roots = tree.roots.data.items;
  if (roots.length === 0) return <Empty description={t('orgs.emptyTree')} />;

  const treeData = buildOrgNodes<TreeDataNode>(roots, tree.childrenByParent, ({ org, children }) => ({
    key: org.id,
    isLeaf: org.childCount === 0,
    children,
    title: (
      <Flex gap={6} align="baseline" wrap>
        <span>{org.name}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {org.code} · {orgKindLabel(t, org.kind)}
        </Typography.Text>
      </Flex>
    ),
  }));

  return (
    <Tree
      blockNode
      showLine
      treeData={treeData}
      loadedKeys={tree.loadedKeys}
      loadData={async (node) => {
        try {
          await tree.loadChildren(String(node.key));
        } catch {
          void message.error(t('orgs.loadChildrenFailed'));
        }
      }}
      selectedKeys={selectedId ? [selectedId] : []}
      onSelect={(keys) => {
        const key = keys[0];
        if (key !== undefined) onSelect(String(key));
      }}
      height={620}
    />
  );
}
