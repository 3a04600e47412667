/**
 * `npm run khien -- <command>`: operations on the database that main.ts opens (DATABASE_URL, or
 * PGlite at $KHIEN_DATA_DIR/pglite). Messages in Vietnamese, then English.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { eq, isNull } from 'drizzle-orm';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { Name, OrgCode, Username, NewPassword } from '@shared/api/common';
import { parseConfig, type Config } from './config';
import { openDatabase, type Database } from './db/connect';
import { migrate } from './db/migrate';
import { createJobs } from './jobs/queue';
import { systemCtx, withTx, type Ctx } from './http/context';
import { AppError } from './http/errors';
import { translator } from './http/i18n';
import { record, verifyAudit } from './audit/audit';
import { orgs, roleAssignments, users } from './db/schema';
import { hashPassword } from './modules/auth/passwords';
import { parseOrgImportFile } from './modules/orgs/orgs-import.parse';
import { applyCheckedRows, checkRows } from './modules/orgs/orgs-import.service';
import { backupDatabase, restoreDatabase, RestoreRefused } from './ops/backup';
import { isEmpty, seedDemo } from './demo/seed';

const HELP = `Cách dùng: npm run khien -- <lệnh> [tùy chọn]

  migrate                                  Áp dụng các bản cập nhật cơ sở dữ liệu
  create-admin --username u --full-name "…" [--password p]
               [--province-code TQ --province-name "UBND tỉnh …"]
                                           Tạo quản trị viên (và UBND tỉnh nếu chưa có)
  seed-demo                                Nạp dữ liệu dùng thử nếu cơ sở dữ liệu trống
  import-orgs <tệp.csv|xlsx> [--accept-valid-rows]
                                           Nhập danh sách đơn vị (toàn tỉnh)
  backup <tệp>                             Sao lưu toàn bộ dữ liệu (JSON lines)
  restore <tệp>                            Khôi phục vào cơ sở dữ liệu trống
  verify-audit                             Kiểm tra tính toàn vẹn nhật ký kiểm toán

Usage: npm run khien -- <command> [options]

  migrate                                  Apply database migrations
  create-admin --username u --full-name "…" [--password p]
               [--province-code TQ --province-name "UBND tỉnh …"]
                                           Create an administrator (and the province root if none)
  seed-demo                                Load demo data if the database is empty
  import-orgs <file.csv|xlsx> [--accept-valid-rows]
                                           Import organisations (province-wide)
  backup <file>                            Back up every table (JSON lines)
  restore <file>                           Restore into an empty database
  verify-audit                             Check the audit log's hash chain
`;

class CliError extends Error {}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function openFromEnv(config: Config): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ kind: 'postgres', url: config.databaseUrl, max: 2 });
  mkdirSync(config.dataDir, { recursive: true });
  return openDatabase({ kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') });
}

function cliCtx(database: Database, config: Config, name: string): Ctx {
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  // The CLI is run by the operator on the server itself: province-wide, with no user acting.
  return systemCtx({ db: database.db, database, config, log, clock: () => new Date(), jobs: createJobs(database) }, name);
}

/** An AppError as the two sentences an operator reads. */
function explain(e: AppError): string {
  const params = { requestId: 'cli', ...e.params };
  const fields = e.fields ? Object.entries(e.fields).map(([f, v]) => ` [${f}: ${translator('vi')(v.key, v.params ?? {})}]`).join('') : '';
  return `${translator('vi')(e.messageKey, params)}${fields}\n${translator('en')(e.messageKey, params)}`;
}

