/** Pieces every STIX bundle of the export shares: options, identities, relationships, the bundle. */
import type { Locale } from '@shared/api/common';
import type { StixOrg, Tlp } from './stix.model';
import { canonicalJson, sdoId, stixTime } from './stix.ids';
import { tlpMarkingObjects, tlpMarkingRefs, type StixObject } from './stix.markings';
import { v5 as uuidv5 } from 'uuid';

/** A translator of the `stix` namespace (server/http/i18n.ts translator(locale) fits). */
export type StixTranslate = (key: string, params?: Record<string, string | number>) => string;

/** What every builder needs besides its input. */
export interface StixBuildOptions {
  /** The province's security authority, which produces the export (created_by_ref of our objects). */
  producer: StixOrg;
  /** Language of the free texts the export adds (names of notes, descriptions of relationships). */
  lang: Locale;
  t: StixTranslate;
}

/**
 * Timestamp used as `created`/`modified` of objects whose own time we do not hold (an
 * organisation, an information system): the start of the platform's registry. A fixed value keeps
 * re-exports identical; an optional `updatedAt` on the input replaces `modified` when present.
 */
export const REGISTRY_EPOCH = new Date('2026-01-01T00:00:00.000Z');

/** Our own code of a row, as an external reference a reader can look up in Khiên. */
export function khienReference(code: string) {
  return { source_name: 'khien', external_id: code };
}

/** The identity of an organisation (reporting unit, issuer or producer). */
export function identityOf(org: StixOrg, producerId: string): StixObject {
  const updated = org.updatedAt && org.updatedAt > REGISTRY_EPOCH ? org.updatedAt : REGISTRY_EPOCH;
  return {
    type: 'identity',
    spec_version: '2.1',
    id: identityId(org),
    created_by_ref: producerId,
    created: stixTime(REGISTRY_EPOCH),
    modified: stixTime(updated),
    name: org.name,
    identity_class: 'organization',
    external_references: [khienReference(org.code)],
  };
}

export function identityId(org: StixOrg): string {
  return sdoId('identity', org.id);
}

/** A relationship between two objects; its id derives from (source, type, target). */
export function relationship(
  source: string,
  type: string,
  target: string,
  at: { created: string; modified: string },
  extra: { createdBy: string; markings: string[]; description?: string; lang?: Locale },
): StixObject {
  return {
    type: 'relationship',
    spec_version: '2.1',
    id: sdoId('relationship', source, type, target),
    created_by_ref: extra.createdBy,
    created: at.created,
    modified: at.modified,
    relationship_type: type,
    ...(extra.description ? { description: extra.description, lang: extra.lang } : {}),
    source_ref: source,
    target_ref: target,
    object_marking_refs: extra.markings,
  };
}

/** How restrictive each TLP level is. */
const TLP_RANK: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 };

/** Collects objects once per id, keeping the first; markings and definitions first in the bundle. */
export class ObjectSet {
  private readonly byId = new Map<string, StixObject>();
  private readonly tlpOf = new Map<string, Tlp>();
  add(...objects: StixObject[]): void {
    for (const o of objects) if (!this.byId.has(o.id)) this.byId.set(o.id, o);
  }
  /**
   * Adds an object several inputs may share (an observable, an information system) carrying the
   * marking of the input that contributed it: when two inputs share it, the stricter TLP wins.
   */
  addMarked(tlp: Tlp, object: StixObject): void {
    const seen = this.tlpOf.get(object.id);
    if (seen !== undefined && TLP_RANK[seen] >= TLP_RANK[tlp]) return;
    this.tlpOf.set(object.id, tlp);
    this.byId.set(object.id, object);
  }
  addTlp(tlp: Tlp): string[] {
    this.add(...tlpMarkingObjects(tlp));
    return tlpMarkingRefs(tlp);
  }
  list(): StixObject[] {
    const rank = (o: StixObject) => (o.type === 'marking-definition' ? 0 : o.type === 'extension-definition' ? 1 : o.type === 'identity' ? 2 : 3);
    return [...this.byId.values()].sort((a, b) => rank(a) - rank(b));
  }
}

/** Namespace of bundle ids: a bundle's id is derived from its content (same content, same id). */
const BUNDLE_NAMESPACE = 'a3d4c1e2-7b8f-4e6a-9c0d-1f2e3d4c5b6a';

/** The bundle (STIX 2.1 §8): `objects` is left out when there is nothing to send. */
export function bundleOf(objects: StixObject[]): StixObject & { objects?: StixObject[] } {
  const id = `bundle--${uuidv5(canonicalJson(objects), BUNDLE_NAMESPACE)}`;
  return objects.length > 0 ? { type: 'bundle', id, objects } : { type: 'bundle', id };
}
