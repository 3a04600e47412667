/**
 * Validation of exported bundles against the official OASIS STIX 2.1 JSON schemas (vendored in
 * ./schemas-oasis, BSD-3-Clause) plus the rules of the specification the schemas cannot express.
 * Used by the tests (ajv and ajv-formats are devDependencies); nothing is fetched: every schema is
 * registered under its own `$id`, so the relative `$ref`s resolve to the local copies.
 *
 * Why every object is validated on its own: bundle.json accepts an object if it matches one of the
 * types it lists OR its "custom object" branch (a type outside its list, matching exactly one of
 * core.json / cyber-observable-core.json). The list lacks incident, note, grouping, location,
 * opinion and extension-definition (the same defect as OASIS cti-stix2-json-schemas issue #133 had
 * for infrastructure), and a well-formed SDO matches BOTH core schemas, so such objects can never
 * pass bundle.json, valid or not: it says nothing about them. So the envelope and the listed types
 * are checked with bundle.json, and every object, listed or not, with its own type's schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { domainToASCII } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { checkStixPattern } from './stix.pattern-check';
import { scoId } from './stix.ids';
import { EXTERNAL_IDENTITY_REFS, INCIDENT_CORE_EXTENSION_ID, TLP2_EXTENSION_ID } from './stix.markings';

const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';
const SCHEMA_DIR = new URL('./schemas-oasis/schemas/', import.meta.url);

/** Object type → schema file (relative to schemas/). */
function schemaPathOf(type: string): string | null {
  if (type === 'bundle') return 'common/bundle.json';
  if (type === 'marking-definition' || type === 'language-content' || type === 'extension-definition') return `common/${type}.json`;
  if (type === 'relationship' || type === 'sighting') return `sros/${type}.json`;
  for (const dir of ['sdos', 'observables']) {
    if (FILES.has(`${dir}/${type}.json`)) return `${dir}/${type}.json`;
  }
  return null;
}

const FILES = new Set<string>();

/** The object types bundle.json's `objects` items list by name (its first oneOf). */
const BUNDLE_LISTED_TYPES = new Set<string>();

/** hostname (RFC 1123) after IDNA mapping: the schemas' `idn-hostname`, which ajv-formats lacks. */
function isIdnHostname(value: string): boolean {
  const ascii = domainToASCII(value);
  return ascii !== '' && /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i.test(ascii);
}

/**
 * Incident Core Extension 2.0 (OASIS, incident-ef7) §2.1 property table, written from the
 * specification: required determination/investigation_status, closed enumerations, ranges.
 */
const INCIDENT_CORE_SCHEMA = {
  type: 'object',
  required: ['extension_type', 'determination', 'investigation_status'],
  additionalProperties: false,
  properties: {
    extension_type: { const: 'property-extension' },
    determination: { enum: ['blocked', 'confirmed', 'failed-attempt', 'false-positive', 'suspected'] },
    investigation_status: { enum: ['new', 'open', 'closed'] },
    criticality: { type: 'integer', minimum: 0, maximum: 100 },
    detection_methods: { type: 'array', minItems: 1, items: { type: 'string' } },
    incident_types: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z0-9&-]+$' } },
    recoverability: { enum: ['extended', 'not-applicable', 'not-recoverable', 'regular', 'supplemented'] },
    impacted_entity_counts: { type: 'object', additionalProperties: false, patternProperties: { '^[a-z-]+$': { type: 'integer', minimum: 0 } } },
    impact_refs: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^impact--' } },
    scores: { type: 'array', items: { type: 'object', required: ['name', 'value'], properties: { name: { type: 'string' }, value: { type: 'number' }, description: { type: 'string' } } } },
    events: { type: 'array', minItems: 1, items: { type: 'object', required: ['event_ref'] } },
    tasks: { type: 'array', minItems: 1, items: { type: 'object', required: ['task_ref'] } },
  },
};

/** OASIS TLP 2.0 marking definitions: id ↔ name ↔ level. */
const TLP2_MARKINGS: Record<string, [string, string]> = {
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487': ['TLP:CLEAR', 'clear'],
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb': ['TLP:GREEN', 'green'],
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421': ['TLP:AMBER', 'amber'],
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003': ['TLP:AMBER+STRICT', 'amber+strict'],
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1': ['TLP:RED', 'red'],
};

