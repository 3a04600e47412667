/**
 * Demo endpoints (issue #4): the computers of the demo province at the scale of the Tuyên Quang
 * directive — the 125 commune Public Administrative Service Centers with exactly 812 computers
 * between them, 31 of which run the province's centrally managed anti-malware (Kaspersky Endpoint
 * Security, managed from the province's Kaspersky Security Center) — and the departments',
 * agencies' and communes' own office computers, with the mixes the documents describe: Windows 10/11
 * and some 7, a few Linux, many without a licensed OS or any antivirus, free products, disabled or
 * stale ones. Six machines are designated for state-secret work; one of them checked in with an
 * agent (the open violation). 90 days of coverage history show the rollout of the central product.
 *
 * Deterministic like the rest of the demo (seeded PRNG, ids by uuid v5), dated relative to the day
 * of seeding — except the agents' node keys: random, and only their SHA-256 is stored, so nobody can
 * post as a demo agent from reading this file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { v5 as uuidv5 } from 'uuid';
import { DEFAULT_SEEN_DAYS, isCentralProduct, type EndpointSource, type OsLicence, type OsPlatform } from '@shared/domain/endpoints';
import { addCalendarDays, vnDay } from '@shared/domain/working-days';
import type { Db } from '../db/connect';
import { agentNodes, centralAvProducts, endpointCheckins, endpointViolations } from '../db/schema';
import { refreshProtection } from '../modules/endpoints';
import { personName, prng, type DemoOrg, type Rng } from './seed';

const NS = '0c3e5f7a-1b2d-4e6f-8a9b-7c5d3e1f2a40';
const idOf = (key: string) => uuidv5(`endpoints:${key}`, NS);

/** The directive's figures: computers at the 125 commune centers, and how many run the central product. */
export const CENTER_COMPUTERS = 812;
export const CENTER_CENTRAL_AV = 31;
/** Central product at the centers on the first day of the history (the rollout since then). */
export const CENTER_CENTRAL_AV_START = 10;
export const STATE_SECRET_MACHINES = 6;
export const HISTORY_DAYS = 90;
/** The province's centrally managed anti-malware (a case-insensitive substring of product names). */
export const CENTRAL_AV_PRODUCT = {
  pattern: 'Kaspersky Endpoint Security',
  vendor: 'Kaspersky',
  note: 'Quản lý tập trung từ máy chủ Kaspersky Security Center của tỉnh / managed from the province’s Kaspersky Security Center',
};

export interface DemoAv {
  name: string;
  enabled: boolean | null;
  upToDate: boolean | null;
}
export interface DemoProgram {
  name: string;
  version: string;
  publisher: string | null;
}
export interface DemoEndpoint {
  key: string;
  org: string;
  hostname: string;
  hardwareUuid: string | null;
  serial: string | null;
  osPlatform: OsPlatform;
  osName: string;
  osVersion: string;
  osBuild: string | null;
  osLicence: OsLicence;
  ipAddresses: string[];
  macAddresses: string[];
  assignedTo: string | null;
  stateSecret: boolean;
  source: EndpointSource;
  av: DemoAv[];
  programs: DemoProgram[];
  /** Days before the seeding (fractional): last seen, first inventoried, central product installed (null: not running it). */
  lastSeenDays: number;
  inventoriedDays: number;
  centralSinceDays: number | null;
  /** Whether another working antivirus ran before the central product was installed. */
  avBeforeCentral: boolean;
  notes: string | null;
  /** A state-secret machine that checked in with an agent: open (the demo's one), resolved, or none. */
  violation: 'open' | 'resolved' | null;
}

type Place = 'center' | 'commune' | 'office';
type W<T> = readonly (readonly [T, number])[];

const OS = {
  win10: { platform: 'windows', name: 'Microsoft Windows 10 Pro', version: '10.0.19045', build: '19045' },
  win10home: { platform: 'windows', name: 'Microsoft Windows 10 Home Single Language', version: '10.0.19045', build: '19045' },
  win11: { platform: 'windows', name: 'Microsoft Windows 11 Pro', version: '10.0.22631', build: '22631' },
  win7: { platform: 'windows', name: 'Microsoft Windows 7 Ultimate', version: '6.1.7601', build: '7601' },
  win81: { platform: 'windows', name: 'Microsoft Windows 8.1 Pro', version: '6.3.9600', build: '9600' },
  ubuntu22: { platform: 'linux', name: 'Ubuntu', version: '22.04.4 LTS (Jammy Jellyfish)', build: null },
  ubuntu20: { platform: 'linux', name: 'Ubuntu', version: '20.04.6 LTS (Focal Fossa)', build: null },
  macos: { platform: 'macos', name: 'macOS', version: '14.6.1', build: '23G93' },
} as const satisfies Record<string, { platform: OsPlatform; name: string; version: string; build: string | null }>;
type OsKey = keyof typeof OS;

