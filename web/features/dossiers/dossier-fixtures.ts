import type { Dossier } from '@shared/api/dossiers';

export const DOSSIER_ID = '0190a000-0000-7000-8000-00000000d001';

/** A dossier at the appraisal step with one comment on the design section (version 1 was returned). */
export function makeDossier(overrides: Partial<Dossier> = {}): Dossier {
  return {
    id: DOSSIER_ID,
    orgId: '0190a000-0000-7000-8000-000000000001',
    orgName: 'UBND xã Tân Lập',
    systemId: '0190a000-0000-7000-8000-00000000a001',
    systemName: 'Hệ thống quản lý văn bản và điều hành',
    systemCode: 'HT-QLVB',
    regime: 'nd331_2026',
    state: 'under_appraisal',
    form08Status: 'sent_for_appraisal',
    proposedLevel: 3,
    approvedLevel: null,
    currentVersion: 2,
    receivedAt: '2026-11-24T01:00:00.000Z',
    clock: 'appraisal',
    dueOn: '2026-12-15',
    directiveDueOn: null,
    isOverdue: false,
    decisionNo: null,
    decisionDate: null,
    supersededBy: null,
    supersededAt: null,
    updatedAt: '2026-11-24T01:00:00.000Z',
    sections: {
      overview: 'Hệ thống phục vụ quản lý văn bản đi, đến của UBND xã.',
      design: 'Máy chủ ứng dụng và CSDL đặt tại Trung tâm dữ liệu tỉnh.',
      level_rationale: 'Cấp độ 3.',
      security_plan: {
        design_build: 'Phân vùng mạng.',
        operation: 'Quản lý vận hành.',
        inspection: 'Kiểm tra hằng năm.',
        risk: 'Đánh giá rủi ro.',
        monitoring: 'Kết nối giám sát.',
        backup_response_recovery: 'Sao lưu hằng ngày.',
        decommissioning: 'Hủy dữ liệu an toàn.',
      },
    },
    frozen: true,
    regulationNo: null,
    regulationIssuedOn: null,
    appraisalOpinion: null,
    appraisalCouncil: null,
    headEndorsedVersion: 2,
    versions: [
      { version: 1, frozenAt: '2026-11-23T02:00:00.000Z', proposedLevel: 3 },
      { version: 2, frozenAt: '2026-11-24T00:00:00.000Z', proposedLevel: 3 },
    ],
    comments: [
      {
        id: '0190a000-0000-7000-8000-00000000c001',
        version: 1,
        section: 'design',
        body: 'Bổ sung sơ đồ mạng và quy hoạch địa chỉ IP.',
        authorName: 'Trần Thẩm Định',
        createdAt: '2026-11-24T01:00:00.000Z',
        resolvedAt: null,
      },
    ],
    events: [],
    attachments: [
      {
        id: '0190a000-0000-7000-8000-00000000f001',
        version: 2,
        section: 'design',
        fileName: 'so-do-mang.png',
        mediaType: 'image/png',
        sizeBytes: 68,
        sha256: 'a'.repeat(56) + '12345678',
        createdAt: '2026-11-23T02:00:00.000Z',
      },
    ],
    missingSections: [],
    can: { edit: false, endorse: false, comment: true, transitions: ['return_for_revision', 'appraise'], councilRequired: false },
    ...overrides,
  };
}
