/**
 * Demo incidents (issue #5): a phishing at a commune just triaged, a defacement of a department's
 * portal contained with its 72-hour report overdue, and a malware outbreak closed with its final and
 * closing reports — each with its timeline, indicators, members and the reports owed under the
 * regime in force when it was detected (the rule rows of migration 0010).
 */
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { reportObligations, type DeadlineRule, type IncidentSeverity, type IncidentStatus, type IncidentType } from '@shared/domain/incidents';
import { regimeInForceOn } from '@shared/domain/classification';
import { vnDay } from '@shared/domain/working-days';
import type { Db } from '../db/connect';
import { legalRegimes, incidentCodeCounters, incidentDeadlineRules, incidentEvents, incidentIndicators, incidentMembers, incidentReports, incidentSystems, incidents } from '../db/schema';
import type { DemoSystem } from './seed';

interface DemoIncident {
  org: string;
  reporter: string;
  reporterName: string;
  reporterTitle: string;
  reporterPhone: string;
  systemOf: (s: DemoSystem) => boolean;
  hoursAgo: number;
  type: IncidentType;
  severity: IncidentSeverity;
  serious: boolean;
  personalData?: boolean;
  title: string;
  description: string;
  actionsTaken: string;
  supportRequested: string;
  /** The steps taken, hours after detection, with a note. */
  steps: { status: IncidentStatus; after: number; note?: string }[];
  comments: { after: number; by: 'unit' | 'team'; body: string }[];
  indicators: { kind: 'ipv4' | 'domain' | 'url' | 'md5' | 'sha256' | 'email'; value: string; description: string }[];
  final?: { after: number; cause: string; scope: string; remedy: string; lessons: string };
}

const HOUR = 3_600_000;