const PROFILE: Record<Place, { os: W<OsKey>; licence: W<OsLicence>; source: W<EndpointSource>; centralRate: number; recent: number }> = {
  center: {
    os: [['win10', 55], ['win10home', 5], ['win11', 14], ['win7', 17], ['win81', 3], ['ubuntu22', 4], ['ubuntu20', 2]],
    licence: [['licensed', 20], ['unlicensed', 40], ['unknown', 40]],
    source: [['import', 80], ['agent', 11], ['manual', 9]],
    centralRate: 0, // chosen exactly, below
    recent: 0.08,
  },
  commune: {
    os: [['win10', 55], ['win10home', 6], ['win11', 16], ['win7', 15], ['win81', 3], ['ubuntu22', 3], ['ubuntu20', 2]],
    licence: [['licensed', 25], ['unlicensed', 35], ['unknown', 40]],
    source: [['import', 72], ['agent', 12], ['manual', 16]],
    centralRate: 0.1,
    recent: 0.15,
  },
  office: {
    os: [['win10', 50], ['win10home', 3], ['win11', 32], ['win7', 8], ['win81', 1], ['ubuntu22', 4], ['ubuntu20', 1]],
    licence: [['licensed', 55], ['unlicensed', 15], ['unknown', 30]],
    source: [['import', 66], ['agent', 26], ['manual', 8]],
    centralRate: 0.38,
    recent: 0.15,
  },
};

/** Computers of units under departments (the provincial service center has none of its own: see the report). */
const UNIT_SIZES: Record<string, number> = {
  'SKHCN-CNTT': 38, 'SYT-BVDK': 160, 'SYT-CDC': 45, 'SNNMT-VPDK': 55, 'SGDDT-THPTC': 70, 'STP-TGPL': 14,
};

/** The machines designated for state-secret work; the one at the demo commune runs an agent anyway. */
const SECRET: { org: string; hostname: string; violation: 'open' | 'resolved' | null }[] = [
  { org: 'VPUBND', hostname: 'VP-MAT-01', violation: null },
  { org: 'VPUBND', hostname: 'VP-MAT-02', violation: null },
  { org: 'SNV', hostname: 'SNV-MAT-01', violation: 'resolved' },
  { org: 'STC', hostname: 'STC-MAT-01', violation: null },
  { org: 'TTRA', hostname: 'TTRA-MAT-01', violation: null },
  { org: 'X001', hostname: 'YENSON-VANTHU-MAT', violation: 'open' },
];

const HW: W<{ vendor: string; oui: string; serial: (r: Rng) => string | null }> = [
  [{ vendor: 'Dell', oui: 'd4:be:d9', serial: (r) => alnum(r, 7) }, 28],
  [{ vendor: 'HP', oui: '3c:52:82', serial: (r) => `${r.pick(['8CG', 'CND', '4CE'])}${alnum(r, 7)}` }, 30],
  [{ vendor: 'Lenovo', oui: '54:e1:ad', serial: (r) => `PF${alnum(r, 6)}` }, 18],
  [{ vendor: 'ASUS', oui: '04:d4:c4', serial: (r) => alnum(r, 12) }, 8],
  // Assembled PCs report "To be filled by O.E.M.": no usable serial.
  [{ vendor: 'clone', oui: '00:e0:4c', serial: () => null }, 16],
];

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const alnum = (r: Rng, n: number) => Array.from({ length: n }, () => ALNUM[r.int(ALNUM.length)]).join('');
const hex = (r: Rng, n: number) => Array.from({ length: n }, () => '0123456789ABCDEF'[r.int(16)]).join('');
const smbiosUuid = (r: Rng) => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;

const kes = (r: Rng, enabled = true): DemoAv => ({ name: 'Kaspersky Endpoint Security for Windows', enabled, upToDate: enabled ? r.next() < 0.88 : null });