/** Id-contributing properties of the observables we emit (STIX 2.1 §6, "ID Contributing Properties"). */
const ID_CONTRIBUTING: Record<string, string[]> = {
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'domain-name': ['value'],
  url: ['value'],
  'email-addr': ['value'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
};

export interface StixValidator {
  /** The Ajv instance (for tests of the formats themselves). */
  ajv: Ajv2020;
  /** Every problem of the bundle, as "<object id>: <message>" lines; empty when valid. */
  validateBundle(bundle: unknown): string[];
  /** Problems of one object against its type's schema (and the pattern / extension rules). */
  validateObject(object: Record<string, unknown>): string[];
}

function format(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`);
}

/** Loads the vendored schemas once and returns the validator. */
export function createStixValidator(): StixValidator {
  // unicodeRegExp off: the OASIS patterns are written for plain ECMAScript regexes (e.g. `\\-` outside
  // a class, which the `u` flag rejects). strict off: the schemas use draft-07 style `definitions`
  // next to 2020-12 keywords, which strict mode reports as unknown.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, unicodeRegExp: false });
  addFormats(ajv);
  ajv.addFormat('idn-hostname', isIdnHostname);
  for (const dir of ['common', 'sdos', 'sros', 'observables']) {
    for (const name of readdirSync(new URL(`${dir}/`, SCHEMA_DIR))) {
      if (!name.endsWith('.json')) continue;
      const schema = JSON.parse(readFileSync(new URL(`${dir}/${name}`, SCHEMA_DIR), 'utf8')) as { $id: string };
      if (schema.$id !== `${BASE}${dir}/${name}`) throw new Error(`unexpected $id in ${dir}/${name}: ${schema.$id}`);
      ajv.addSchema(schema);
      FILES.add(`${dir}/${name}`);
    }
  }
  const bundleSchema = JSON.parse(readFileSync(new URL('common/bundle.json', SCHEMA_DIR), 'utf8')) as {
    properties: { objects: { items: { anyOf: [{ oneOf: { $ref: string }[] }] } } };
  };
  for (const { $ref } of bundleSchema.properties.objects.items.anyOf[0].oneOf) BUNDLE_LISTED_TYPES.add($ref.replace(/^.*\/|\.json$/g, ''));
  const compiled = new Map<string, ValidateFunction>();
  const schemaFor = (path: string) => {
    let fn = compiled.get(path);
    if (!fn) {
      fn = ajv.getSchema(`${BASE}${path}`);
      if (!fn) throw new Error(`schema ${path} not loaded`);
      compiled.set(path, fn);
    }
    return fn;
  };
  const incidentCore = ajv.compile(INCIDENT_CORE_SCHEMA);

  function validateObject(o: Record<string, unknown>): string[] {
    const type = typeof o.type === 'string' ? o.type : '';
    const path = schemaPathOf(type);
    if (!path || type === 'bundle') return [`unknown STIX object type '${type}'`];
    const fn = schemaFor(path);
    const problems = fn(o) ? [] : format(fn.errors);
    const ext = (o.extensions as Record<string, unknown> | undefined)?.[INCIDENT_CORE_EXTENSION_ID];
    if (type === 'incident' && ext !== undefined && !incidentCore(ext)) problems.push(...format(incidentCore.errors).map((m) => `incident core extension: ${m}`));
    if (type === 'indicator' && o.pattern_type === 'stix' && typeof o.pattern === 'string') {
      const err = checkStixPattern(o.pattern);
      if (err) problems.push(`pattern: ${err}`);
    }
    if (type === 'marking-definition') {
      const tlp2 = (o.extensions as Record<string, { tlp_2_0?: string }> | undefined)?.[TLP2_EXTENSION_ID];
      if (tlp2) {
        const expected = TLP2_MARKINGS[String(o.id)];
        if (!expected || expected[0] !== o.name || expected[1] !== tlp2.tlp_2_0 || o.created !== '2022-10-01T00:00:00.000Z') {
          problems.push('TLP 2.0 marking does not match the OASIS definition (id, name, tlp_2_0, created)');
        }
      }
    }
    const contributing = ID_CONTRIBUTING[type];
    if (contributing) {
      const props = Object.fromEntries(contributing.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
      if (Object.keys(props).length > 0 && scoId(type, props) !== o.id) problems.push(`id is not the deterministic id of its contributing properties (${scoId(type, props)})`);
    }
    if (typeof o.created === 'string' && typeof o.modified === 'string' && o.modified < o.created) problems.push('modified is earlier than created');
    if (typeof o.first_observed === 'string' && typeof o.last_observed === 'string' && o.last_observed < o.first_observed) problems.push('last_observed is earlier than first_observed');
    if (typeof o.valid_from === 'string' && typeof o.valid_until === 'string' && o.valid_until <= o.valid_from) problems.push('valid_until is not later than valid_from');
    return problems;
  }

  function validateBundle(bundle: unknown): string[] {
    if (bundle === null || typeof bundle !== 'object') return ['bundle: not an object'];
    const objects = ((bundle as { objects?: unknown }).objects ?? []) as Record<string, unknown>[];
    if (!Array.isArray(objects)) return ['bundle: objects is not an array'];
    // The envelope, and the objects whose type bundle.json lists, against bundle.json; the others
    // (incident, note, extension-definition… — see the file comment) only against their own schema.
    const listed = objects.filter((o) => BUNDLE_LISTED_TYPES.has(String(o.type)));
    const envelope = { ...bundle, objects: listed.length > 0 ? listed : undefined };
    if (envelope.objects === undefined) delete envelope.objects;
    const fn = schemaFor('common/bundle.json');
    const problems = fn(envelope) ? [] : format(fn.errors).map((m) => `bundle: ${m}`);
    const ids = new Set<string>();
    for (const o of objects) {
      const id = String(o.id);
      if (ids.has(id)) problems.push(`${id}: duplicate id in the bundle`);
      ids.add(id);
    }
    const known = new Set([...ids, ...EXTERNAL_IDENTITY_REFS]);
    for (const o of objects) {
      const id = String(o.id);
      problems.push(...validateObject(o).map((m) => `${id}: ${m}`));
      for (const ref of refsOf(o)) if (!known.has(ref)) problems.push(`${id}: reference ${ref} is not in the bundle`);
    }
    return problems;
  }

  return { ajv, validateBundle, validateObject };
}

/** Every identifier an object points at through a *_ref or *_refs property, at any depth. */
function refsOf(value: unknown, key = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => refsOf(v, key));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (k === 'external_references' ? [] : refsOf(v, k)));
  }
  return typeof value === 'string' && (key.endsWith('_ref') || key.endsWith('_refs')) ? [value] : [];
}
