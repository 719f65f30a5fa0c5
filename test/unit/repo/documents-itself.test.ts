import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
const texts = tracked.filter((path) => /\.(ts|js|mjs|md|json|sh|yml|yaml)$/.test(path) || path === '.ci/run');

describe('the repository documents itself', () => {
  // Readers have the repository only: a citation of a file outside it is a dead end.
  it('no file cites the design contract, or the folder beside the repository it lives in', () => {
    const citing = texts.filter((path) => /DESIGN\.md|STYLE\.md|\.\.\/shared\b/.test(readFileSync(join(ROOT, path), 'utf8')));
    expect(citing).toEqual([]);
  });

  it('every relative link in the Markdown files names a file that exists', () => {
    const broken: string[] = [];
    for (const path of texts.filter((file) => file.endsWith('.md'))) {
      for (const [, target] of readFileSync(join(ROOT, path), 'utf8').matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        if (!existsSync(resolve(ROOT, dirname(path), target!))) broken.push(`${path} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