/** A machine's antivirus products other than the central one (often none). */
function otherAv(r: Rng, os: OsKey, licence: OsLicence, place: Place): DemoAv[] {
  const p = OS[os].platform;
  if (p === 'linux') return r.next() < 0.1 ? [{ name: 'ClamAV', enabled: true, upToDate: r.next() < 0.5 }] : [];
  if (p === 'macos') return r.next() < 0.3 ? [{ name: 'Avast Security', enabled: true, upToDate: true }] : [];
  const upd = (q: number) => r.next() < q;
  if (os === 'win7') {
    const k = r.weighted([['none', 50], ['mse', 15], ['bkav', 20], ['avast', 10], ['kis', 5]] as const);
    if (k === 'none') return [];
    if (k === 'mse') return [{ name: 'Microsoft Security Essentials', enabled: true, upToDate: upd(0.3) }];
    if (k === 'bkav') return [{ name: 'Bkav Home', enabled: r.next() < 0.9, upToDate: upd(0.6) }];
    if (k === 'avast') return [{ name: 'Avast Free Antivirus', enabled: true, upToDate: upd(0.7) }];
    return [{ name: 'Kaspersky Internet Security', enabled: true, upToDate: upd(0.3) }];
  }
  // Cracked Windows: activators switch Windows Defender off.
  const k = r.weighted([
    ['none', place === 'center' ? 45 : 30], ['defender_off', licence === 'unlicensed' ? 28 : 8], ['defender', 24], ['bkav', 12],
    ['avast', 7], ['kfree', 3], ['kis', 2], ['eset', 2], ['avira', 2],
  ] as const);
  switch (k) {
    case 'none': return [];
    case 'defender_off': return [{ name: 'Windows Defender', enabled: false, upToDate: null }];
    case 'defender': return [{ name: 'Windows Defender', enabled: true, upToDate: upd(0.75) }];
    case 'bkav': return [{ name: 'Bkav Home', enabled: r.next() < 0.92, upToDate: upd(0.7) }];
    case 'avast': return [{ name: 'Avast Free Antivirus', enabled: true, upToDate: upd(0.85) }];
    case 'kfree': return [{ name: 'Kaspersky Free', enabled: true, upToDate: upd(0.8) }];
    case 'kis': return [{ name: 'Kaspersky Internet Security', enabled: true, upToDate: upd(0.4) }];
    case 'eset': return [{ name: 'ESET NOD32 Antivirus', enabled: true, upToDate: upd(0.8) }];
    case 'avira': return [{ name: 'Avira Free Security', enabled: true, upToDate: upd(0.8) }];
  }
}

const prog = (name: string, version: string, publisher: string | null): DemoProgram => ({ name, version, publisher });

