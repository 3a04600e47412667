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
import { orgs, roleAssignments, users } from '../db/schema';
import type { AdminUnitKind, OrgKind } from '@shared/domain/orgs';
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
function prng(seed: number) {
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
type Rng = ReturnType<typeof prng>;

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

function personName(r: Rng): string {
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
  return { orgs: list, users: people };
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
      },
    });
    return { seeded: true, orgs: orgRows.length, users: userRows.length };
  });
}
