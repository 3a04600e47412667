/**
 * Deterministic demo province: "UBND tỉnh Tuyên Quang" at the scale of the seed documents — the
 * provincial police with PA05, ~27 departments and agencies (names after the 2025 mergers), and
 * exactly 125 communes/wards, each with its Public Administrative Service Center (legal-framework
 * §8: "31/812 máy tính tại 125 Trung tâm Phục vụ hành chính công"). Every department, agency and
 * commune has a head and — except ~15 % of communes, a finding the platform must surface — a
 * designated security officer, many of them at commune level without IT training.
 *
 * Same output on every run: a seeded PRNG, ids by uuid v5 from codes. One password hash for all
 * users, bulk inserts, one transaction, one audit record ('demo.seeded').
 */
import { count, sql } from 'drizzle-orm';
import pino from 'pino';
import { v5 as uuidv5 } from 'uuid';
import { queryRows, sqlFromText, type Database, type Db } from '../db/connect';
import { informationSystems, orgs, roleAssignments, systemComponents, users } from '../db/schema';
import type { AdminUnitKind, OrgKind } from '@shared/domain/orgs';
import { seedLevels } from './seed-levels';
import { seedEndpoints } from './seed-endpoints';
import { seedAdvisories } from './seed-advisories';
import { seedSoc } from './seed-soc';
import { seedIncidents } from './seed-incidents';
import type { Audience, ComponentKind, Hosting, InfoType, InfraScope, SystemType } from '@shared/domain/systems';
import { AUTHORITY_ROLES, type ItQualification, type Role } from '@shared/domain/roles';
import { hashPassword } from '../modules/auth/passwords';
import { record } from '../audit/audit';
import { parseConfig } from '../config';
import type { Ctx } from '../http/context';
import type { Jobs } from '../jobs/queue';

const NS = 'b7f3c1c2-5a1e-4f7e-9a55-6b0c9f0e7a11';
const idOf = (key: string) => uuidv5(key, NS);

export const DEMO_PASSWORD = 'Khien@2026';
export const DEMO_ACCOUNTS: { username: string; role: Role; org: string; fullName: string; description: string }[] = [
  { username: 'admin', role: 'admin', org: 'TQ', fullName: 'Nguyễn Văn Quản', description: 'Quản trị hệ thống / administrator' },
  { username: 'pa05.thamdinh', role: 'authority_appraiser', org: 'PA05', fullName: 'Trần Thị Thẩm', description: 'Công an tỉnh — thẩm định / police appraiser' },
  { username: 'lanhdao', role: 'leadership', org: 'TQ', fullName: 'Lê Văn Lãnh', description: 'Lãnh đạo UBND tỉnh / provincial leadership' },
  { username: 'skhcn.attt', role: 'security_officer', org: 'SKHCN', fullName: 'Phạm Minh An', description: 'Cán bộ ATTT Sở KH&CN / department security officer' },
  { username: 'xa.attt', role: 'security_officer', org: 'X001', fullName: 'Hoàng Thị Xuân', description: 'Cán bộ ATTT xã / commune security officer' },
  { username: 'xa.truong', role: 'org_head', org: 'X001', fullName: 'Đỗ Văn Trưởng', description: 'Chủ tịch UBND xã / commune head' },
  { username: 'pa05.pheduyet', role: 'authority_approver', org: 'PA05', fullName: 'Vũ Đức Duyệt', description: 'Công an tỉnh — phê duyệt / police approver' },
  { username: 'soc.phantich', role: 'soc_analyst', org: 'PA05', fullName: 'Ngô Thanh Giám', description: 'Công an tỉnh — phân tích SOC / SOC analyst' },
  { username: 'ungcuu', role: 'incident_responder', org: 'PA05', fullName: 'Bùi Quang Cứu', description: 'Công an tỉnh — ứng cứu sự cố / incident responder' },
  { username: 'skhcn.giamdoc', role: 'org_head', org: 'SKHCN', fullName: 'Ma Văn Đốc', description: 'Giám đốc Sở KH&CN / department head' },
  { username: 'xem', role: 'viewer', org: 'TQ', fullName: 'Triệu Thị Xem', description: 'Chỉ xem toàn tỉnh / province-wide viewer' },
];

export async function isEmpty(db: Db): Promise<boolean> {
  const [r] = await db.select({ n: count() }).from(orgs);
  return (r?.n ?? 0) === 0;
}

// ---------------------------------------------------------------------------------------------
// Deterministic generation (pure: no database, no clock).

/** mulberry32: small, fast, good enough for demo data, identical on every platform. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => {
    const x = xs[int(xs.length)];
    if (x === undefined) throw new Error('pick from an empty list');
    return x;
  };
  const weighted = <T>(xs: readonly (readonly [T, number])[]): T => {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [x, w] of xs) {
      r -= w;
      if (r < 0) return x;
    }
    const last = xs[xs.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  };
  const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join('');
  return { next, int, pick, weighted, digits };
}
export type Rng = ReturnType<typeof prng>;

/** ASCII slug for e-mail local parts: "Hà Giang 1" → "hagiang1". */
export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const DOMAIN = 'tuyenquang.gov.vn';

export interface DemoOrg {
  code: string;
  name: string;
  nameEn: string | null;
  kind: OrgKind;
  adminUnitKind: AdminUnitKind | null;
  parent: string | null;
  address: string;
  phone: string;
  email: string;
}

export interface DemoUser {
  username: string;
  fullName: string;
  org: string;
  role: Role;
  /** Organisation the role is granted on (its subtree). */
  scope: string;
  title: string;
  itQualification: ItQualification | null;
  phone: string;
  email: string;
  /** This user is the organisation's designated security officer (orgs.security_officer_id). */
  designated: boolean;
}

export interface DemoProvince {
  orgs: DemoOrg[];
  users: DemoUser[];
  systems: DemoSystem[];
}

