import type { Endpoint, Violation } from '@shared/api/endpoints';
import { isCentralProduct } from '@shared/domain/endpoints';
import type { Ctx } from '../../http/context';
import { can } from '../../authz/scope';
import type { EndpointAvProductRow, EndpointViolationRow } from '../../db/schema';
import type { EndpointRecord } from './endpoints.repo';

export function presentEndpoint(ctx: Ctx, row: EndpointRecord, products: EndpointAvProductRow[], patterns: readonly string[]): Endpoint {
  const e = row.endpoint;
  const manage = can(ctx, 'endpoint.manage', { orgPath: row.orgPath });
  return {
    id: e.id,
    orgId: e.orgId,
    orgCode: row.orgCode,
    orgName: row.orgName,
    hostname: e.hostname,
    hardwareUuid: e.hardwareUuid,
    serial: e.serial,
    osPlatform: e.osPlatform,
    osName: e.osName,
    osVersion: e.osVersion,
    osBuild: e.osBuild,
    osLicence: e.osLicence,
    ipAddresses: e.ipAddresses,
    macAddresses: e.macAddresses,
    assignedTo: e.assignedTo,
    stateSecret: e.stateSecret,
    source: e.source,
    hasAnyAv: e.hasAnyAv,
    hasCentralAv: e.hasCentralAv,
    avUpToDate: e.avUpToDate,
    avProducts: products.map((p) => ({
      name: p.name,
      enabled: p.enabled,
      upToDate: p.upToDate,
      central: isCentralProduct(p.name, patterns),
      source: p.source,
      reportedAt: p.reportedAt.toISOString(),
    })),
    agent: row.agent,
    lastSeenAt: row.lastSeenAt ? row.lastSeenAt.toISOString() : null,
    notes: e.notes,
    retiredAt: e.retiredAt?.toISOString() ?? null,
    updatedAt: e.updatedAt.toISOString(),
    can: { update: manage, delete: manage },
  };
}

export function presentViolation(ctx: Ctx, r: { v: EndpointViolationRow; hostname: string; orgCode: string; orgName: string; orgPath: string }): Violation {
  return {
    id: r.v.id,
    kind: r.v.kind,
    endpointId: r.v.endpointId,
    hostname: r.hostname,
    orgId: r.v.orgId,
    orgCode: r.orgCode,
    orgName: r.orgName,
    firstSeenAt: r.v.firstSeenAt.toISOString(),
    lastSeenAt: r.v.lastSeenAt.toISOString(),
    occurrences: r.v.occurrences,
    resolvedAt: r.v.resolvedAt?.toISOString() ?? null,
    resolutionNote: r.v.resolutionNote,
    can: { resolve: r.v.resolvedAt === null && can(ctx, 'endpoint.manage', { orgPath: r.orgPath }) },
  };
}
