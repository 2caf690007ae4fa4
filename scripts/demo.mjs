#!/usr/bin/env node
// `npm run demo` and `npm run screenshots` start here, with nothing but Node:
// install the npm dependencies when node_modules is missing (a fresh clone),
// package the extension into seqera-vscode.vsix (what users install; the demo
// installs exactly that), compile the demo scripts, then run them.
// Usage: node scripts/demo.mjs <demo|screenshots> [options of that script]
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = { demo: 'out/scripts/demo/main.js', screenshots: 'out/scripts/demo/screenshots.js' };
const [which, ...args] = process.argv.slice(2);
if (!entries[which]) {
  console.error(`usage: node scripts/demo.mjs <${Object.keys(entries).join('|')}> [options]`);
  process.exit(2);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(title, npmArgs) {
  console.log(`> ${title}`);
  const r = spawnSync(npm, npmArgs, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`${title} failed (npm ${npmArgs.join(' ')}, exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
}

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  run('Installing npm dependencies (first run)…', ['install', '--no-audit', '--no-fund']);
}
run('Packaging the extension (seqera-vscode.vsix)…', ['run', '--silent', 'package']);
run('Compiling the demo…', ['run', '--silent', 'compile-tests']);

const child = spawn(process.execPath, [join(root, entries[which]), ...args], { cwd: root, stdio: 'inherit' });
// Ctrl+C reaches the child through the terminal's process group; it cleans up and exits.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
