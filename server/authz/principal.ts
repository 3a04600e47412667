import type { Role } from '@shared/domain/roles';
import type { Action } from './policies';

export interface Assignment {
  id: string;
  role: Role;
  orgId: string;
  orgPath: string;
  orgName: string;
  orgCode: string;
}

/** Who is acting: a signed-in person, a machine client's API token, or the platform itself. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      username: string;
      fullName: string;
      orgId: string;
      sessionId: string | null;
      assignments: Assignment[];
    }
  | { kind: 'token'; tokenId: string; name: string; orgId: string; orgPath: string; actions: Action[] }
  | { kind: 'system'; name: string; roots: string[] };

export function principalLabel(p: Principal | null): string {
  if (!p) return 'anonymous';
  switch (p.kind) {
    case 'user':
      return `${p.username} (${p.fullName})`.slice(0, 255);
    case 'token':
      return `token:${p.name}`.slice(0, 255);
    case 'system':
      return `system:${p.name}`;
  }
}

export function principalUserId(p: Principal | null): string | null {
  return p?.kind === 'user' ? p.userId : null;
}
