/** Fixture inputs of the STIX builders' tests: one incident and one advisory with every field filled. */
import type { StixAdvisoryInput, StixIncidentInput, StixOrg } from './stix.model';

export const PRODUCER: StixOrg = { id: '0193a1b2-0000-7000-8000-000000000001', code: 'TQ', name: 'Công an tỉnh Tuyên Quang' };
export const COMMUNE: StixOrg = { id: '0193a1b2-0000-7000-8000-000000000002', code: 'X001', name: 'UBND xã Minh Xuân' };

export function incidentFixture(over: Partial<StixIncidentInput> = {}): StixIncidentInput {
  const at = (s: string) => new Date(s);
  return {
    id: '0193a1b2-1111-7000-8000-000000000001',
    code: 'SC-2026-0012',
    title: 'Trang thông tin điện tử của xã bị thay đổi giao diện',
    description: 'Trang chủ hiển thị nội dung lạ từ 07:40; đã tạm ngừng trang.',
    type: 'defacement',
    severity: 'high',
    status: 'responding',
    detectedAt: at('2026-12-01T00:40:00.000Z'),
    reportedAt: at('2026-12-01T01:05:00.000Z'),
    updatedAt: at('2026-12-02T03:00:00.000Z'),
    closedAt: null,
    reportingOrg: COMMUNE,
    tlp: 'amber',
    systems: [{ id: '0193a1b2-2222-7000-8000-000000000001', code: 'HT-X001-01', name: 'Cổng thông tin điện tử xã Minh Xuân' }],
    indicators: [
      { id: '0193a1b2-3333-7000-8000-000000000001', kind: 'ipv4', value: '203.0.113.7', description: 'Địa chỉ đăng nhập quản trị lạ', firstSeen: at('2026-11-30T22:00:00.000Z'), createdAt: at('2026-12-01T02:00:00.000Z') },
      { id: '0193a1b2-3333-7000-8000-000000000002', kind: 'ipv6', value: '2001:DB8::1', description: null, firstSeen: null, createdAt: at('2026-12-01T02:01:00.000Z') },
      { id: '0193a1b2-3333-7000-8000-000000000003', kind: 'domain', value: 'Evil-Example.com', description: null, firstSeen: null, createdAt: at('2026-12-01T02:02:00.000Z') },
      { id: '0193a1b2-3333-7000-8000-000000000004', kind: 'url', value: "http://evil.example.com/a'b\\c?x=1&y=2", description: 'URL có dấu nháy và gạch chéo ngược', firstSeen: null, createdAt: at('2026-12-01T02:03:00.000Z') },
      { id: '0193a1b2-3333-7000-8000-000000000005', kind: 'md5', value: 'D41D8CD98F00B204E9800998ECF8427E', description: null, firstSeen: null, createdAt: at('2026-12-01T02:04:00.000Z') },
      { id: '0193a1b2-3333-7000-8000-000000000006', kind: 'sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', description: null, firstSeen: null, createdAt: at('2026-12-01T02:05:00.000Z') },
      { id: '0193a1b2-3333-7000-8000-000000000007', kind: 'sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: null, firstSeen: null, createdAt: at('2026-12-01T02:06:00.000Z') },
      { id: '0193a1b2-3333-7000-8000-000000000008', kind: 'email', value: 'ke.gian@example.net', description: null, firstSeen: null, createdAt: at('2026-12-01T02:07:00.000Z') },
    ],
    timeline: [
      { at: at('2026-12-01T01:05:00.000Z'), kind: 'status', text: 'Xã báo cáo sự cố.' },
      { at: at('2026-12-01T02:30:00.000Z'), kind: 'action', text: 'Đội ứng cứu cô lập máy chủ web.' },
    ],
    closing: null,
    ...over,
  };
}

export function advisoryFixture(over: Partial<StixAdvisoryInput> = {}): StixAdvisoryInput {
  return {
    id: '0193a1b2-4444-7000-8000-000000000001',
    code: 'CB-2026-0031',
    title: 'Lỗ hổng nghiêm trọng trong PAN-OS GlobalProtect',
    description: 'Lỗ hổng cho phép thực thi mã từ xa không cần xác thực.',
    guidance: 'Cập nhật PAN-OS lên bản vá mới nhất; tạm thời tắt telemetry của thiết bị.',
    severity: 'critical',
    cvss: 10,
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
    cves: ['CVE-2024-3400', 'cve-2024-3400', 'CVE-2021-44228'],
    products: [
      { vendor: 'Palo Alto Networks', product: 'PAN-OS', versions: '>= 10.2.0, < 10.2.9-h1' },
      { vendor: null, product: 'Apache Log4j', versions: '< 2.17.1' },
    ],
    tlp: 'clear',
    publishedAt: new Date('2026-11-20T02:00:00.000Z'),
    updatedAt: new Date('2026-11-21T02:00:00.000Z'),
    issuer: PRODUCER,
    acknowledgeDue: new Date('2026-11-22T10:00:00.000Z'),
    remediationDue: new Date('2026-11-27T10:00:00.000Z'),
    ...over,
  };
}
