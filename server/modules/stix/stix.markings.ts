/**
 * TLP markings and the extension definitions the export refers to. These objects are published by
 * OASIS with fixed ids and timestamps; they are reproduced exactly (never generated), because a
 * consumer recognises a marking by its id.
 *
 * Decision: every object carries the TLP 2.0 marking (the current FIRST standard, defined for STIX
 * 2.1 by the OASIS TLP 2.0 extension), and — where TLP 1.0 has the same level — also the TLP 1.0
 * marking predefined by STIX 2.1 §7.2.1.4, so tools that only know TLP 1.0 still see a colour.
 * TLP:CLEAR maps to 1.0's TLP:WHITE (FIRST TLP 2.0: "TLP:WHITE was renamed TLP:CLEAR"); TLP:AMBER+STRICT
 * has no 1.0 counterpart and is sent as 2.0 only.
 */
import type { Tlp } from './stix.model';

/** STIX 2.1 §7.2.1.4: the predefined TLP 1.0 marking definitions. */
const TLP1 = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
} as const;
const TLP1_CREATED = '2017-01-20T00:00:00.000Z';

/** OASIS cti-stix-common-objects, extension-definition-specifications/tlp-2.0. */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
const TLP2_CREATED = '2022-10-01T00:00:00.000Z';
const TLP2: Record<Tlp, { id: string; name: string }> = {
  clear: { id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', name: 'TLP:CLEAR' },
  green: { id: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', name: 'TLP:GREEN' },
  amber: { id: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', name: 'TLP:AMBER' },
  'amber+strict': { id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', name: 'TLP:AMBER+STRICT' },
  red: { id: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', name: 'TLP:RED' },
};

/** The TLP 1.0 level shown to 1.0-only tools, when one means the same. */
const TLP1_OF: Record<Tlp, keyof typeof TLP1 | null> = {
  clear: 'white',
  green: 'green',
  amber: 'amber',
  'amber+strict': null,
  red: 'red',
};

/** The id of the Incident Core Extension (OASIS, incident-ef7, version 2.0.0). */
export const INCIDENT_CORE_EXTENSION_ID = 'extension-definition--ef765651-680c-498d-9894-99799f2fa126';

export type StixObject = Record<string, unknown> & { type: string; id: string };

/** The marking ids an object with this TLP carries in `object_marking_refs`. */
export function tlpMarkingRefs(tlp: Tlp): string[] {
  const v1 = TLP1_OF[tlp];
  return v1 ? [TLP2[tlp].id, TLP1[v1]] : [TLP2[tlp].id];
}

/** The marking-definition objects behind tlpMarkingRefs(tlp), as OASIS publishes them. */
export function tlpMarkingObjects(tlp: Tlp): StixObject[] {
  const out: StixObject[] = [
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: TLP2[tlp].id,
      created: TLP2_CREATED,
      name: TLP2[tlp].name,
      extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp } },
    },
  ];
  const v1 = TLP1_OF[tlp];
  if (v1) {
    out.push({
      type: 'marking-definition',
      spec_version: '2.1',
      id: TLP1[v1],
      created: TLP1_CREATED,
      definition_type: 'tlp',
      name: `TLP:${v1.toUpperCase()}`,
      definition: { tlp: v1 },
    });
  }
  return out;
}

/** Ids of objects the bundles refer to without carrying (the OASIS authors of the extension definitions). */
export const EXTERNAL_IDENTITY_REFS: readonly string[] = [
  'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01',
  'identity--8ce3f695-d5a4-4dc8-9e93-a65af453a31a',
];

/** The TLP 2.0 extension definition, as OASIS publishes it (objects/extension-definition/…60a3c5c5…). */
export function tlp2ExtensionDefinition(): StixObject {
  return {
    type: 'extension-definition',
    spec_version: '2.1',
    id: TLP2_EXTENSION_ID,
    created_by_ref: 'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01',
    created: '2022-10-01T00:00:00.000Z',
    modified: '2022-10-01T00:00:00.000Z',
    name: 'TLP 2.0',
    description: 'This defines TLP 2.0 as a STIX extension',
    schema: 'https://github.com/oasis-open/cti-stix-common-objects/tree/master/extension-definition-specifications/tlp-2.0',
    version: '1.0.0',
    extension_types: ['property-extension'],
  };
}

/** The Incident Core Extension definition (version 2.0.0), as OASIS publishes it. */
export function incidentCoreExtensionDefinition(): StixObject {
  return {
    type: 'extension-definition',
    spec_version: '2.1',
    id: INCIDENT_CORE_EXTENSION_ID,
    created_by_ref: 'identity--8ce3f695-d5a4-4dc8-9e93-a65af453a31a',
    created: '2020-10-19T20:51:00.000Z',
    modified: '2023-07-11T00:56:00.000Z',
    name: 'Incident Core Extension',
    description:
      "A core extension of the Incident object to allow core details of the Incident to be shared while tracking major details tied to the incident's timeline.  Multiple Incidents can be tied together via relationships if a higher degree of fidelity is needed across phases.",
    schema: 'https://github.com/oasis-open/cti-stix-common-objects/tree/main/extension-definition-specifications/incident-ef7',
    version: '2.0.0',
    extension_types: ['property-extension'],
  };
}