/** Installed programs as osquery's `programs` / `deb_packages` report them (agent machines only). */
function programsFor(r: Rng, os: OsKey, av: readonly DemoAv[], place: Place): DemoProgram[] {
  const p = OS[os].platform;
  if (p === 'linux') {
    const out = [prog('osquery', '5.14.1-1.linux', 'osquery'), prog('openssh-server', '1:8.9p1-3ubuntu0.10', 'Ubuntu'), prog('libreoffice-core', '1:7.3.7-0ubuntu0.22.04.6', 'Ubuntu')];
    if (r.next() < 0.8) out.push(prog('firefox', '133.0+build1-0ubuntu0.22.04.1', 'Ubuntu'));
    if (r.next() < 0.5) out.push(prog('google-chrome-stable', r.pick(['131.0.6778.85-1', '126.0.6478.126-1']), 'Google LLC'));
    if (r.next() < 0.7) out.push(prog('ibus-unikey', '0.6.1-1.3', 'Ubuntu'));
    return out;
  }
  if (p === 'macos') return [prog('osquery', '5.14.1', 'osquery'), prog('Google Chrome', '131.0.6778.86', 'Google LLC'), prog('Zalo', '24.11.1', 'VNG Corporation')];
  const win7 = os === 'win7';
  const out: DemoProgram[] = [
    prog('osquery', '5.14.1', 'osquery'),
    prog('Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.40.33810', '14.40.33810.0', 'Microsoft Corporation'),
  ];
  if (r.next() < 0.92) {
    out.push(
      r.weighted([
        [prog('Microsoft Office Professional Plus 2016', '16.0.4266.1001', 'Microsoft Corporation'), win7 ? 60 : 30],
        [prog('Microsoft Office Professional Plus 2019', '16.0.10417.20012', 'Microsoft Corporation'), 30],
        [prog('Microsoft Office LTSC Professional Plus 2021', '16.0.14332.20812', 'Microsoft Corporation'), win7 ? 0 : 20],
        [prog('Microsoft Office Professional Plus 2010', '14.0.7015.1000', 'Microsoft Corporation'), win7 ? 30 : 5],
      ]),
    );
  }
  if (!win7) out.push(prog('Microsoft Edge', r.pick(['131.0.2903.70', '130.0.2849.80']), 'Microsoft Corporation'));
  if (r.next() < 0.85) out.push(prog('Google Chrome', win7 ? '109.0.5414.120' : r.pick(['131.0.6778.86', '131.0.6778.86', '130.0.6723.117', '126.0.6478.127']), 'Google LLC'));
  if (r.next() < 0.35) out.push(prog('Mozilla Firefox (x64 vi)', win7 ? '115.17.0' : r.pick(['133.0', '128.5.1']), 'Mozilla'));
  if (r.next() < 0.3) out.push(prog('Cốc Cốc', '131.0.6778.204', 'Cốc Cốc Company Limited'));
  if (r.next() < 0.8) out.push(prog('UniKey', r.pick(['4.3 RC5', '4.6 RC2', '4.3 RC4']), 'Phạm Kim Long'));
  if (r.next() < 0.6) out.push(r.next() < 0.55 ? prog('7-Zip 23.01 (x64)', '23.01', 'Igor Pavlov') : prog('7-Zip 19.00 (x64)', '19.00', 'Igor Pavlov'));
  if (r.next() < 0.45) out.push(prog('WinRAR 6.22 (64-bit)', r.pick(['6.22.0', '6.02.0', '7.01.0']), 'win.rar GmbH'));
  if (r.next() < 0.6) out.push(r.next() < 0.6 ? prog('Foxit PDF Reader', '2024.3.0.26795', 'Foxit Software Inc.') : prog('Foxit Reader', '9.7.1.29511', 'Foxit Software Inc.'));
  if (r.next() < 0.3) out.push(prog('Adobe Acrobat Reader DC', r.pick(['24.004.20220', '21.001.20145']), 'Adobe Systems Incorporated'));
  if (r.next() < (place === 'office' ? 0.7 : 0.5)) out.push(prog('VNPT-CA Plugin', r.pick(['1.0.3.9', '1.0.2.5']), 'VNPT'));
  if (r.next() < 0.15) out.push(prog('Viettel-CA Token Manager', '2.0.1', 'Viettel'));
  if (r.next() < 0.7) out.push(prog('Zalo', r.pick(['24.11.1', '24.8.5']), 'VNG Corporation'));
  if (r.next() < 0.45) out.push(prog('UltraViewer version 6.6.96', '6.6.96', 'DucFabulous'));
  if (r.next() < 0.15) out.push(prog('TeamViewer', r.pick(['15.60.3', '15.31.5']), 'TeamViewer'));
  if (r.next() < 0.1) out.push(prog('AnyDesk', 'ad 8.0.14', 'AnyDesk Software GmbH'));
  if (r.next() < 0.2) out.push(prog('Java 8 Update 202', '8.0.2020.8', 'Oracle Corporation'));
  if (r.next() < 0.25) out.push(prog('VLC media player', '3.0.20', 'VideoLAN'));
  if (r.next() < 0.15) out.push(prog('Notepad++ (64-bit x64)', '8.6.9', 'Notepad++ Team'));
  if (place !== 'center' && r.next() < 0.15) out.push(prog('MISA Mimosa.NET 2022', '2022.R12', 'MISA JSC'));
  for (const a of av) {
    if (a.name.startsWith('Kaspersky Endpoint')) {
      out.push(prog('Kaspersky Endpoint Security for Windows', '12.6.0.438', 'AO Kaspersky Lab'));
      out.push(prog('Kaspersky Security Center Network Agent', '14.2.0.26967', 'AO Kaspersky Lab'));
    } else if (a.name === 'Bkav Home') out.push(prog('Bkav Home', '2024', 'Bkav Corporation'));
    else if (a.name === 'Avast Free Antivirus') out.push(prog('Avast Free Antivirus', '24.11.9587', 'Avast Software'));
  }
  return out;
}

/** Last seen: most machines within days, some switched off or gone for weeks. Agents report every few minutes. */
function lastSeen(r: Rng, source: EndpointSource): number {
  if (source === 'agent') return r.next() < 0.88 ? r.next() * 0.05 : 1 + r.next() * 30;
  const x = r.next();
  return x < 0.6 ? r.next() * 1.5 : x < 0.8 ? 1.5 + r.next() * 5.4 : 7.5 + r.next() * 50;
}

