#!/usr/bin/env node
/**
 * Merges message keys into the catalogues in one quick read-modify-write, so that several people
 * (or helpers) adding keys at once do not overwrite each other's work:
 *   node scripts/i18n-add.mjs fragment.json
 * where fragment.json is { "vi": { …nested keys… }, "en": { …the same keys… } }.
 * Existing keys are overwritten by the fragment's value; the order of existing keys is kept.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const fragment = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function merge(into, from) {
  for (const [k, v] of Object.entries(from)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && into[k] && typeof into[k] === 'object') merge(into[k], v);
    else into[k] = v;
  }
}

for (const lang of ['vi', 'en']) {
  if (!fragment[lang]) throw new Error(`fragment has no "${lang}" part`);
  const file = path.join(root, 'shared/i18n', `${lang}.json`);
  const catalogue = JSON.parse(readFileSync(file, 'utf8'));
  merge(catalogue, fragment[lang]);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(catalogue, null, 2)}\n`);
  renameSync(tmp, file);
}