const INCIDENTS: DemoIncident[] = [
  {
    org: 'X001',
    reporter: 'xa.attt',
    reporterName: 'Hoàng Thị Xuân',
    reporterTitle: 'Công chức Văn phòng - Thống kê, phụ trách ATTT',
    reporterPhone: '0915 201 001',
    systemOf: (s) => s.org === 'X001',
    hoursAgo: 20,
    type: 'phishing',
    severity: 'high',
    serious: true,
    title: 'Thư giả mạo Kho bạc Nhà nước gửi bộ phận kế toán xã',
    description:
      'Sáng nay 3 cán bộ bộ phận kế toán nhận thư điện tử giả mạo Kho bạc Nhà nước yêu cầu "xác thực tài khoản dịch vụ công". Một cán bộ đã bấm vào đường dẫn và nhập mật khẩu hộp thư công vụ. Chưa thấy thư lạ gửi đi từ hộp thư này.',
    actionsTaken: 'Đã đổi mật khẩu hộp thư bị lộ, xóa thư giả mạo ở các hộp thư, báo toàn cơ quan không mở thư.',
    supportRequested: 'Đề nghị kiểm tra máy tính của cán bộ đã bấm đường dẫn và chặn tên miền giả mạo trên toàn tỉnh.',
    steps: [{ status: 'triaged', after: 2, note: 'Xác minh: tên miền giả mạo mới đăng ký 3 ngày, đang phát tán tới nhiều đơn vị.' }],
    comments: [{ after: 3, by: 'team', body: 'Đã đưa tên miền vào danh sách chặn của Trung tâm giám sát tỉnh.' }],
    indicators: [
      { kind: 'domain', value: 'khobac-xacthuc.example.net', description: 'Tên miền trang đăng nhập giả' },
      { kind: 'email', value: 'thongbao@khobac-xacthuc.example.net', description: 'Địa chỉ gửi thư giả mạo' },
      { kind: 'url', value: 'https://khobac-xacthuc.example.net/dvc/login.php', description: 'Đường dẫn trong thư' },
    ],
  },
  {
    org: 'SKHCN',
    reporter: 'skhcn.attt',
    reporterName: 'Phạm Minh An',
    reporterTitle: 'Chuyên viên Phòng Quản lý công nghệ',
    reporterPhone: '0207 382 1234',
    systemOf: (s) => s.org === 'SKHCN',
    hoursAgo: 100,
    type: 'defacement',
    severity: 'high',
    serious: true,
    title: 'Cổng thông tin điện tử của Sở bị thay đổi giao diện',
    description:
      'Trang chủ cổng thông tin của Sở hiển thị hình ảnh và dòng chữ lạ từ khoảng 6 giờ sáng. Các trang con vẫn truy cập được. Nghi ngờ lợi dụng lỗ hổng của trình cắm quản lý tệp trên hệ thống quản trị nội dung.',
    actionsTaken: 'Đã tạm dừng cổng, bật trang thông báo bảo trì, giữ nguyên máy chủ để phục vụ điều tra.',
    supportRequested: 'Đề nghị đội ứng cứu phân tích nhật ký máy chủ web và hướng dẫn khôi phục.',
    steps: [
      { status: 'triaged', after: 1 },
      { status: 'responding', after: 2, note: 'Đội ứng cứu có mặt tại Sở, sao lưu nhật ký và ảnh đĩa.' },
      { status: 'contained', after: 20, note: 'Đã gỡ tệp webshell, vá trình cắm, đổi toàn bộ mật khẩu quản trị.' },
    ],
    comments: [
      { after: 6, by: 'team', body: 'Phát hiện webshell tại thư mục tải lên; địa chỉ truy cập từ nước ngoài.' },
      { after: 30, by: 'unit', body: 'Sở đã chuẩn bị máy chủ mới để dựng lại cổng từ bản sao lưu sạch.' },
    ],
    indicators: [
      { kind: 'ipv4', value: '203.0.113.45', description: 'Địa chỉ tải webshell lên' },
      { kind: 'url', value: 'https://skhcn.example.gov.vn/uploads/files/up.php', description: 'Đường dẫn webshell' },
      { kind: 'sha256', value: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', description: 'Tệp webshell up.php' },
    ],
  },
  {
    org: 'X001',
    reporter: 'xa.attt',
    reporterName: 'Hoàng Thị Xuân',
    reporterTitle: 'Công chức Văn phòng - Thống kê, phụ trách ATTT',
    reporterPhone: '0915 201 001',
    systemOf: (s) => s.org === 'X001',
    hoursAgo: 40 * 24,
    type: 'malware',
    severity: 'critical',
    serious: true,
    personalData: false,
    title: 'Mã độc mã hóa dữ liệu lây trên các máy bộ phận một cửa',
    description: 'Bốn máy tính tại bộ phận một cửa bị mã hóa tệp, xuất hiện tệp đòi tiền chuộc. Máy chủ lưu hồ sơ chưa bị ảnh hưởng.',
    actionsTaken: 'Đã rút cáp mạng bốn máy, tắt chia sẻ thư mục, báo Công an tỉnh.',
    supportRequested: 'Đề nghị hỗ trợ xác định nguồn lây và khôi phục dữ liệu.',
    steps: [
      { status: 'triaged', after: 1 },
      { status: 'responding', after: 3 },
      { status: 'contained', after: 10, note: 'Đã cô lập toàn bộ máy nhiễm; chặn địa chỉ điều khiển.' },
      { status: 'recovered', after: 60, note: 'Cài lại bốn máy, khôi phục dữ liệu từ bản sao lưu ngày trước.' },
    ],
    comments: [{ after: 12, by: 'team', body: 'Nguồn lây: tệp đính kèm giả hóa đơn mở trên máy số 2.' }],
    indicators: [
      { kind: 'sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: 'Tệp thực thi mã hóa dữ liệu' },
      { kind: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e', description: 'Tệp đính kèm hoa-don.js' },
      { kind: 'ipv4', value: '198.51.100.23', description: 'Máy chủ điều khiển' },
    ],
    final: {
      after: 80,
      cause: 'Cán bộ mở tệp đính kèm giả hóa đơn điện tử; máy chưa cài phần mềm phòng chống mã độc tập trung.',
      scope: 'Bốn máy tính bộ phận một cửa; không lộ dữ liệu cá nhân, máy chủ hồ sơ không bị ảnh hưởng.',
      remedy: 'Cài lại máy, khôi phục dữ liệu, cài phần mềm phòng chống mã độc tập trung, chặn tệp .js trong thư.',
      lessons: 'Tập huấn nhận diện thư giả mạo; hoàn thành cài phần mềm phòng chống mã độc tập trung cho mọi máy.',
    },
  },
];

export async function seedIncidents(
  tx: Db,
  opts: { systems: readonly DemoSystem[]; systemId: (code: string) => string; orgId: (code: string) => string; userId: (username: string) => string; now: Date },
): Promise<number> {
  const rules = await tx.select().from(incidentDeadlineRules);
  const periods = await tx.select({ code: legalRegimes.code, effectiveFrom: legalRegimes.effectiveFrom, effectiveTo: legalRegimes.effectiveTo }).from(legalRegimes);
  const responder = opts.userId('ungcuu');
  const analyst = opts.userId('soc.phantich');
  const year = opts.now.getFullYear();
  let n = 0;
  for (const d of INCIDENTS) {
    n += 1;
    const id = uuidv7();
    const orgId = opts.orgId(d.org);
    const reporter = opts.userId(d.reporter);
    const t0 = new Date(Math.floor((opts.now.getTime() - d.hoursAgo * HOUR) / 60_000) * 60_000);
    const at = (h: number) => new Date(t0.getTime() + h * HOUR);
    const regime = regimeInForceOn(periods, vnDay(t0)) ?? 'nd331_2026';
    const reportedAt = at(0.5);
    const last = d.steps.at(-1);
    const recovered = d.steps.find((s) => s.status === 'recovered');
    await tx.insert(incidents).values({
      id,
      code: `SC-${year}-${String(n).padStart(4, '0')}`,
      orgId,
      reporterName: d.reporterName,
      reporterTitle: d.reporterTitle,
      reporterPhone: d.reporterPhone,
      reporterEmail: `${d.reporter}@demo.tuyenquang.gov.vn`,
      detectedAt: t0,
      reportedAt,
      regime,
      type: d.type,
      severity: d.severity,
      serious: d.serious,
      personalDataInvolved: d.personalData ?? false,
      title: d.title,
      description: d.description,
      actionsTaken: d.actionsTaken,
      supportRequested: d.supportRequested,
      infrastructureProvider: 'VNPT Tuyên Quang',
      status: last?.status ?? 'reported',
      responseEndedAt: recovered ? at(recovered.after) : null,
      closingCause: d.final?.cause ?? null,
      closingScope: d.final?.scope ?? null,
      closingRemedy: d.final?.remedy ?? null,
      closingLessons: d.final?.lessons ?? null,
      createdBy: reporter,
      createdAt: reportedAt,
      updatedAt: reportedAt,
    });
    const system = opts.systems.find(d.systemOf);
    if (system) await tx.insert(incidentSystems).values({ incidentId: id, systemId: opts.systemId(system.code), orgId, addedBy: reporter, addedAt: reportedAt });
    await tx.insert(incidentMembers).values([
      { incidentId: id, userId: responder, orgId, role: 'lead', addedBy: analyst, addedAt: at(1) },
      { incidentId: id, userId: analyst, orgId, role: 'member', addedBy: analyst, addedAt: at(1) },
    ]);
    const events: (typeof incidentEvents.$inferInsert)[] = [
      { id: uuidv7(), incidentId: id, orgId, kind: 'reported', toStatus: 'reported', params: { regime }, actorId: reporter, at: reportedAt },
      { id: uuidv7(), incidentId: id, orgId, kind: 'member_added', params: { name: 'Bùi Quang Cứu', role: 'lead' }, actorId: analyst, at: at(1) },
    ];
    let from: IncidentStatus = 'reported';
    for (const s of d.steps) {
      events.push({ id: uuidv7(), incidentId: id, orgId, kind: 'status_changed', fromStatus: from, toStatus: s.status, body: s.note ?? null, params: {}, actorId: responder, at: at(s.after) });
      from = s.status;
    }
    for (const c of d.comments) events.push({ id: uuidv7(), incidentId: id, orgId, kind: 'comment', body: c.body, params: {}, actorId: c.by === 'team' ? responder : reporter, at: at(c.after) });
    for (const x of d.indicators) events.push({ id: uuidv7(), incidentId: id, orgId, kind: 'indicator_added', params: { kind: x.kind, value: x.value }, actorId: responder, at: at(4) });
    await tx.insert(incidentIndicators).values(d.indicators.map((x) => ({ id: uuidv7(), incidentId: id, orgId, kind: x.kind, value: x.value, description: x.description, firstSeen: t0, createdBy: responder, createdAt: at(4) })));
    // The reports owed under the regime: the report itself is the initial one (and the notification).
    const owed = reportObligations(
      rules.filter((r) => r.regime === regime).map((r): DeadlineRule => ({ ...r })),
      { detectedAt: t0, responseEndedAt: recovered ? at(recovered.after) : null, serious: d.serious, nationalSecuritySign: false, beyondCapacity: false, personalDataInvolved: d.personalData ?? false },
    );
    const snapshot = { code: `SC-${year}-${String(n).padStart(4, '0')}`, title: d.title, description: d.description, actionsTaken: d.actionsTaken };
    const reports: (typeof incidentReports.$inferInsert)[] = [
      { id: uuidv7(), incidentId: id, orgId, reportType: 'initial', content: snapshot, dueAt: owed.find((o) => o.reportType === 'initial')?.dueAt ?? null, sentAt: reportedAt, sentBy: reporter, createdAt: reportedAt },
    ];
    for (const o of owed) {
      if (o.reportType === 'initial') continue;
      const answered = o.reportType === 'notification' || (d.final && (o.reportType === 'final' || o.reportType === 'report_72h'));
      const sentAt = o.reportType === 'notification' ? reportedAt : answered && d.final ? at(d.final.after) : null;
      reports.push({
        id: uuidv7(),
        incidentId: id,
        orgId,
        reportType: o.reportType,
        dueAt: o.dueAt,
        content: sentAt ? (o.reportType === 'final' && d.final ? { ...snapshot, summary: 'Báo cáo kết thúc ứng phó.', ...d.final } : { answeredBy: o.reportType === 'notification' ? 'initial' : 'final' }) : null,
        sentAt,
        sentBy: sentAt ? reporter : null,
        // A report already past its due date has been escalated by the deadline job.
        remindedAt: !sentAt && o.dueAt && o.dueAt < opts.now ? o.dueAt : null,
        escalatedAt: !sentAt && o.dueAt && o.dueAt < opts.now ? o.dueAt : null,
        createdAt: reportedAt,
      });
      if (!sentAt && o.dueAt && o.dueAt < opts.now) events.push({ id: uuidv7(), incidentId: id, orgId, kind: 'report_overdue', params: { reportType: o.reportType, due: o.dueAt.toISOString() }, at: o.dueAt });
      if (sentAt && o.reportType === 'final') events.push({ id: uuidv7(), incidentId: id, orgId, kind: 'report_sent', body: 'Báo cáo kết thúc ứng phó.', params: { reportType: 'final' }, actorId: reporter, at: sentAt });
    }
    await tx.insert(incidentReports).values(reports);
    if (d.final) events.push({ id: uuidv7(), incidentId: id, orgId, kind: 'status_changed', fromStatus: from, toStatus: 'closed', body: 'Kết thúc ứng cứu.', params: {}, actorId: responder, at: at(d.final.after + 2) });
    events.sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0));
    await tx.insert(incidentEvents).values(events);
    // Closed last: the trigger of migration 0010 freezes the case and everything attached to it.
    if (d.final) await tx.update(incidents).set({ status: 'closed', closedAt: at(d.final.after + 2), closedBy: responder, updatedAt: at(d.final.after + 2) }).where(sql`${incidents.id} = ${id}`);
  }
  await tx.insert(incidentCodeCounters).values({ year, last: n }).onConflictDoUpdate({ target: incidentCodeCounters.year, set: { last: n } });
  return n;
}