/** Computers of each center, exactly CENTER_COMPUTERS in all, 3–12 each. */
function centerSizes(r: Rng, n: number): number[] {
  const sizes = Array.from({ length: n }, () => 3 + r.int(8));
  let sum = sizes.reduce((s, x) => s + x, 0);
  while (sum !== CENTER_COMPUTERS) {
    const i = r.int(n);
    const v = sizes[i] ?? 0;
    const step = sum > CENTER_COMPUTERS ? (v > 3 ? -1 : 0) : v < 12 ? 1 : 0;
    sizes[i] = v + step;
    sum += step;
  }
  return sizes;
}

function shuffle<T>(r: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    const a = xs[i] as T;
    xs[i] = xs[j] as T;
    xs[j] = a;
  }
  return xs;
}

/** Builds every demo machine in memory. Pure and deterministic. */
export function buildDemoEndpoints(orgList: readonly DemoOrg[]): DemoEndpoint[] {
  const r = prng(0x454e_4450); // "ENDP"
  const byCode = new Map(orgList.map((o) => [o.code, o]));
  for (const s of SECRET) if (!byCode.has(s.org)) throw new Error(`state-secret machine: unknown org ${s.org}`);
  const centers = orgList.filter((o) => o.kind === 'service_center' && byCode.get(o.parent ?? '')?.kind === 'commune');
  const sizeList = centerSizes(r, centers.length);
  const sizes = new Map(centers.map((c, i) => [c.code, sizeList[i] ?? 0]));

  // The pilot of the central product: the wards, the demo commune and a few others.
  const pilot = new Set(centers.filter((c) => c.parent?.startsWith('P') || c.parent === 'X001').map((c) => c.code));
  for (const c of shuffle(r, centers.filter((c) => !pilot.has(c.code))).slice(0, 7)) pilot.add(c.code);
  const pilotSlots = shuffle(r, [...pilot].flatMap((code) => Array.from({ length: sizes.get(code) ?? 0 }, (_, n) => `${code}:${n + 1}`)));
  const centralSlots = new Map(pilotSlots.slice(0, CENTER_CENTRAL_AV).map((slot, i) => [slot, i < CENTER_CENTRAL_AV_START ? 90 + r.int(200) : r.int(HISTORY_DAYS - 1)]));
  const disabledSlots = new Set(pilotSlots.slice(CENTER_CENTRAL_AV, CENTER_CENTRAL_AV + 4));

  const out: DemoEndpoint[] = [];
  const hardwareIds = new Set<string>();
  orgList.forEach((o, orgIndex) => {
    const parent = byCode.get(o.parent ?? '');
    const place: Place | null =
      o.kind === 'service_center' ? (parent?.kind === 'commune' ? 'center' : null)
      : o.kind === 'commune' ? 'commune'
      : o.kind === 'department' || o.kind === 'agency' ? 'office'
      : o.kind === 'unit' && o.code in UNIT_SIZES ? 'office'
      : null;
    if (!place) return;
    const count =
      place === 'center' ? (sizes.get(o.code) ?? 0)
      : place === 'commune' ? (o.adminUnitKind === 'ward' ? 14 : 8) + r.int(12)
      : (UNIT_SIZES[o.code] ?? 20 + r.int(70));
    const secrets = SECRET.filter((s) => s.org === o.code);
    const stem = place === 'center' ? `MC-${o.parent}` : place === 'commune' ? `UBND-${o.code}` : o.code;
    const prof = PROFILE[place];
    for (let n = 1; n <= count + secrets.length; n++) {
      const secret = n > count ? secrets[n - count - 1] : undefined;
      const slot = `${o.code}:${n}`;
      const centralSince = place === 'center' ? centralSlots.get(slot) : undefined;
      let os: OsKey = r.weighted(prof.os);
      if ((centralSince !== undefined || disabledSlots.has(slot) || secret) && OS[os].platform !== 'windows') os = 'win10';
      if ((o.code === 'DPTTH' || o.code === 'BAOTQ') && n <= 3) os = 'macos';
      const platform = OS[os].platform;
      const licence: OsLicence = secret || platform !== 'windows' ? 'licensed' : r.weighted(prof.licence);
      const source: EndpointSource = secret ? (secret.violation === 'open' ? 'agent' : 'manual') : r.weighted(prof.source);
      const centralDays =
        centralSince ?? (!secret && place !== 'center' && platform === 'windows' && r.next() < prof.centralRate ? (r.next() < 0.65 ? 90 + r.int(500) : r.int(HISTORY_DAYS - 1)) : undefined);
      const before = otherAv(r, os, licence, place);
      let av: DemoAv[];
      if (secret) av = [{ name: 'Bkav Pro Internet Security', enabled: true, upToDate: false }];
      else if (centralDays !== undefined) av = [kes(r), ...(source === 'agent' && os !== 'win7' ? [{ name: 'Windows Defender', enabled: false, upToDate: null }] : [])];
      else if (disabledSlots.has(slot) || (place === 'office' && platform === 'windows' && r.next() < 0.02)) av = [kes(r, false)];
      else av = before;
      const hw = r.weighted(HW);
      const withIds = source === 'agent' || r.next() < (source === 'import' ? 0.8 : 0.4);
      let hardwareUuid = withIds ? smbiosUuid(r) : null;
      while (hardwareUuid && hardwareIds.has(hardwareUuid)) hardwareUuid = smbiosUuid(r);
      if (hardwareUuid) hardwareIds.add(hardwareUuid);
      const serial = source === 'agent' || r.next() < 0.85 ? hw.serial(r) : null;
      const hostname = secret ? secret.hostname : r.next() < 0.35 ? `DESKTOP-${alnum(r, 7)}` : `${stem}-${place === 'office' ? 'PC' : ''}${String(n).padStart(place === 'office' ? 3 : 2, '0')}`;
      const networked = !secret || secret.violation !== null;
      const seen = secret ? (secret.violation === 'open' ? 0.02 : secret.violation === 'resolved' ? 40 + r.int(20) : 3 + r.int(20)) : lastSeen(r, source);
      let inventoried = secret ? 200 + r.int(200) : r.next() < prof.recent ? r.int(HISTORY_DAYS) + r.next() : HISTORY_DAYS + 5 + r.int(400);
      if (centralDays !== undefined) inventoried = Math.max(inventoried, centralDays + 1);
      out.push({
        key: `${o.code}:${String(n).padStart(3, '0')}`,
        org: o.code,
        hostname,
        hardwareUuid,
        serial,
        osPlatform: platform,
        osName: OS[os].name,
        osVersion: OS[os].version,
        osBuild: OS[os].build,
        osLicence: licence,
        ipAddresses: networked ? [`10.${20 + Math.floor(orgIndex / 200)}.${orgIndex % 200}.${20 + n}`] : [],
        macAddresses: [`${hw.oui}:${hex(r, 2)}:${hex(r, 2)}:${hex(r, 2)}`.toLowerCase()],
        assignedTo: r.next() < (place === 'center' ? 0.8 : 0.7) ? personName(r) : null,
        stateSecret: Boolean(secret),
        source,
        av,
        programs: source === 'agent' ? programsFor(r, os, av, place) : [],
        lastSeenDays: seen,
        inventoriedDays: inventoried,
        centralSinceDays: centralDays ?? null,
        avBeforeCentral: before.some((a) => a.enabled !== false),
        notes: secret ? 'Máy soạn thảo, lưu trữ văn bản mật — không kết nối mạng, không cài tác tử giám sát.' : null,
        violation: secret?.violation ?? null,
      });
    }
  });
  return out;
}

