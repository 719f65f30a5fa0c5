import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

interface PackEntry {
  readonly files: readonly { readonly path: string }[];
}

describe('the npm package', () => {
  it('ships what runs (compiled JavaScript, its types, the reference target files, the docs) and no sources, maps or tests', async () => {
    const { stdout } = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: process.cwd() });
    const [entry] = JSON.parse(stdout) as PackEntry[];
    const paths = entry!.files.map((file) => file.path);
    const strays = paths.filter(
      (path) =>
        !(
          /^dist\/(src|targets)\/.+\.(js|d\.ts)$/.test(path) ||
          /^docs\/[^/]+\.(md|json)$/.test(path) ||
          /^targets\/[^/]+\/designs\.json$/.test(path) ||
          ['bin/statebench.js', 'package.json', 'README.md', 'LICENSE'].includes(path)
        ),
    );
    expect(strays).toEqual([]);
    expect(paths.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
    // What the CLI and the fleets need at run time is there.
    expect(paths).toContain('dist/src/cli/main.js');
    expect(paths).toContain('dist/targets/pizza/stateless/server.js');
    expect(paths).toContain('dist/src/balancer/main.js');
    // The reference designs are target files, read at run time like a user's.
    for (const scenario of ['pizza', 'atm', 'chat']) expect(paths).toContain(`targets/${scenario}/designs.json`);
  });

  it('has no install script, which npm 11 would warn every consumer about', async () => {
    const { stdout } = await execa('npm', ['pkg', 'get', 'scripts'], { cwd: process.cwd() });
    const scripts = Object.keys(JSON.parse(stdout) as Record<string, string>);
    expect(scripts.filter((name) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(name))).toEqual([]);
  });
});