async function createAdmin(ctx: Ctx, v: Record<string, string | boolean | undefined>): Promise<void> {
  const str = (k: string) => (typeof v[k] === 'string' ? v[k] : undefined);
  const username = Username.safeParse(str('username'));
  const fullName = Name.safeParse(str('full-name'));
  if (!username.success || !fullName.success) throw new CliError('Cần --username (3–64 ký tự a-z0-9._-) và --full-name. / --username and --full-name are required.');
  const given = str('password');
  if (given !== undefined && !NewPassword.safeParse(given).success) throw new CliError('Mật khẩu cần ít nhất 10 ký tự. / The password needs at least 10 characters.');
  const password = given ?? randomBytes(12).toString('base64url');
  const [taken] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.username, username.data));
  if (taken) throw new CliError(`Tên đăng nhập «${username.data}» đã có. / Username «${username.data}» is taken.`);
  const [existingRoot] = await ctx.db.select().from(orgs).where(isNull(orgs.parentId)).limit(1);
  let root = existingRoot;
  let newRoot: { id: string; code: string; name: string } | null = null;
  if (!root) {
    const code = OrgCode.safeParse(str('province-code'));
    const name = Name.safeParse(str('province-name'));
    if (!code.success || !name.success) {
      throw new CliError('Chưa có UBND tỉnh: cần thêm --province-code và --province-name. / No province root yet: add --province-code and --province-name.');
    }
    newRoot = { id: uuidv7(), code: code.data, name: name.data };
  }
  const passwordHash = await hashPassword(password);
  const userId = uuidv7();
  await withTx(ctx, async (tx) => {
    if (newRoot) {
      const [created] = await tx.db
        .insert(orgs)
        .values({ id: newRoot.id, code: newRoot.code, name: newRoot.name, kind: 'province', parentId: null, path: `/${newRoot.id}/`, depth: 0 })
        .returning();
      await record(tx, { action: 'org.created', entityType: 'org', entityId: newRoot.id, orgId: newRoot.id, after: created });
      root = created;
    }
    if (!root) throw new CliError('root missing');
    const [user] = await tx.db
      .insert(users)
      .values({ id: userId, orgId: root.id, username: username.data, fullName: fullName.data, passwordHash, mustChangePassword: true })
      .returning();
    const assignment = { id: uuidv7(), userId, role: 'admin' as const, orgId: root.id, createdBy: null };
    await tx.db.insert(roleAssignments).values(assignment);
    if (user) {
      const { passwordHash: _p, ...auditable } = user;
      await record(tx, { action: 'user.created', entityType: 'user', entityId: userId, orgId: root.id, after: { ...auditable, roles: [assignment] } });
    }
  });
  if (newRoot) out(`Đã tạo UBND tỉnh ${newRoot.code}. / Created the province root ${newRoot.code}.`);
  out(`Đã tạo quản trị viên ${username.data}; phải đổi mật khẩu và cài xác thực hai lớp ở lần đăng nhập đầu.`);
  out(`Created administrator ${username.data}; they must change the password and set up two-factor authentication at first sign-in.`);
  if (!given) out(`Mật khẩu tạm (chỉ hiện một lần) / temporary password (shown once): ${password}`);
}

async function importOrgs(ctx: Ctx, file: string, acceptValidRows: boolean): Promise<boolean> {
  const data = await readFile(file);
  const raw = await parseOrgImportFile(data, path.basename(file));
  out(`Đã đọc ${raw.length} dòng. / Read ${raw.length} rows.`);
  const checked = await checkRows(ctx, raw);
  for (const r of checked) if (r.errors.length) err(`  dòng / row ${r.row} (${r.code ?? '—'}): ${r.errors.join('; ')}`);
  const invalid = checked.filter((r) => r.action === 'error').length;
  if (invalid > 0 && !acceptValidRows) {
    err(`Có ${invalid} dòng lỗi; không ghi gì. Sửa tệp hoặc thêm --accept-valid-rows.`);
    err(`${invalid} rows have errors; nothing written. Fix the file or add --accept-valid-rows.`);
    return false;
  }
  const result = await withTx(ctx, (tx) =>
    applyCheckedRows(tx, checked, acceptValidRows, (done) => out(`  … ${done}/${checked.length - invalid}`)),
  );
  out(`Tạo mới ${result.created}, cập nhật ${result.updated}, bỏ qua ${result.skipped}.`);
  out(`Created ${result.created}, updated ${result.updated}, skipped ${result.skipped}.`);
  return true;
}