export interface DemoCoverageRow {
  daysAgo: number;
  org: string;
  total: number;
  excluded: number;
  centralAv: number;
  anyAv: number;
  licensedOs: number;
  seen: number;
}

const runsCentral = (m: DemoEndpoint) => m.av.some((a) => a.enabled !== false && isCentralProduct(a.name, [CENTRAL_AV_PRODUCT.pattern]));

/**
 * The coverage history, synthesised from each machine's dates: a machine counts from the day it was
 * inventoried, runs the central product from the day it was installed (with whatever it had before
 * until then), and was seen on a day when its last sighting lies within `seenDays` before it.
 * Day 0 equals what the live figures compute from the tables.
 */
export function demoCoverageHistory(machines: readonly DemoEndpoint[], days = HISTORY_DAYS, seenDays = DEFAULT_SEEN_DAYS): DemoCoverageRow[] {
  const rows = new Map<string, DemoCoverageRow>();
  for (const m of machines) {
    const central = runsCentral(m);
    const anyNow = m.av.some((a) => a.enabled !== false);
    for (let k = 0; k < days; k++) {
      if (m.inventoriedDays < k) continue;
      const id = `${k}|${m.org}`;
      let row = rows.get(id);
      if (!row) rows.set(id, (row = { daysAgo: k, org: m.org, total: 0, excluded: 0, centralAv: 0, anyAv: 0, licensedOs: 0, seen: 0 }));
      if (m.stateSecret) {
        row.excluded += 1;
        continue;
      }
      const installed = central && m.centralSinceDays !== null && m.centralSinceDays >= k;
      row.total += 1;
      if (installed) row.centralAv += 1;
      if (central ? installed || m.avBeforeCentral : anyNow) row.anyAv += 1;
      if (m.osLicence === 'licensed') row.licensedOs += 1;
      if (m.lastSeenDays - k <= seenDays) row.seen += 1;
    }
  }
  return [...rows.values()];
}

