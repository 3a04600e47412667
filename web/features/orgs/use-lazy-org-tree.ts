import { useState } from 'react';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Org } from '@shared/api/orgs';
import { childOrgsQuery, rootOrgsQuery } from './api';

/**
 * The organisation tree loaded one level at a time (roots, then the children of each opened
 * node). Opened levels stay subscribed, so any org change refreshes what is on screen.
 */
export function useLazyOrgTree() {
  const queryClient = useQueryClient();
  const [loadedKeys, setLoadedKeys] = useState<string[]>([]);
  const roots = useQuery(rootOrgsQuery());
  const childLists = useQueries({ queries: loadedKeys.map((id) => childOrgsQuery(id)) });

  const childrenByParent = new Map<string, Org[]>();
  loadedKeys.forEach((id, index) => {
    const items = childLists[index]?.data?.items;
    if (items) childrenByParent.set(id, items);
  });

  const loadChildren = async (parentId: string): Promise<void> => {
    await queryClient.ensureQueryData(childOrgsQuery(parentId));
    setLoadedKeys((keys) => (keys.includes(parentId) ? keys : [...keys, parentId]));
  };

  return { roots, childrenByParent, loadChildren, loadedKeys };
}

export interface OrgNode<T> {
  org: Org;
  children: T[] | undefined;
}

/** Builds nested nodes from roots and loaded levels; `make` shapes one node for the widget. */
export function buildOrgNodes<T>(
  orgs: readonly Org[],
  childrenByParent: ReadonlyMap<string, Org[]>,
  make: (node: OrgNode<T>) => T,
): T[] {
  return orgs.map((org) => {
    const children = childrenByParent.get(org.id);
    return make({ org, children: children ? buildOrgNodes(children, childrenByParent, make) : undefined });
  });
}

/** Every org id present in the loaded part of the tree. */
export function loadedOrgIds(roots: readonly Org[], childrenByParent: ReadonlyMap<string, Org[]>): Set<string> {
  const ids = new Set(roots.map((org) => org.id));
  for (const list of childrenByParent.values()) for (const org of list) ids.add(org.id);
  return ids;
}