function progressPrinter() {
  let lastTable = '';
  return (table: string, done: number, total: number) => {
    if (total >= 5000 || table !== lastTable) out(`  ${table}: ${done}/${total}`);
    lastTable = table;
  };
}

export async function runCli(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      'full-name': { type: 'string' },
      password: { type: 'string' },
      'province-code': { type: 'string' },
      'province-name': { type: 'string' },
      'accept-valid-rows': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, arg] = positionals;
  if (!command || values.help || command === 'help') {
    out(HELP);
    return command || values.help ? 0 : 1;
  }
  const needsArg = ['import-orgs', 'backup', 'restore'];
  const known = ['migrate', 'create-admin', 'seed-demo', 'verify-audit', ...needsArg];
  if (!known.includes(command)) {
    err(`Lệnh không có: ${command}. / Unknown command: ${command}.\n`);
    err(HELP);
    return 2;
  }
  if (needsArg.includes(command) && !arg) {
    err(`Thiếu tên tệp. / A file name is required.\n`);
    return 2;
  }
  const config = parseConfig();
  const database = await openFromEnv(config);
  try {
    if (command === 'migrate') {
      const r = await migrate(database);
      for (const m of r.applied) out(`  + ${m}`);
      out(`Đã áp dụng ${r.applied.length} bản cập nhật (tổng ${r.total}). / Applied ${r.applied.length} migrations (of ${r.total}).`);
      return 0;
    }
    await migrate(database);
    switch (command) {
      case 'create-admin':
        await createAdmin(cliCtx(database, config, 'cli.create-admin'), values);
        return 0;
      case 'seed-demo':
        if (!(await isEmpty(database.db))) {
          out('Cơ sở dữ liệu đã có dữ liệu; không nạp dữ liệu dùng thử. / The database is not empty; demo data not loaded.');
          return 0;
        }
        await seedDemo(database.db);
        out('Đã nạp dữ liệu dùng thử. / Demo data loaded.');
        return 0;
      case 'import-orgs':
        return (await importOrgs(cliCtx(database, config, 'cli.import-orgs'), arg ?? '', values['accept-valid-rows'] === true)) ? 0 : 1;
      case 'backup': {
        const counts = await backupDatabase(database, arg ?? '', progressPrinter());
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        out(`Đã sao lưu ${total} dòng vào ${arg}. / Backed up ${total} rows to ${arg}.`);
        return 0;
      }
      case 'restore': {
        const counts = await restoreDatabase(database, arg ?? '', progressPrinter());
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        out(`Đã khôi phục ${total} dòng. / Restored ${total} rows.`);
        return 0;
      }
      case 'verify-audit': {
        const v = await verifyAudit(database.db, (n) => out(`  … ${n}`));
        if (v.ok) {
          out(`Nhật ký kiểm toán toàn vẹn (${v.checked} bản ghi). / Audit log OK (${v.checked} records).`);
          return 0;
        }
        err(`Nhật ký kiểm toán bị sai lệch tại seq ${v.firstBadSeq}: ${v.reason}. / Audit log broken at seq ${v.firstBadSeq}: ${v.reason}.`);
        return 1;
      }
    }
    return 2;
  } catch (e) {
    if (e instanceof AppError) err(explain(e));
    else if (e instanceof RestoreRefused) {
      const vi = { not_empty: 'Cơ sở dữ liệu đích không trống', migrations_differ: 'Phiên bản cơ sở dữ liệu khác với bản sao lưu', bad_file: 'Tệp sao lưu không hợp lệ' }[e.reason];
      err(`${vi}: ${e.message}. Không khôi phục gì. / Restore refused (${e.reason}): ${e.message}.`);
    } else if (e instanceof CliError) err(e.message);
    else throw e;
    return 1;
  } finally {
    await database.close();
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]).replace(/\.ts$/, '') === path.resolve(import.meta.dirname, 'cli');
if (isMain) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      err(`Lỗi ngoài dự kiến / unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(1);
    },
  );
}