const CHUNK = 500;
async function insertChunks<T>(rows: readonly T[], n: number, write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += n) await write(rows.slice(i, i + n));
}

export interface SeedEndpointsResult {
  endpoints: number;
  centerEndpoints: number;
  centerCentralAv: number;
  stateSecret: number;
  agents: number;
  historyDays: number;
}

/** Writes the demo machines, their products, agents, the violation and the history; then derives the flags. */
export async function seedEndpoints(
  db: Db,
  input: { orgs: readonly DemoOrg[]; orgId: (code: string) => string; now: Date; createdBy: string | null },
): Promise<SeedEndpointsResult> {
  const machines = buildDemoEndpoints(input.orgs);
  const { now } = input;
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const epId = (m: DemoEndpoint) => idOf(`endpoint:${m.key}`);

  await db.insert(centralAvProducts).values({ id: idOf('central:kes'), ...CENTRAL_AV_PRODUCT, createdBy: input.createdBy, createdAt: ago(400) });

  // Bulk writes: one statement per table, the columns passed as arrays and unnest()ed (a few
  // thousand machines; no parameter-count limit to chunk around).
  const p = <T>(xs: readonly T[]) => sql.param(xs);
  const iso = (days: number) => ago(days).toISOString();
  const agentSource = (m: DemoEndpoint) => m.source === 'agent';
  await db.execute(sql`
    INSERT INTO endpoints (id, org_id, hostname, hardware_uuid, serial, os_platform, os_name, os_version, os_build, os_licence, ip_addresses,
                           mac_addresses, assigned_to, state_secret, source, reported_seen_at, notes, created_by, created_at, updated_at)
    SELECT id, org_id, hostname, hardware_uuid, serial, os_platform, os_name, os_version, os_build, os_licence, string_to_array(ips, ' '),
           string_to_array(macs, ' '), assigned_to, state_secret, source, reported_seen_at, notes, created_by, created_at, updated_at
      FROM unnest(${p(machines.map(epId))}::uuid[], ${p(machines.map((m) => input.orgId(m.org)))}::uuid[], ${p(machines.map((m) => m.hostname))}::text[],
                  ${p(machines.map((m) => m.hardwareUuid))}::text[], ${p(machines.map((m) => m.serial))}::text[], ${p(machines.map((m) => m.osPlatform))}::text[],
                  ${p(machines.map((m) => m.osName))}::text[], ${p(machines.map((m) => m.osVersion))}::text[], ${p(machines.map((m) => m.osBuild))}::text[],
                  ${p(machines.map((m) => m.osLicence))}::text[], ${p(machines.map((m) => m.ipAddresses.join(' ')))}::text[],
                  ${p(machines.map((m) => m.macAddresses.join(' ')))}::text[], ${p(machines.map((m) => m.assignedTo))}::text[],
                  ${p(machines.map((m) => m.stateSecret))}::boolean[], ${p(machines.map((m) => m.source))}::text[],
                  ${p(machines.map((m) => (agentSource(m) ? null : iso(m.lastSeenDays))))}::timestamptz[], ${p(machines.map((m) => m.notes))}::text[],
                  ${p(machines.map((m) => (agentSource(m) ? null : input.createdBy)))}::uuid[], ${p(machines.map((m) => iso(m.inventoriedDays)))}::timestamptz[],
                  ${p(machines.map((m) => iso(Math.min(m.inventoriedDays, m.lastSeenDays))))}::timestamptz[])
        AS v(id, org_id, hostname, hardware_uuid, serial, os_platform, os_name, os_version, os_build, os_licence, ips, macs, assigned_to,
             state_secret, source, reported_seen_at, notes, created_by, created_at, updated_at)`);
  const av = machines.flatMap((m) => m.av.map((a) => ({ m, a })));
  await db.execute(sql`
    INSERT INTO endpoint_av_products (endpoint_id, name, enabled, up_to_date, source, reported_at)
    SELECT * FROM unnest(${p(av.map((x) => epId(x.m)))}::uuid[], ${p(av.map((x) => x.a.name))}::text[], ${p(av.map((x) => x.a.enabled))}::boolean[],
                         ${p(av.map((x) => x.a.upToDate))}::boolean[], ${p(av.map((x) => x.m.source))}::text[], ${p(av.map((x) => iso(x.m.lastSeenDays)))}::timestamptz[])`);
  const programs = machines.flatMap((m) => m.programs.map((g) => ({ id: epId(m), g })));
  await db.execute(sql`
    INSERT INTO endpoint_programs (endpoint_id, name, version, publisher)
    SELECT * FROM unnest(${p(programs.map((x) => x.id))}::uuid[], ${p(programs.map((x) => x.g.name))}::text[], ${p(programs.map((x) => x.g.version))}::text[],
                         ${p(programs.map((x) => x.g.publisher))}::text[])`);

  // Agents: a node per agent machine, its node key random and kept as SHA-256 only.
  const agentMachines = machines.filter((m) => m.source === 'agent' || m.violation === 'resolved');
  const nodeRows = agentMachines.map((m) => ({
    id: idOf(`node:${m.key}`), endpointId: epId(m), orgId: input.orgId(m.org), enrollSecretId: null,
    nodeKeyHash: createHash('sha256').update(randomBytes(32)).digest('hex'), hostIdentifier: m.hardwareUuid ?? m.hostname,
    platform: m.osPlatform === 'linux' ? 'ubuntu' : m.osPlatform === 'macos' ? 'darwin' : 'windows', osqueryVersion: '5.14.1',
    enrolledAt: ago(m.violation === 'open' ? 3 : Math.min(m.inventoriedDays, 30 + (m.inventoriedDays % 60))),
    revokedAt: m.violation === 'resolved' ? ago(m.lastSeenDays) : null,
  }));
  await insertChunks(nodeRows, CHUNK, (c) => db.insert(agentNodes).values(c));
  const checkinRows = agentMachines.map((m) => ({ endpointId: epId(m), seenAt: ago(m.lastSeenDays), ip: m.ipAddresses[0] ?? null }));
  await insertChunks(checkinRows, 1000, (c) => db.insert(endpointCheckins).values(c));

  // The open violation (the demo commune's state-secret machine runs an agent) and one resolved long ago.
  const violationRows = machines.flatMap((m) => {
    if (!m.violation) return [];
    const open = m.violation === 'open';
    return [{
      id: idOf(`violation:${m.key}`), endpointId: epId(m), orgId: input.orgId(m.org), kind: 'state_secret_agent' as const,
      firstSeenAt: ago(open ? 3 : m.lastSeenDays + 2), lastSeenAt: ago(m.lastSeenDays), occurrences: open ? 37 : 5,
      resolvedAt: open ? null : ago(m.lastSeenDays - 1), resolvedBy: open ? null : input.createdBy,
      resolutionNote: open ? null : 'Đã gỡ osquery và ngắt kết nối mạng; lập biên bản kiểm tra.',
    }];
  });
  if (violationRows.length) await db.insert(endpointViolations).values(violationRows);

  await refreshProtection(db);

  // History: one statement for all days and organisations.
  const today = vnDay(now);
  const hist = demoCoverageHistory(machines);
  await db.execute(sql`
    INSERT INTO coverage_daily (day, org_id, total, excluded, central_av, any_av, licensed_os, seen)
    SELECT * FROM unnest(
      ${sql.param(hist.map((h) => addCalendarDays(today, -h.daysAgo)))}::date[], ${sql.param(hist.map((h) => input.orgId(h.org)))}::uuid[],
      ${sql.param(hist.map((h) => h.total))}::int[], ${sql.param(hist.map((h) => h.excluded))}::int[], ${sql.param(hist.map((h) => h.centralAv))}::int[],
      ${sql.param(hist.map((h) => h.anyAv))}::int[], ${sql.param(hist.map((h) => h.licensedOs))}::int[], ${sql.param(hist.map((h) => h.seen))}::int[])`);

  const center = machines.filter((m) => m.org.endsWith('-TTPVHCC') && m.org !== 'TTPVHCC');
  return {
    endpoints: machines.length,
    centerEndpoints: center.length,
    centerCentralAv: center.filter(runsCentral).length,
    stateSecret: machines.filter((m) => m.stateSecret).length,
    agents: nodeRows.length,
    historyDays: HISTORY_DAYS,
  };
}
