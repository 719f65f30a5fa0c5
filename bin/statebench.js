#!/usr/bin/env node
// The command's entry. An installed package ships its compiled dist/. A clone of the
// repository has no install script (npm warns consumers about any), so here, and only
// in a clone, dist/ is compiled on first use and again whenever a source is newer.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'src', 'cli', 'main.js');

/** Newest modification time of the .ts files under `dir`, 0 when there are none. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const isClone = existsSync(join(root, 'tsconfig.json')) && existsSync(join(root, 'src'));
if (isClone) {
  const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  if (built < Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'targets')))) {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    if (!existsSync(tsc)) {
      process.stderr.write('statebench: this clone is not built and TypeScript is not installed; run `npm install` first.\n');
      process.exit(3);
    }
    process.stderr.write('statebench: compiling this clone (npm run build)…\n');
    const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
    if (result.status !== 0) process.exit(4);
  }
}

const { main } = await import(entry);
process.exitCode = await main(process.argv);