/** Departments (sở) and agencies (ban, ngành) of the province after the 2025 reorganisation. */
const BODIES: { code: string; name: string; nameEn: string; kind: OrgKind; head: string; street: string }[] = [
  { code: 'VPUBND', name: 'Văn phòng UBND tỉnh', nameEn: 'Office of the Provincial People’s Committee', kind: 'department', head: 'Chánh Văn phòng', street: 'Trần Hưng Đạo' },
  { code: 'SNV', name: 'Sở Nội vụ', nameEn: 'Department of Home Affairs', kind: 'department', head: 'Giám đốc Sở', street: 'Chiến Thắng Sông Lô' },
  { code: 'STP', name: 'Sở Tư pháp', nameEn: 'Department of Justice', kind: 'department', head: 'Giám đốc Sở', street: 'Lê Duẩn' },
  { code: 'STC', name: 'Sở Tài chính', nameEn: 'Department of Finance', kind: 'department', head: 'Giám đốc Sở', street: 'Đinh Tiên Hoàng' },
  { code: 'SCT', name: 'Sở Công Thương', nameEn: 'Department of Industry and Trade', kind: 'department', head: 'Giám đốc Sở', street: 'Tân Trào' },
  { code: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường', nameEn: 'Department of Agriculture and Environment', kind: 'department', head: 'Giám đốc Sở', street: 'Nguyễn Tất Thành' },
  { code: 'SXD', name: 'Sở Xây dựng', nameEn: 'Department of Construction', kind: 'department', head: 'Giám đốc Sở', street: 'Phan Thiết' },
  { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ', nameEn: 'Department of Science and Technology', kind: 'department', head: 'Giám đốc Sở', street: 'Nguyễn Trãi' },
  { code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo', nameEn: 'Department of Education and Training', kind: 'department', head: 'Giám đốc Sở', street: 'Tân Trào' },
  { code: 'SYT', name: 'Sở Y tế', nameEn: 'Department of Health', kind: 'department', head: 'Giám đốc Sở', street: 'Lê Lợi' },
  { code: 'SVHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', nameEn: 'Department of Culture, Sports and Tourism', kind: 'department', head: 'Giám đốc Sở', street: 'Tuyên Quang' },
  { code: 'SDTTG', name: 'Sở Dân tộc và Tôn giáo', nameEn: 'Department of Ethnic Minorities and Religions', kind: 'department', head: 'Giám đốc Sở', street: 'Chiến Thắng Sông Lô' },
  { code: 'SNGV', name: 'Sở Ngoại vụ', nameEn: 'Department of Foreign Affairs', kind: 'department', head: 'Giám đốc Sở', street: 'Nguyễn Thái Học' },
  { code: 'TTRA', name: 'Thanh tra tỉnh', nameEn: 'Provincial Inspectorate', kind: 'department', head: 'Chánh Thanh tra', street: 'Đinh Tiên Hoàng' },
  { code: 'BQLKCN', name: 'Ban Quản lý các khu công nghiệp tỉnh', nameEn: 'Industrial Zones Authority', kind: 'agency', head: 'Trưởng ban', street: 'Quang Trung' },
  { code: 'DPTTH', name: 'Đài Phát thanh và Truyền hình tỉnh', nameEn: 'Provincial Radio and Television', kind: 'agency', head: 'Giám đốc', street: 'Tân Trào' },
  { code: 'BAOTQ', name: 'Báo Tuyên Quang', nameEn: 'Tuyên Quang Newspaper', kind: 'agency', head: 'Tổng Biên tập', street: 'Trần Hưng Đạo' },
  { code: 'TCT', name: 'Trường Chính trị tỉnh', nameEn: 'Provincial Political School', kind: 'agency', head: 'Hiệu trưởng', street: 'Lý Thái Tổ' },
  { code: 'DHTT', name: 'Trường Đại học Tân Trào', nameEn: 'Tân Trào University', kind: 'agency', head: 'Hiệu trưởng', street: 'Lý Thánh Tông' },
  { code: 'CDTQ', name: 'Trường Cao đẳng Tuyên Quang', nameEn: 'Tuyên Quang College', kind: 'agency', head: 'Hiệu trưởng', street: 'Lý Thường Kiệt' },
  { code: 'QDTPT', name: 'Quỹ Đầu tư phát triển tỉnh', nameEn: 'Provincial Development Investment Fund', kind: 'agency', head: 'Giám đốc', street: 'Bình Thuận' },
  { code: 'BQLDADD', name: 'Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh', nameEn: 'Civil and Industrial Works Project Management Board', kind: 'agency', head: 'Giám đốc', street: 'Phan Thiết' },
  { code: 'BQLDAGT', name: 'Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh', nameEn: 'Transport Works Project Management Board', kind: 'agency', head: 'Giám đốc', street: 'Quang Trung' },
  { code: 'BQLCVDC', name: 'Ban Quản lý Công viên địa chất toàn cầu UNESCO Cao nguyên đá Đồng Văn', nameEn: 'Đồng Văn Karst Plateau UNESCO Global Geopark Management Board', kind: 'agency', head: 'Trưởng ban', street: 'Nguyễn Trãi, phường Hà Giang 1' },
  { code: 'LMHTX', name: 'Liên minh Hợp tác xã tỉnh', nameEn: 'Provincial Cooperative Alliance', kind: 'agency', head: 'Chủ tịch', street: 'Tân Trào' },
  { code: 'BHXH', name: 'Bảo hiểm xã hội tỉnh', nameEn: 'Provincial Social Security', kind: 'agency', head: 'Giám đốc', street: 'Lê Duẩn' },
  { code: 'THUE', name: 'Thuế tỉnh Tuyên Quang', nameEn: 'Tuyên Quang Provincial Tax Office', kind: 'agency', head: 'Trưởng Thuế tỉnh', street: 'Trường Chinh' },
];

/** Units under a department, agency or the police (code, parent, name, kind). */
const UNITS: { code: string; parent: string; name: string; nameEn: string; kind: OrgKind }[] = [
  { code: 'PA05', parent: 'CAT', name: 'Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (PA05)', nameEn: 'Cybersecurity and High-Tech Crime Prevention Division (PA05)', kind: 'unit' },
  { code: 'TTPVHCC', parent: 'VPUBND', name: 'Trung tâm Phục vụ hành chính công tỉnh', nameEn: 'Provincial Public Administrative Service Center', kind: 'service_center' },
  { code: 'SKHCN-CNTT', parent: 'SKHCN', name: 'Trung tâm Công nghệ thông tin và Truyền thông', nameEn: 'Information and Communication Technology Center', kind: 'unit' },
  { code: 'SYT-BVDK', parent: 'SYT', name: 'Bệnh viện Đa khoa tỉnh', nameEn: 'Provincial General Hospital', kind: 'unit' },
  { code: 'SYT-CDC', parent: 'SYT', name: 'Trung tâm Kiểm soát bệnh tật tỉnh', nameEn: 'Provincial Center for Disease Control', kind: 'unit' },
  { code: 'SNNMT-VPDK', parent: 'SNNMT', name: 'Văn phòng Đăng ký đất đai', nameEn: 'Land Registration Office', kind: 'unit' },
  { code: 'SGDDT-THPTC', parent: 'SGDDT', name: 'Trường THPT Chuyên tỉnh', nameEn: 'Provincial Specialised High School', kind: 'unit' },
  { code: 'STP-TGPL', parent: 'STP', name: 'Trung tâm Trợ giúp pháp lý nhà nước', nameEn: 'State Legal Aid Center', kind: 'unit' },
];

/** The province's seven wards (phường) — real names; the other 118 units are communes (xã). */
const WARDS = ['Minh Xuân', 'Nông Tiến', 'An Tường', 'Bình Thuận', 'Mỹ Lâm', 'Hà Giang 1', 'Hà Giang 2'];
const COMMUNE_FIRST = [
  'Yên', 'Minh', 'Tân', 'Hòa', 'Phú', 'Kim', 'Thái', 'Trung', 'Đồng', 'Hùng', 'Bình', 'Lâm', 'Xuân', 'Vĩnh',
  'Thượng', 'Sơn', 'Thanh', 'Hồng', 'Tiên', 'Phúc', 'Lũng', 'Bạch', 'Chiêm', 'Kiến', 'Quảng', 'Bắc', 'Nghĩa',
  'Khâu', 'Lùng', 'Na', 'Côn', 'Thông', 'Đạo', 'Ngọc', 'Tùng',
];
const COMMUNE_SECOND = [
  'Sơn', 'Bình', 'Thành', 'Lộc', 'Phú', 'Xuân', 'Hà', 'Lâm', 'Tiến', 'Hưng', 'Thịnh', 'Quang', 'Long', 'Trào',
  'Hòa', 'Vinh', 'Lợi', 'Phong', 'An', 'Đạt', 'Cú', 'Vạc', 'Phìn', 'Hang', 'Mê', 'Quan', 'Lập', 'Khánh',
  'Tường', 'Nhân', 'Chung', 'Linh',
];
const VILLAGES = ['Bản Mới', 'Nà Khà', 'Làng Chẵng', 'Khuôn Điển', 'Đồng Bài', 'Nà Héc', 'Thôn Trung', 'Cốc Phát', 'Pác Hóa', 'Lũng Hồ', 'Tân Lập', 'Bản Phố'];
const STREETS = ['Trần Phú', 'Nguyễn Trãi', 'Lê Lợi', 'Quang Trung', 'Tân Trào', 'Phan Thiết', 'Bà Triệu', 'Hoàng Hoa Thám', 'Kim Đồng', 'Nguyễn Văn Linh'];

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý', 'Ma', 'Nông', 'Triệu', 'Hà', 'Lương', 'Sầm', 'Giàng', 'Vàng', 'Lục', 'Quan', 'Chu'];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Thanh', 'Xuân', 'Ngọc', 'Công', 'Mạnh'];
const MIDDLE_F = ['Thị', 'Thu', 'Hồng', 'Ngọc', 'Minh', 'Thanh', 'Phương', 'Kim'];
const GIVEN_M = ['An', 'Bình', 'Chiến', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phong', 'Quân', 'Sơn', 'Thắng', 'Trung', 'Tuấn', 'Việt', 'Cường', 'Định', 'Huy', 'Lâm'];
const GIVEN_F = ['Giang', 'Hà', 'Hạnh', 'Hiền', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Phương', 'Thảo', 'Thủy', 'Trang', 'Vân', 'Yến', 'Huyền', 'Loan'];

export function personName(r: Rng): string {
  const female = r.next() < 0.45;
  return `${r.pick(SURNAMES)} ${r.pick(female ? MIDDLE_F : MIDDLE_M)} ${r.pick(female ? GIVEN_F : GIVEN_M)}`;
}

const mobile = (r: Rng) => `0${r.pick(['912', '913', '915', '948', '966', '977', '986', '988', '339', '868'])}${r.digits(6)}`;
/** Landlines: 0207 (former Tuyên Quang), 0219 (former Hà Giang). */
const landline = (r: Rng, area: '0207' | '0219') => `${area} ${r.pick(['3', '6'])}${r.digits(3)} ${r.digits(3)}`;

const DEPT_QUALIFICATION: readonly (readonly [ItQualification, number])[] = [
  ['it_certificate', 10], ['it_college', 20], ['it_bachelor', 45], ['it_postgraduate', 10], ['security_certified', 15],
];
const COMMUNE_QUALIFICATION: readonly (readonly [ItQualification, number])[] = [
  ['none', 35], ['it_certificate', 33], ['it_college', 15], ['it_bachelor', 14], ['security_certified', 3],
];

export const COMMUNE_COUNT = 125;
/** Communes without a designated security officer (~15 %). */
export const COMMUNES_WITHOUT_OFFICER = 19;

/** Builds the whole province in memory. Pure and deterministic. */
export function buildDemoProvince(): DemoProvince {
  const r = prng(0x4b48_4945); // "KHIE"
  const list: DemoOrg[] = [];
  const people: DemoUser[] = [];
  const demo = new Map(DEMO_ACCOUNTS.map((a) => [`${a.org}|${a.role}`, a]));

  list.push({
    code: 'TQ', name: 'UBND tỉnh Tuyên Quang', nameEn: 'Tuyên Quang Provincial People’s Committee', kind: 'province', adminUnitKind: null, parent: null,
    address: 'Số 160 đường Trần Hưng Đạo, phường Minh Xuân, tỉnh Tuyên Quang', phone: '0207 3822 342', email: `ubnd@${DOMAIN}`,
  });
  list.push({
    code: 'CAT', name: 'Công an tỉnh', nameEn: 'Provincial Police', kind: 'police', adminUnitKind: null, parent: 'TQ',
    address: 'Số 2 đường 17/8, phường Minh Xuân, tỉnh Tuyên Quang', phone: '0207 3822 222', email: `congan@${DOMAIN}`,
  });
  for (const b of BODIES) {
    list.push({
      code: b.code, name: b.name, nameEn: b.nameEn, kind: b.kind, adminUnitKind: null, parent: 'TQ',
      address: `Số ${1 + r.int(300)} đường ${b.street}, ${b.street.includes('phường') ? '' : 'phường Minh Xuân, '}tỉnh Tuyên Quang`,
      phone: landline(r, b.code === 'BQLCVDC' ? '0219' : '0207'), email: `${slug(b.code)}@${DOMAIN}`,
    });
  }
  for (const u of UNITS) {
    const parent = list.find((o) => o.code === u.parent);
    if (!parent) throw new Error(`unit ${u.code}: no parent ${u.parent}`);
    list.push({
      code: u.code, name: u.name, nameEn: u.nameEn, kind: u.kind, adminUnitKind: null, parent: u.parent,
      address: parent.address, phone: landline(r, '0207'), email: `${slug(u.code)}@${DOMAIN}`,
    });
  }

  // 125 commune-level units: X001 "xã Yên Sơn" first (the demo commune), the seven wards next,
  // then generated communes with unique names (and unique ASCII slugs).
  const names: { name: string; ward: boolean }[] = [{ name: 'Yên Sơn', ward: false }, ...WARDS.map((name) => ({ name, ward: true }))];
  const slugs = new Set(names.map((n) => slug(n.name)));
  while (names.length < COMMUNE_COUNT) {
    const a = r.pick(COMMUNE_FIRST);
    const b = r.pick(COMMUNE_SECOND);
    const name = `${a} ${b}`;
    if (a === b || slugs.has(slug(name))) continue;
    slugs.add(slug(name));
    names.push({ name, ward: false });
  }
  const communeCodes: string[] = [];
  names.forEach((n, i) => {
    const code = `${n.ward ? 'P' : 'X'}${String(i + 1).padStart(3, '0')}`;
    const label = `${n.ward ? 'phường' : 'xã'} ${n.name}`;
    // Communes in the north (former Hà Giang) use area code 0219.
    const area = n.name.startsWith('Hà Giang') || (!n.ward && i % 2 === 0 && i > 8) ? '0219' : '0207';
    const address = n.ward
      ? `Số ${1 + r.int(200)} đường ${r.pick(STREETS)}, ${label}, tỉnh Tuyên Quang`
      : `Thôn ${r.pick(VILLAGES)}, ${label}, tỉnh Tuyên Quang`;
    communeCodes.push(code);
    list.push({
      code, name: `UBND ${label}`, nameEn: `${n.name} ${n.ward ? 'Ward' : 'Commune'} People’s Committee`, kind: 'commune',
      adminUnitKind: n.ward ? 'ward' : 'commune', parent: 'TQ', address, phone: landline(r, area), email: `ubnd.${slug(n.name)}@${DOMAIN}`,
    });
    list.push({
      code: `${code}-TTPVHCC`, name: `Trung tâm Phục vụ hành chính công ${label}`, nameEn: `${n.name} Public Administrative Service Center`,
      kind: 'service_center', adminUnitKind: null, parent: code, address, phone: landline(r, area), email: `ttpvhcc.${slug(n.name)}@${DOMAIN}`,
    });
  });

  // Which communes have no designated officer: a deterministic shuffle, never the demo commune.
  const candidates = communeCodes.slice(1);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    const a = candidates[i];
    const b = candidates[j];
    if (a === undefined || b === undefined) throw new Error('shuffle');
    candidates[i] = b;
    candidates[j] = a;
  }
  const withoutOfficer = new Set(candidates.slice(0, COMMUNES_WITHOUT_OFFICER));

  // Demo accounts: province-wide roles are granted on the root, others on their own unit.
  for (const a of DEMO_ACCOUNTS) {
    const provinceWide = a.role === 'admin' || a.role === 'leadership' || a.role === 'viewer' || AUTHORITY_ROLES.includes(a.role);
    people.push({
      username: a.username, fullName: a.fullName, org: a.org, role: a.role, scope: provinceWide ? 'TQ' : a.org,
      title: a.description.split(' / ')[0] ?? a.description, itQualification: a.role === 'security_officer' ? (a.org === 'X001' ? 'it_certificate' : 'it_bachelor') : null,
      phone: mobile(r), email: `${a.username}@${DOMAIN}`, designated: a.role === 'security_officer',
    });
  }

  // A head and a designated security officer for every department, agency and commune.
  const usernames = new Set(people.map((p) => p.username));
  const add = (p: Omit<DemoUser, 'email' | 'phone' | 'fullName' | 'scope'>) => {
    const existing = demo.get(`${p.org}|${p.role}`);
    if (existing) return; // the demo account plays this part
    if (usernames.has(p.username)) throw new Error(`duplicate username ${p.username}`);
    usernames.add(p.username);
    people.push({ ...p, fullName: personName(r), scope: p.org, phone: mobile(r), email: `${p.username}@${DOMAIN}` });
  };
  for (const b of BODIES) {
    const u = slug(b.code);
    add({ username: `${u}.truong`, org: b.code, role: 'org_head', title: b.head, itQualification: null, designated: false });
    add({ username: `${u}.attt`, org: b.code, role: 'security_officer', title: 'Chuyên viên phụ trách công nghệ thông tin', itQualification: r.weighted(DEPT_QUALIFICATION), designated: true });
  }
  for (const code of communeCodes) {
    const u = code.toLowerCase();
    const ward = code.startsWith('P');
    add({ username: `${u}.chutich`, org: code, role: 'org_head', title: `Chủ tịch UBND ${ward ? 'phường' : 'xã'}`, itQualification: null, designated: false });
    if (withoutOfficer.has(code)) continue;
    add({ username: `${u}.attt`, org: code, role: 'security_officer', title: 'Công chức Văn phòng HĐND và UBND (kiêm nhiệm CNTT)', itQualification: r.weighted(COMMUNE_QUALIFICATION), designated: true });
  }
  return { orgs: list, users: people, systems: buildDemoSystems(list, withoutOfficer) };
}

// ---------------------------------------------------------------------------------------------
// Information systems (issue #3): the province's shared platforms, and 1–5 systems per department,
// agency and commune, with the products they run on (for early warnings). Levels are left to the
// classification questionnaire and the dossiers (a later slice).

export interface DemoComponent {
  kind: ComponentKind;
  vendor: string | null;
  product: string;
  version: string | null;
}

export interface DemoSystem {
  code: string;
  org: string;
  owner: string | null;
  parent: string | null;
  name: string;
  purpose: string;
  systemType: SystemType;
  infoTypes: InfoType[];
  audiences: Audience[];
  hosting: Hosting;
  hostingProvider: string | null;
  isImportant: boolean;
  userCount: number;
  personalBasicSubjects: number;
  personalSensitiveSubjects: number;
  handlesAdminProcedures: boolean;
  onlinePublicServiceLevel: number;
  infraScope: InfraScope | null;
  requires24x7: boolean;
  components: DemoComponent[];
}

const c = (kind: ComponentKind, vendor: string | null, product: string, version: string | null): DemoComponent => ({ kind, vendor, product, version });

const OS = [
  c('operating_system', 'Microsoft', 'Windows Server', '2019'),
  c('operating_system', 'Microsoft', 'Windows Server', '2016'),
  c('operating_system', 'Canonical', 'Ubuntu Server', '22.04'),
  c('operating_system', 'Canonical', 'Ubuntu Server', '20.04'),
  c('operating_system', 'CentOS', 'CentOS Linux', '7.9'),
  c('operating_system', 'Red Hat', 'Red Hat Enterprise Linux', '8.8'),
] as const;
const WEB = [c('web_server', 'nginx', 'nginx', '1.24'), c('web_server', 'Apache', 'Apache HTTP Server', '2.4.57'), c('web_server', 'Microsoft', 'IIS', '10.0')] as const;
const DB = [c('database', 'Oracle', 'MySQL', '8.0'), c('database', 'PostgreSQL', 'PostgreSQL', '14'), c('database', 'Microsoft', 'SQL Server', '2019'), c('database', 'MariaDB', 'MariaDB', '10.6')] as const;
const CMS = [c('application', 'WordPress', 'WordPress', '6.4'), c('application', 'Joomla', 'Joomla', '4.3'), c('application', 'Liferay', 'Liferay Portal', '7.4')] as const;

const base = (over: Partial<DemoSystem> & Pick<DemoSystem, 'code' | 'org' | 'name' | 'purpose' | 'systemType' | 'components'>): DemoSystem => ({
  owner: null, parent: null, infoTypes: ['public'], audiences: ['internal'], hosting: 'provincial_dc', hostingProvider: null, isImportant: false,
  userCount: 0, personalBasicSubjects: 0, personalSensitiveSubjects: 0, handlesAdminProcedures: false, onlinePublicServiceLevel: 0,
  infraScope: null, requires24x7: false, ...over,
});

/** The province's shared platforms: owned by the Provincial People's Committee, run by the ICT center. */
const PROVINCIAL_SYSTEMS: DemoSystem[] = [
  base({
    code: 'TQ-DVC', org: 'SKHCN-CNTT', owner: 'TQ', name: 'Hệ thống thông tin giải quyết thủ tục hành chính tỉnh (Cổng dịch vụ công)',
    purpose: 'Tiếp nhận, giải quyết và trả kết quả thủ tục hành chính trực tuyến cho người dân, doanh nghiệp', systemType: 'citizen_business',
    infoTypes: ['public', 'private', 'personal'], audiences: ['citizens_businesses', 'cross_agency'], isImportant: true, userCount: 3200,
    personalBasicSubjects: 465_000, handlesAdminProcedures: true, onlinePublicServiceLevel: 4, requires24x7: true,
    components: [c('operating_system', 'Red Hat', 'Red Hat Enterprise Linux', '8.8'), c('web_server', 'nginx', 'nginx', '1.24'), c('web_server', 'Apache', 'Tomcat', '9.0.80'), c('database', 'Oracle', 'Oracle Database', '19c'), c('application', 'Oracle', 'OpenJDK', '17')],
  }),
  base({
    code: 'TQ-LGSP', org: 'SKHCN-CNTT', owner: 'TQ', name: 'Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)',
    purpose: 'Trục tích hợp kết nối các hệ thống của tỉnh với nhau và với nền tảng quốc gia (NDXP)', systemType: 'infrastructure',
    infoTypes: ['public', 'private', 'personal'], audiences: ['cross_agency'], isImportant: true, infraScope: 'sector_or_province', requires24x7: true,
    components: [c('application', 'WSO2', 'API Manager', '4.2.0'), c('operating_system', 'Canonical', 'Ubuntu Server', '22.04'), c('database', 'PostgreSQL', 'PostgreSQL', '14')],
  }),
  base({
    code: 'TQ-TTDL', org: 'SKHCN-CNTT', owner: 'TQ', name: 'Trung tâm dữ liệu tỉnh',
    purpose: 'Hạ tầng máy chủ, lưu trữ, mạng và bảo mật dùng chung đặt các hệ thống thông tin của tỉnh', systemType: 'infrastructure',
    infoTypes: ['public', 'private', 'personal'], audiences: ['cross_agency'], isImportant: true, infraScope: 'sector_or_province', requires24x7: true,
    components: [c('application', 'VMware', 'vSphere', '8.0'), c('network_device', 'Cisco', 'Nexus 9300 NX-OS', '10.3'), c('security_device', 'Fortinet', 'FortiGate FortiOS', '7.2.5'), c('hardware', 'Dell', 'PowerEdge R750', null)],
  }),
  base({
    code: 'TQ-CTTDT', org: 'VPUBND', owner: 'TQ', name: 'Cổng thông tin điện tử tỉnh', purpose: 'Công bố thông tin chỉ đạo, điều hành và chính sách của tỉnh',
    systemType: 'citizen_business', audiences: ['citizens_businesses'], isImportant: true, userCount: 40,
    components: [c('application', 'Liferay', 'Liferay Portal', '7.4'), c('web_server', 'Apache', 'Tomcat', '9.0.80'), c('database', 'Oracle', 'MySQL', '8.0'), c('operating_system', 'CentOS', 'CentOS Linux', '7.9')],
  }),
  base({
    code: 'TQ-QLVB', org: 'VPUBND', owner: 'TQ', name: 'Hệ thống quản lý văn bản và điều hành tỉnh', purpose: 'Văn bản đến, văn bản đi, hồ sơ công việc và chữ ký số của các cơ quan trong tỉnh',
    systemType: 'internal', infoTypes: ['public', 'private'], audiences: ['internal', 'cross_agency'], isImportant: true, userCount: 6800,
    components: [c('operating_system', 'Microsoft', 'Windows Server', '2019'), c('web_server', 'Microsoft', 'IIS', '10.0'), c('database', 'Microsoft', 'SQL Server', '2019')],
  }),
  base({
    code: 'TQ-THUDT', org: 'SKHCN-CNTT', owner: 'TQ', name: 'Hệ thống thư điện tử công vụ tỉnh', purpose: 'Thư điện tử @tuyenquang.gov.vn cho cán bộ, công chức',
    systemType: 'internal', infoTypes: ['public', 'private'], userCount: 7200,
    components: [c('application', 'Synacor', 'Zimbra Collaboration', '8.8.15'), c('operating_system', 'Canonical', 'Ubuntu Server', '20.04')],
  }),
  base({
    code: 'TQ-IOC', org: 'SKHCN-CNTT', owner: 'TQ', name: 'Trung tâm giám sát, điều hành thông minh tỉnh (IOC)', purpose: 'Tổng hợp số liệu, camera và phản ánh hiện trường phục vụ chỉ đạo, điều hành',
    systemType: 'internal', infoTypes: ['public', 'private', 'personal'], audiences: ['internal', 'citizens_businesses'], userCount: 150, personalBasicSubjects: 12_000,
    components: [c('application', 'Grafana Labs', 'Grafana', '10.2'), c('database', 'PostgreSQL', 'PostgreSQL', '15'), c('web_server', 'nginx', 'nginx', '1.24')],
  }),
];

/** Systems of one sector, by the unit that runs them. */
const SECTOR_SYSTEMS: DemoSystem[] = [
  base({
    code: 'SYT-BVDK-HIS', org: 'SYT-BVDK', owner: 'SYT', name: 'Hệ thống thông tin quản lý bệnh viện (HIS)', purpose: 'Khám bệnh, điều trị, viện phí và bảo hiểm y tế',
    systemType: 'citizen_business', infoTypes: ['private', 'personal'], audiences: ['citizens_businesses'], isImportant: true, hosting: 'own_room', userCount: 620,
    personalBasicSubjects: 310_000, personalSensitiveSubjects: 310_000, requires24x7: true,
    components: [c('operating_system', 'Microsoft', 'Windows Server', '2016'), c('database', 'Microsoft', 'SQL Server', '2017'), c('application', 'Microsoft', '.NET Framework', '4.8')],
  }),
  base({
    code: 'SNNMT-VPDK-DD', org: 'SNNMT-VPDK', owner: 'SNNMT', name: 'Cơ sở dữ liệu đất đai tỉnh', purpose: 'Hồ sơ địa chính, đăng ký biến động và cấp giấy chứng nhận',
    systemType: 'citizen_business', infoTypes: ['public', 'private', 'personal'], audiences: ['citizens_businesses', 'cross_agency'], isImportant: true,
    personalBasicSubjects: 280_000, handlesAdminProcedures: true, userCount: 300,
    components: [c('application', 'Viettel', 'VBDLIS', '3.0'), c('database', 'Oracle', 'Oracle Database', '19c'), c('operating_system', 'Red Hat', 'Red Hat Enterprise Linux', '8.8')],
  }),
  base({
    code: 'SGDDT-CSDL', org: 'SGDDT', owner: 'SGDDT', name: 'Cơ sở dữ liệu ngành giáo dục', purpose: 'Quản lý trường, lớp, học sinh, giáo viên',
    systemType: 'internal', infoTypes: ['private', 'personal'], audiences: ['internal', 'cross_agency'], hosting: 'cloud', hostingProvider: 'Viettel IDC', userCount: 9_500,
    personalBasicSubjects: 240_000,
    components: [c('application', 'MOET', 'CSDL ngành giáo dục', '2.0'), c('database', 'PostgreSQL', 'PostgreSQL', '13')],
  }),
  base({
    code: 'TTPVHCC-MC', org: 'TTPVHCC', owner: 'TQ', parent: 'TQ-DVC', name: 'Một cửa điện tử Trung tâm Phục vụ hành chính công tỉnh',
    purpose: 'Tiếp nhận và trả kết quả hồ sơ tại quầy', systemType: 'citizen_business', infoTypes: ['public', 'personal'], audiences: ['citizens_businesses'],
    handlesAdminProcedures: true, userCount: 45, components: [c('application', 'VNPT', 'iGate', '3.0'), c('hardware', 'HP', 'ProDesk 400 G7', null)],
  }),
];

/**
 * A system the provincial police's own cyber-security division (PA05) runs: its dossier cannot be
 * appraised by PA05's appraiser alone, an independent council does (issue #3). Last in the list, so
 * the generated systems before it stay as they were.
 */
const POLICE_SYSTEMS: DemoSystem[] = [
  base({
    code: 'PA05-HT01', org: 'PA05', owner: 'CAT', name: 'Hệ thống giám sát an toàn thông tin mạng của Công an tỉnh',
    purpose: 'Thu thập nhật ký, phát hiện và cảnh báo tấn công mạng vào các hệ thống thông tin của tỉnh', systemType: 'internal',
    infoTypes: ['public', 'private'], audiences: ['internal', 'cross_agency'], hosting: 'own_room', userCount: 25, requires24x7: true,
    components: [c('application', 'Wazuh', 'Wazuh Manager', '4.7.2'), c('database', 'Elastic', 'Elasticsearch', '8.11.3'), c('operating_system', 'Rocky Enterprise Software Foundation', 'Rocky Linux', '9.3')],
  }),
];

/** Generated systems of departments, agencies and communes. */
function buildDemoSystems(orgList: readonly DemoOrg[], withoutOfficer: ReadonlySet<string>): DemoSystem[] {
  const r = prng(0x5359_5354); // "SYST"
  const out: DemoSystem[] = [...PROVINCIAL_SYSTEMS, ...SECTOR_SYSTEMS];
  const seq = new Map<string, number>();
  const code = (org: string) => {
    const n = (seq.get(org) ?? 0) + 1;
    seq.set(org, n);
    return `${org}-HT${String(n).padStart(2, '0')}`;
  };
  const website = (o: DemoOrg, commune: boolean): DemoSystem =>
    base({
      code: code(o.code), org: o.code, name: `${commune ? 'Trang' : 'Cổng'} thông tin điện tử ${o.name.replace(/^UBND /, '')}`,
      purpose: 'Công khai thông tin hoạt động, văn bản và thủ tục hành chính', systemType: 'citizen_business', audiences: ['citizens_businesses'],
      hosting: commune || r.next() < 0.7 ? 'provincial_dc' : 'rented_dc', hostingProvider: null, userCount: 5 + r.int(20),
      components: [r.pick(CMS), r.pick(WEB), r.pick(DB), r.pick(OS)],
    });
  const accounting = (o: DemoOrg): DemoSystem =>
    base({
      code: code(o.code), org: o.code, name: 'Phần mềm kế toán hành chính sự nghiệp', purpose: 'Kế toán, ngân sách và tài sản của đơn vị',
      systemType: 'internal', infoTypes: ['private'], hosting: 'own_room', userCount: 2 + r.int(5),
      components: [c('application', 'MISA', 'Mimosa.NET', r.pick(['2020', '2022', '2023'])), c('database', 'Microsoft', 'SQL Server', r.pick(['2014', '2017', '2019'])), r.pick(OS.slice(0, 2))],
    });
  const hr = (o: DemoOrg): DemoSystem =>
    base({
      code: code(o.code), org: o.code, name: 'Phần mềm quản lý cán bộ, công chức, viên chức', purpose: 'Hồ sơ, lương và đánh giá cán bộ',
      systemType: 'internal', infoTypes: ['private', 'personal'], userCount: 3 + r.int(8), personalBasicSubjects: 40 + r.int(400),
      components: [c('application', 'VNPT', 'Quản lý cán bộ', '2.1'), r.pick(DB), r.pick(OS)],
    });
  const lan = (o: DemoOrg): DemoSystem =>
    base({
      code: code(o.code), org: o.code, name: `Mạng nội bộ (LAN) ${o.name}`, purpose: 'Kết nối máy tính của cơ quan với mạng truyền số liệu chuyên dùng và Internet',
      systemType: 'infrastructure', infoTypes: ['public', 'private'], hosting: 'own_room', infraScope: 'single_org', userCount: 20 + r.int(60),
      components: [
        r.pick([c('security_device', 'Fortinet', 'FortiGate FortiOS', '7.0.12'), c('security_device', 'Sophos', 'XG Firewall', '19.5'), c('network_device', 'DrayTek', 'Vigor 2927', '4.4')]),
        r.pick([c('network_device', 'Cisco', 'Catalyst 2960 IOS', '15.2'), c('network_device', 'TP-Link', 'TL-SG3428', '1.0')]),
      ],
    });

  for (const o of orgList) {
    if (o.kind === 'department' || o.kind === 'agency') {
      if (r.next() < 0.1) continue; // a few have registered nothing yet
      out.push(website(o, false));
      if (r.next() < 0.7) out.push(accounting(o));
      if (r.next() < 0.4) out.push(hr(o));
      if (r.next() < 0.3) out.push(lan(o));
    } else if (o.kind === 'commune') {
      // The one-stop desk of the commune's service center is a part of the provincial platform.
      const center = `${o.code}-TTPVHCC`;
      out.push(
        base({
          code: code(center), org: center, owner: 'TQ', parent: 'TQ-DVC', name: `Một cửa điện tử ${o.name.replace(/^UBND /, '')}`,
          purpose: 'Tiếp nhận và trả kết quả thủ tục hành chính tại Trung tâm Phục vụ hành chính công', systemType: 'citizen_business',
          infoTypes: ['public', 'personal'], audiences: ['citizens_businesses'], handlesAdminProcedures: true, userCount: 4 + r.int(8),
          components: [c('application', 'VNPT', 'iGate', '3.0'), c('operating_system', 'Microsoft', 'Windows', r.pick(['10', '11']))],
        }),
      );
      // Communes without a security officer have registered nothing of their own: a finding to show.
      if (withoutOfficer.has(o.code)) continue;
      if (r.next() < 0.85) out.push(website(o, true));
      if (r.next() < 0.5) out.push(accounting(o));
      if (r.next() < 0.2) out.push(hr(o));
      if (r.next() < 0.25) out.push(lan(o));
    }
  }
  out.push(...POLICE_SYSTEMS);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing it.

/** Serialises concurrent seeders (two instances starting on one empty PostgreSQL). */
const SEED_LOCK = 7_314_161;
const CHUNK = 500;

function chunks<T>(xs: readonly T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Jobs are not available while seeding; nothing here enqueues any. */
const noJobs: Jobs = {
  async enqueue() {
    throw new Error('jobs are not available while seeding the demo');
  },
  async enqueueMany() {
    throw new Error('jobs are not available while seeding the demo');
  },
  async work() {
    throw new Error('jobs are not available while seeding the demo');
  },
  async start() {
    throw new Error('jobs are not available while seeding the demo');
  },
  async stop() {},
  async pending() {
    return 0;
  },
};

/** The minimal context record() needs: the open transaction and the platform as the actor. */
function seedCtx(tx: Db): Ctx {
  const database: Database = {
    kind: 'postgres', // unknown here and unused: record() only touches ctx.db
    db: tx,
    raw: {
      async query(text, params) {
        return { rows: await queryRows(tx, sqlFromText(text, params ?? [])) };
      },
      async execScript(script) {
        await tx.execute(sql.raw(script));
      },
    },
    async close() {},
  };
  return {
    db: tx,
    database,
    config: parseConfig({}),
    log: pino({ enabled: false }),
    clock: () => new Date(),
    jobs: noJobs,
    principal: { kind: 'system', name: 'seed-demo', roots: ['/'] },
    locale: 'vi',
    requestId: 'system:seed-demo',
    ip: null,
    inTx: true,
  };
}

export interface SeedResult {
  seeded: boolean;
  orgs: number;
  users: number;
}

/** Seeds the demo province into an empty database; a no-op (seeded: false) when organisations exist. */
export async function seedDemo(db: Db): Promise<SeedResult> {
  const province = buildDemoProvince();
  const passwordHash = await hashPassword(DEMO_PASSWORD); // once, for every user
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
    if (!(await isEmpty(tx))) return { seeded: false, orgs: 0, users: 0 };

    const byCode = new Map<string, { id: string; path: string; depth: number }>();
    const orgRows = province.orgs.map((o) => {
      const id = idOf(`org:${o.code}`);
      const parent = o.parent ? byCode.get(o.parent) : undefined;
      if (o.parent && !parent) throw new Error(`org ${o.code}: parent ${o.parent} not yet defined`);
      const path = `${parent?.path ?? '/'}${id}/`;
      const depth = parent ? parent.depth + 1 : 0;
      byCode.set(o.code, { id, path, depth });
      return {
        id, code: o.code, name: o.name, nameEn: o.nameEn, kind: o.kind, adminUnitKind: o.adminUnitKind,
        parentId: parent?.id ?? null, path, depth, address: o.address, phone: o.phone, email: o.email,
      };
    });
    const orgId = (code: string) => {
      const o = byCode.get(code);
      if (!o) throw new Error(`unknown org ${code}`);
      return o.id;
    };
    const userRows = province.users.map((u) => ({
      id: idOf(`user:${u.username}`), orgId: orgId(u.org), username: u.username, fullName: u.fullName, email: u.email,
      phone: u.phone, title: u.title, itQualification: u.itQualification, passwordHash,
    }));
    const raRows = province.users.map((u) => ({ id: idOf(`ra:${u.username}`), userId: idOf(`user:${u.username}`), role: u.role, orgId: orgId(u.scope) }));

    for (const c of chunks(orgRows)) await tx.insert(orgs).values(c);
    for (const c of chunks(userRows)) await tx.insert(users).values(c);
    for (const c of chunks(raRows)) await tx.insert(roleAssignments).values(c);
    const designated = province.users.filter((u) => u.designated);
    await tx.execute(sql`
      UPDATE orgs SET security_officer_id = v.user_id
      FROM unnest(${sql.param(designated.map((u) => orgId(u.org)))}::uuid[], ${sql.param(designated.map((u) => idOf(`user:${u.username}`)))}::uuid[]) AS v(org_id, user_id)
      WHERE orgs.id = v.org_id`);

    const systemRows = province.systems.map((s) => ({
      id: idOf(`system:${s.code}`), orgId: orgId(s.org), ownerOrgId: s.owner ? orgId(s.owner) : null,
      parentSystemId: s.parent ? idOf(`system:${s.parent}`) : null, code: s.code, name: s.name, purpose: s.purpose,
      systemType: s.systemType, infoTypes: s.infoTypes, audiences: s.audiences, hosting: s.hosting, hostingProvider: s.hostingProvider,
      isImportant: s.isImportant, userCount: s.userCount, personalBasicSubjects: s.personalBasicSubjects,
      personalSensitiveSubjects: s.personalSensitiveSubjects, handlesAdminProcedures: s.handlesAdminProcedures,
      onlinePublicServiceLevel: s.onlinePublicServiceLevel, infraScope: s.infraScope, requires24x7: s.requires24x7,
    }));
    const componentRows = province.systems.flatMap((s) =>
      s.components.map((k, i) => ({ id: idOf(`component:${s.code}:${i}`), systemId: idOf(`system:${s.code}`), ...k, sort: i })),
    );
    // Parents come first in the list, so a chunk never names a parent that is not yet written.
    for (const c of chunks(systemRows)) await tx.insert(informationSystems).values(c);
    for (const c of chunks(componentRows, 1000)) await tx.insert(systemComponents).values(c);

    // Levels and dossiers: classified with the real rule data, dossiers in every state (seed-levels.ts).
    const officers = new Map(designated.map((u) => [u.org, idOf(`user:${u.username}`)]));
    const levels = await seedLevels(seedCtx(tx), {
      systems: province.systems,
      systemId: (code) => idOf(`system:${code}`),
      orgId,
      officerOf: (code) => officers.get(code) ?? null,
      appraiserId: idOf('user:pa05.thamdinh'),
      approverId: idOf('user:pa05.pheduyet'),
    });

    // Computers (issue #4): the directive's 31/812 at the 125 centers, offices, agents, history (seed-endpoints.ts).
    const machines = await seedEndpoints(tx, { orgs: province.orgs, orgId, now: new Date(), createdBy: idOf('user:admin') });
    // SOC coverage and alerts (issue #5): 13/20 important systems monitored, a week of Wazuh alerts (seed-soc.ts).
    await seedSoc(tx, { systems: province.systems, systemId: (code) => idOf(`system:${code}`), orgId, now: new Date(), analystId: idOf('user:soc.phantich') });
    // Early warnings (issue #5): advisories published by the SOC analyst, answered by some units, overdue for others.
    await seedAdvisories(seedCtx(tx), { orgId, analystId: idOf('user:soc.phantich'), now: new Date() });
    // Incidents (issue #5): a phishing at a commune, a department portal defaced, a malware outbreak closed (seed-incidents.ts).
    await seedIncidents(tx, { systems: province.systems, systemId: (code) => idOf(`system:${code}`), orgId, userId: (u) => idOf(`user:${u}`), now: new Date() });

    const communes = province.orgs.filter((o) => o.kind === 'commune');
    await record(seedCtx(tx), {
      action: 'demo.seeded',
      entityType: 'demo',
      orgId: orgId('TQ'),
      after: {
        province: 'TQ',
        orgs: orgRows.length,
        users: userRows.length,
        communes: communes.length,
        wards: communes.filter((o) => o.adminUnitKind === 'ward').length,
        designatedOfficers: designated.length,
        systems: systemRows.length,
        importantSystems: systemRows.filter((s) => s.isImportant).length,
        classifiedSystems: levels.classified,
        dossiers: levels.dossiers,
        endpoints: machines.endpoints,
        centerEndpoints: machines.centerEndpoints,
        centerCentralAv: machines.centerCentralAv,
        stateSecretEndpoints: machines.stateSecret,
        agents: machines.agents,
      },
    });
    return { seeded: true, orgs: orgRows.length, users: userRows.length };
  });
}
