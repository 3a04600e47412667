/**
 * The registry as an Excel workbook: one row per system, Vietnamese headers, values as labels. The
 * export uses the import's columns first (so an edited export can be imported back), then read-only
 * columns (unit and owner names, levels, dates). The template is the same header with one example row.
 */
import { newSheet } from '../../files/excel';
import type { ExportSystemsQuery, SystemComponent } from '@shared/api/systems';
import type { Ctx } from '../../http/context';
import { translator } from '../../http/i18n';
import type { InformationSystemRow } from '../../db/schema';
import * as repo from './systems.repo';
import { HEADERS, IMPORT_FIELDS, type ImportField } from './systems-import.parse';

type T = ReturnType<typeof translator>;

/** A component as one cell segment: "kind | vendor | product | version" (the import reads it back). */
export function formatComponent(t: T, c: { kind: string; vendor?: string | null; product: string; version?: string | null }): string {
  return [t(`systems.componentKinds.${c.kind}`), c.vendor ?? '', c.product, c.version ?? ''].join(' | ');
}

interface ExportRow {
  system: Pick<InformationSystemRow, 'code' | 'name' | 'systemType' | 'purpose' | 'audiences' | 'infoTypes' | 'hosting' | 'hostingProvider' | 'lifecycle' | 'isImportant' | 'userCount' | 'handlesAdminProcedures' | 'onlinePublicServiceLevel' | 'personalBasicSubjects' | 'personalSensitiveSubjects' | 'infraScope' | 'requires24x7' | 'contactName' | 'contactPhone' | 'contactEmail'>;
  orgCode: string;
  ownerOrgCode: string | null;
  components: SystemComponent[];
}

function importCells(t: T, r: ExportRow): Record<ImportField, string | number> {
  const s = r.system;
  const yesNo = (b: boolean) => t(b ? 'systems.yes' : 'systems.no');
  return {
    orgCode: r.orgCode,
    code: s.code,
    name: s.name,
    systemType: t(`systems.types.${s.systemType}`),
    purpose: s.purpose ?? '',
    ownerOrgCode: r.ownerOrgCode ?? '',
    audiences: s.audiences.map((a) => t(`systems.audiences.${a}`)).join('; '),
    infoTypes: s.infoTypes.map((a) => t(`systems.infoTypes.${a}`)).join('; '),
    hosting: s.hosting ? t(`systems.hostings.${s.hosting}`) : '',
    hostingProvider: s.hostingProvider ?? '',
    lifecycle: t(`systems.lifecycles.${s.lifecycle}`),
    isImportant: yesNo(s.isImportant),
    userCount: s.userCount,
    handlesAdminProcedures: yesNo(s.handlesAdminProcedures),
    onlinePublicServiceLevel: s.onlinePublicServiceLevel,
    personalBasicSubjects: s.personalBasicSubjects,
    personalSensitiveSubjects: s.personalSensitiveSubjects,
    infraScope: s.infraScope ? t(`systems.infraScopes.${s.infraScope}`) : '',
    requires24x7: yesNo(s.requires24x7),
    contactName: s.contactName ?? '',
    contactPhone: s.contactPhone ?? '',
    contactEmail: s.contactEmail ?? '',
    components: r.components.map((c) => formatComponent(t, c)).join('; '),
  };
}

const WIDTH: Partial<Record<ImportField, number>> = { name: 45, purpose: 40, components: 70, infoTypes: 30, audiences: 30, systemType: 28 };

/** The import's columns (so that an export can be imported back), then `extra`. */
function systemSheet(t: T, extra: string[]) {
  const headers = [...IMPORT_FIELDS.map((f) => HEADERS[f][0]), ...extra];
  return newSheet(t('systems.export.sheet'), headers.map((header, i) => ({ header, width: WIDTH[IMPORT_FIELDS[i] ?? 'code'] })));
}

/** Every system the filters match in the actor's scope, as an XLSX file. */
export async function exportSystems(ctx: Ctx, q: ExportSystemsQuery): Promise<Buffer> {
  const t = translator(ctx.locale);
  const rows = await repo.allSystems(ctx, q);
  const components = await repo.componentsOf(ctx, rows.map((r) => r.system.id));
  const e = (k: string) => t(`systems.export.${k}`);
  const { workbook, sheet } = await systemSheet(t, [e('orgName'), e('ownerOrgName'), e('proposedLevel'), e('approvedLevel'), e('classifiedAt'), e('updatedAt')]);
  for (const r of rows) {
    const cells = importCells(t, { system: r.system, orgCode: r.orgCode, ownerOrgCode: r.ownerOrgCode, components: components.get(r.system.id) ?? [] });
    sheet.addRow([
      ...IMPORT_FIELDS.map((f) => cells[f]),
      r.orgName,
      r.ownerOrgName ?? '',
      r.system.proposedLevel ?? '',
      r.system.approvedLevel ?? '',
      r.system.classifiedAt ? r.system.classifiedAt.toISOString().slice(0, 10) : '',
      r.system.updatedAt.toISOString().slice(0, 10),
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The import template: the header, one example row, and a note sheet. */
export async function systemsTemplate(ctx: Ctx): Promise<Buffer> {
  const t = translator(ctx.locale);
  const { workbook, sheet } = await systemSheet(t, []);
  const example: ExportRow = {
    orgCode: 'X001',
    ownerOrgCode: 'X001',
    system: {
      code: '',
      name: 'Hệ thống quản lý văn bản và điều hành',
      systemType: 'internal',
      purpose: 'Quản lý văn bản đến, văn bản đi và hồ sơ công việc',
      audiences: ['internal'],
      infoTypes: ['public', 'private'],
      hosting: 'provincial_dc',
      hostingProvider: null,
      lifecycle: 'operating',
      isImportant: false,
      userCount: 60,
      handlesAdminProcedures: false,
      onlinePublicServiceLevel: 0,
      personalBasicSubjects: 0,
      personalSensitiveSubjects: 0,
      infraScope: null,
      requires24x7: false,
      contactName: 'Nguyễn Văn A',
      contactPhone: '0912345678',
      contactEmail: 'vanthu@example.gov.vn',
    },
    components: [
      { kind: 'operating_system', vendor: 'Microsoft', product: 'Windows Server', version: '2019' },
      { kind: 'web_server', vendor: 'Apache', product: 'Tomcat', version: '9.0.80' },
      { kind: 'database', vendor: 'PostgreSQL', product: 'PostgreSQL', version: '14' },
    ],
  };
  const cells = importCells(t, example);
  sheet.addRow(IMPORT_FIELDS.map((f) => cells[f]));
  const note = workbook.addWorksheet(t('systems.export.noteSheet'));
  note.getColumn(1).width = 120;
  note.addRow([t('systems.export.templateNote')]).alignment = { wrapText: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
