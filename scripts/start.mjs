#!/usr/bin/env node
// `npm start`: builds (`npm run build`: the web app, compressed, and the bundled server) when dist/ is
// missing or older than its sources, then runs the server (`node dist/server/main.js`) with this
// process's stdio and environment. Works right
// after `npm ci` on a fresh clone. SIGINT/SIGTERM are passed on so the server can close cleanly;
// if this process is killed outright (SIGKILL) the server would be left running.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(root, 'dist', 'web', 'index.html');
const builtServer = path.join(root, 'dist', 'server', 'main.js');
const sources = ['web', 'shared', 'server', 'index.html', 'vite.config.ts', 'package-lock.json'].map((p) => path.join(root, p));

/** Newest modification time (ms) of a file or of any file below a folder; 0 when absent. */
function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

function needsBuild() {
  if (!existsSync(builtIndex) || !existsSync(builtServer)) return 'missing';
  const builtAt = Math.min(statSync(builtIndex).mtimeMs, statSync(builtServer).mtimeMs);
  return sources.some((s) => newestMtime(s) > builtAt) ? 'stale' : null;
}

const reason = needsBuild();
if (reason) {
  console.log(
    reason === 'missing'
      ? '[khien] Chưa có bản dựng, đang dựng… / Not built yet, building…'
      : '[khien] Mã nguồn đã thay đổi, đang dựng lại… / Sources changed, rebuilding…',
  );
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit', env: process.env });
  if (build.status !== 0) {
    console.error('[khien] Dựng thất bại / build failed');
    process.exit(build.status ?? 1);
  }
}

// The server runs in its own process group so that a signal sent to the whole group (Ctrl-C in a
// terminal, `kill -- -PGID`) reaches it exactly once, through the forwarding below: a second
// SIGTERM would cut its clean shutdown short.
const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.js'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: process.env,
  detached: true,
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('error', (error) => {
  console.error(`[khien] Không chạy được máy chủ / could not start the server: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
});
