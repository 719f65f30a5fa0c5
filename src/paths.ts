import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root (where package.json, bin/ and dist/ are), found by walking up from
 * this module, so it is right whether it runs compiled from dist/ (a clone or an installed
 * package, which ships no sources) or from source under a test runner.
 */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin', 'statebench.js'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/** A compiled module of the project, e.g. `distPath('src/balancer/main.js')`. */
export function distPath(relative: string): string {
  return join(PROJECT_ROOT, 'dist', relative);
}
