/**
 * docker-compose.yml and deploy/k8s/ (docs/remote.md) are checked without an engine: the
 * Compose file passes `docker-compose config`, the manifests parse, the HAProxy configs pass
 * `haproxy -c`, and every image and command they name exists: official images, or the
 * image the Dockerfile builds, whose commands are the built package's own entry points.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';

// js-yaml is a devDependency without types of its own.
const { load, loadAll } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown; loadAll(text: string): unknown[] };
const ROOT = process.cwd();
const OWN_IMAGE = 'statebench:local';
/** Official images the deployments may use, by name (any tag). */
const OFFICIAL = ['redis', 'haproxy', 'node'];
const HAPROXY = existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';

interface ComposeService {
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly volumes?: readonly (string | { source: string; target: string })[];
}

const packageFiles = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;

/** Whether `path` is in the npm package: a `files` glob covers it, and the build made it. */
function shipped(path: string): boolean {
  const covered = packageFiles.some((glob) => {
    const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '\0').replace(/\*/g, '[^/]*').replaceAll('\0', '(?:.*/)?');
    return new RegExp(`^${pattern}(?:/.*)?$`).test(path);
  });
  return covered && existsSync(join(ROOT, path));
}

/** The scripts a command line runs with node: `node dist/x.js …`, also inside `sh -c '…'`. */
function nodeScripts(words: readonly string[]): string[] {
  return [...words.join(' ').matchAll(/\bnode\s+([\w./-]+\.js)\b/g)].map((match) => match[1]!);
}

function expectKnownImage(image: string | undefined, where: string): void {
  expect(image, where).toBeDefined();
  if (image === OWN_IMAGE) return;
  expect(OFFICIAL, `${where}: ${image}`).toContain(image!.split(':')[0]);
}

describe('docker-compose.yml', () => {
  let services: Record<string, ComposeService>;

  beforeAll(async () => {
    // CI installs docker-compose (Debian's package validates without an engine): a missing binary fails, never skips.
    const result = await execa('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
      cwd: ROOT,
      reject: false,
      env: { STATEBENCH_SECRET: 'a-test-key-of-thirty-two-bytes-or-more' },
    });
    if (result.failed && (result as { code?: string }).code === 'ENOENT') {
      throw new Error('docker-compose is not installed: install it (Debian: apt-get install docker-compose) to validate docker-compose.yml');
    }
    expect(result.exitCode, result.stderr).toBe(0);
    services = (load(result.stdout) as { services: Record<string, ComposeService> }).services;
  });

  it('runs Redis, three stateful and three stateless pizza servers, and HAProxy in front of each fleet', () => {
    expect(Object.keys(services).sort()).toEqual([
      'haproxy-stateful', 'haproxy-stateless', 'load',
      'pizza-stateful-1', 'pizza-stateful-2', 'pizza-stateful-3',
      'pizza-stateless-1', 'pizza-stateless-2', 'pizza-stateless-3', 'redis',
    ]);
  });

  it('names only official images, or the one its Dockerfile builds', () => {
    for (const [name, service] of Object.entries(services)) {
      expectKnownImage(service.image, name);
      if (service.image === OWN_IMAGE) expect(service.build, name).toBeDefined();
    }
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^FROM node:20/m);
  });

  it("runs the built package's own entry points", () => {
    for (const [name, service] of Object.entries(services).filter(([, s]) => s.image === OWN_IMAGE && s.command)) {
      const scripts = nodeScripts(service.command!);
      expect(scripts, name).toHaveLength(1);
      for (const script of scripts) expect(shipped(script), `${name}: ${script}`).toBe(true);
    }
    const load = services.load!;
    const script = load.entrypoint!.find((word) => word.endsWith('.sh'))!;
    const text = readFileSync(join(ROOT, script), 'utf8');
    expect(text).toContain('--shard "$index/$SHARDS"');
    for (const entry of nodeScripts(text.split('\n'))) expect(shipped(entry), entry).toBe(true);
  });

  it('gives each HAProxy a configuration that haproxy -c accepts, with a health check on /healthz', async () => {
    for (const name of ['haproxy-stateful', 'haproxy-stateless']) {
      const mount = services[name]!.volumes![0]!;
      const source = typeof mount === 'string' ? mount.split(':')[0]! : mount.source;
      const check = await execa(HAPROXY, ['-c', '-f', source], { reject: false });
      expect(check.exitCode, check.stderr).toBe(0);
      expect(readFileSync(source, 'utf8')).toContain('option httpchk GET /healthz');
    }
    expect(readFileSync(join(ROOT, 'deploy/compose/haproxy-stateful.cfg'), 'utf8')).toContain('cookie SERVERID insert indirect nocache');
  });
});

describe('deploy/k8s', () => {
  interface Container {
    readonly image: string;
    readonly command?: readonly string[];
    readonly args?: readonly string[];
  }
  interface Manifest {
    readonly kind: string;
    readonly metadata: { readonly name: string };
    readonly spec: { readonly completionMode?: string; readonly template?: { readonly spec: { readonly containers: readonly Container[] } } };
  }
  const manifests = ['redis.yaml', 'fleet.yaml', 'load-job.yaml'].flatMap((file) =>
    (loadAll(readFileSync(join(ROOT, 'deploy/k8s', file), 'utf8')) as Manifest[]).map((manifest) => ({ file, manifest })));

  it('parses, and holds the fleet as a Deployment and a Service, Redis, and an Indexed Job', () => {
    const kinds = manifests.map(({ manifest }) => `${manifest.kind}/${manifest.metadata.name}`).sort();
    expect(kinds).toEqual(['Deployment/pizza', 'Deployment/redis', 'Job/statebench-load', 'Service/pizza', 'Service/redis']);
    const job = manifests.find(({ manifest }) => manifest.kind === 'Job')!.manifest;
    expect(job.spec.completionMode).toBe('Indexed');
  });

  it('names only official images or its own, and only commands the built package has', () => {
    for (const { file, manifest } of manifests) {
      for (const container of manifest.spec.template?.spec.containers ?? []) {
        expectKnownImage(container.image, `${file} ${manifest.metadata.name}`);
        if (container.image !== OWN_IMAGE) continue;
        const scripts = nodeScripts([...(container.command ?? []), ...(container.args ?? [])]);
        expect(scripts.length, file).toBeGreaterThan(0);
        for (const script of scripts) expect(shipped(script), `${file}: ${script}`).toBe(true);
      }
    }
  });

  it('turns the 0-based completion index into the 1-based --shard', () => {
    const job = manifests.find(({ manifest }) => manifest.kind === 'Job')!.manifest;
    const args = job.spec.template!.spec.containers[0]!.args!.join(' ');
    // `$$` is Kubernetes' escape for a literal `$`: the shell sees $((JOB_COMPLETION_INDEX + 1)).
    expect(args).toContain('--shard "$$((JOB_COMPLETION_INDEX + 1))/$SHARDS"');
  });
});
