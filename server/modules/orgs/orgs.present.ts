import type { Org } from '@shared/api/orgs';
import type { Ctx } from '../../http/context';
import { can } from '../../authz/scope';
import type { OrgWithDetails } from './orgs.repo';

export function presentOrg(ctx: Ctx, row: OrgWithDetails): Org {
  const { org } = row;
  const res = { orgPath: org.path };
  const manage = can(ctx, 'org.manage', res);
  return {
    id: org.id,
    code: org.code,
    name: org.name,
    nameEn: org.nameEn,
    kind: org.kind,
    adminUnitKind: org.adminUnitKind,
    parentId: org.parentId,
    depth: org.depth,
    address: org.address,
    phone: org.phone,
    email: org.email,
    securityOfficerId: org.securityOfficerId,
    securityOfficerName: row.officerName,
    securityOfficerQualification: row.officerQualification,
    childCount: row.childCount,
    updatedAt: org.updatedAt.toISOString(),
    can: {
      update: manage,
      delete: manage && row.childCount === 0 && org.parentId !== null,
      createChild: manage,
      designateOfficer: can(ctx, 'org.designate_officer', res),
    },
  };
}
