import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunConfig, parseFleetConfig } from '../../../src/config/run-config.js';
import { parseTargetFile, pickDesigns, readTargetFile, referenceDesigns } from '../../../src/designs/index.js';
import { ConfigError } from '../../../src/errors.js';
import { pizza } from '../../../src/scenarios/pizza/index.js';
import { atm } from '../../../src/scenarios/atm/index.js';
import { chat } from '../../../src/scenarios/chat/index.js';

const SCENARIOS = ['pizza', 'atm', 'chat'];
const NODE = '/opt/node/bin/node';
const parse = (json: unknown, path = 'my.json') => parseTargetFile(path, typeof json === 'string' ? json : JSON.stringify(json), SCENARIOS, NODE);
const design = (fields: Record<string, unknown>) => ({ scenario: 'pizza', designs: { web: { command: 'node', store: 'none', ...fields } } });

function problemsOf(action: () => unknown): readonly string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('target files: what a valid one gives', () => {
  it('fills the defaults, resolves cwd against the file folder and {node} to the Node.js running statebench', () => {
    const { file, problems } = parse(
      {
        scenario: 'pizza',
        designs: {
          'express-memory': { command: 'node', args: ['app.js', '--port', '{port}'], store: 'none' },
          express_redis: { command: '{node}', args: ['app.js'], cwd: 'app', env: { KEY_PREFIX: '{keyPrefix}' }, healthPath: '/up', store: 'redis' },
        },
      },
      'svc/my.json',
    );
    expect(problems).toEqual([]);
    expect(file!.scenario).toBe('pizza');
    expect(Object.keys(file!.designs)).toEqual(['express-memory', 'express_redis']);
    expect(file!.designs['express-memory']).toEqual({
      name: 'express-memory',
      command: 'node',
      args: ['app.js', '--port', '{port}'],
      cwd: resolve('svc'),
      env: {},
      healthPath: '/healthz',
      store: 'none',
    });
    expect(file!.designs.express_redis).toMatchObject({ command: NODE, cwd: resolve('svc/app'), env: { KEY_PREFIX: '{keyPrefix}' }, healthPath: '/up', store: 'redis' });
  });

  it('gives a server that starts slowly (a JVM) the time its `readyTimeout` says', () => {
    const { file, problems } = parse(design({ readyTimeout: '45s' }));
    expect(problems).toEqual([]);
    expect(file!.designs.web!.readyTimeoutMs).toBe(45_000);
  });

  it('ships the reference designs as target files that start the compiled servers with {node}', () => {
    for (const [scenario, names] of [
      ['pizza', ['stateful', 'stateless', 'stateless-naive']],
      ['atm', ['stateful', 'stateless', 'stateless-naive']],
      ['chat', ['stateful', 'stateless']],
    ] as const) {
      const file = referenceDesigns(scenario);
      expect(Object.keys(file.designs)).toEqual(names);
      expect(file.designs.stateful).toMatchObject({ command: process.execPath, args: [`dist/targets/${scenario}/stateful/server.js`, '--port', '{port}', '--id', '{id}'], store: 'none' });
      expect(file.designs.stateless).toMatchObject({ store: 'redis', env: { STATEBENCH_SECRET: '{secret}' } });
    }
  });
});

describe('target files: each problem is one line naming the file, the field and what was expected', () => {
  it.each<[string, unknown, string]>([
    ['not JSON', '{"scenario": "pizza",', 'Target file `my.json`: expected JSON, got a syntax error: '],
    ['not an object', '[1]', 'Target file `my.json`: expected `(the whole file)` to be an object with `scenario` and `designs`, got `[1]`.'],
    ['an unknown top field', { ...design({}), name: 'x' }, 'Target file `my.json`: unknown field `name`; expected one of scenario, designs.'],
    ['an unknown scenario', { ...design({}), scenario: 'sushi' }, 'Target file `my.json`: expected `scenario` to be one of pizza, atm, chat, got `"sushi"`.'],
    ['no scenario', { designs: design({}).designs }, 'Target file `my.json`: expected `scenario` to be one of pizza, atm, chat, got nothing.'],
    ['no designs', { scenario: 'pizza', designs: {} }, 'Target file `my.json`: expected `designs` to be an object naming at least one design, got `{}`.'],
    ['designs as a list', { scenario: 'pizza', designs: [] }, 'Target file `my.json`: expected `designs` to be an object naming at least one design, got `[]`.'],
    ['a design that is not an object', { scenario: 'pizza', designs: { web: 'node app.js' } }, 'Target file `my.json`: expected `designs.web` to be an object with `command` and `store`, got `"node app.js"`.'],
    ['an unknown design field', design({ comand: 'node' }), 'Target file `my.json`: unknown field `designs.web.comand`; expected one of command, args, cwd, env, healthPath, readyTimeout, store.'],
    ['a missing command', { scenario: 'pizza', designs: { web: { store: 'none' } } }, 'Target file `my.json`: expected `designs.web.command` to be a command, such as "node" or "{node}", got nothing.'],
    ['an empty command', design({ command: ' ' }), 'Target file `my.json`: expected `designs.web.command` to be a command, such as "node" or "{node}", got `" "`.'],
    ['args as a string', design({ args: 'app.js --port {port}' }), 'Target file `my.json`: expected `designs.web.args` to be a list of strings, got `"app.js --port {port}"`.'],
    ['a number in args', design({ args: ['--port', 8080] }), 'Target file `my.json`: expected `designs.web.args` to be a list of strings, got `["--port",8080]`.'],
    ['an unknown placeholder', design({ args: ['--port', '{prot}'] }), 'Target file `my.json`: expected `designs.web.args.1` to be text whose placeholders are among {port}, {id}, {redisUrl}, {keyPrefix}, {storePath}, {secret}, got `"{prot}"`.'],
    ['a cwd that is not text', design({ cwd: 1 }), "Target file `my.json`: expected `designs.web.cwd` to be a folder, relative to the file's, got `1`."],
    ['an env value that is a number', design({ env: { PORT: 3 } }), 'Target file `my.json`: expected `designs.web.env` to be an object of strings, got `{"PORT":3}`.'],
    ['an unknown placeholder in env', design({ env: { URL: '{redis_url}' } }), 'Target file `my.json`: expected `designs.web.env.URL` to be text whose placeholders are among {port}, {id}, {redisUrl}, {keyPrefix}, {storePath}, {secret}, got `"{redis_url}"`.'],
    ['a relative health path', design({ healthPath: 'healthz' }), 'Target file `my.json`: expected `designs.web.healthPath` to be a path such as "/healthz", got `"healthz"`.'],
    ['a ready timeout without a unit', design({ readyTimeout: '30' }), 'Target file `my.json`: expected `designs.web.readyTimeout` to be a duration such as 500ms, 10s or 2m, got `"30"`.'],
    ['a ready timeout as a number', design({ readyTimeout: 30000 }), 'Target file `my.json`: expected `designs.web.readyTimeout` to be a duration such as "30s", got `30000`.'],
    ['a ready timeout past 5 minutes', design({ readyTimeout: '10m' }), 'Target file `my.json`: expected `designs.web.readyTimeout` to be a duration above 0 and at most 5m, got `"10m"`.'],
    ['a store object naming none', design({ store: { none: [], redis: [] } }), 'Target file `my.json`: unknown field `designs.web.store.none`; expected one of redis, sqlite.'],
    ['a store object whose args are no list', design({ store: { redis: [], sqlite: '--store sqlite' } }), 'Target file `my.json`: expected `designs.web.store.sqlite` to be a list of strings (the args this store adds), got `"--store sqlite"`.'],
    ['an unknown placeholder in a store\'s args', design({ store: { sqlite: ['--store-path', '{path}'] } }), 'Target file `my.json`: expected `designs.web.store.sqlite.1` to be text whose placeholders are among {port}, {id}, {redisUrl}, {keyPrefix}, {storePath}, {secret}, got `"{path}"`.'],
    ['an empty store object', design({ store: {} }), 'Target file `my.json`: expected `designs.web.store` to be one of none, redis, sqlite, or an object of args per store (redis, sqlite), got `{}`.'],
    ['an unknown store', design({ store: 'mongo' }), 'Target file `my.json`: expected `designs.web.store` to be one of none, redis, sqlite, or an object of args per store, got `"mongo"`.'],
    ['a missing store', { scenario: 'pizza', designs: { web: { command: 'node' } } }, 'Target file `my.json`: expected `designs.web.store` to be one of none, redis, sqlite, or an object of args per store (redis, sqlite), got nothing.'],
    ['a name with a dot', { scenario: 'pizza', designs: { 'web.v2': { command: 'node', store: 'none' } } }, 'Target file `my.json`: expected `designs.web.v2` to be named with letters, digits, - and _ (not all or both), got `"web.v2"`.'],
    ['a reserved name', { scenario: 'pizza', designs: { all: { command: 'node', store: 'none' } } }, 'Target file `my.json`: expected `designs.all` to be named with letters, digits, - and _ (not all or both), got `"all"`.'],
  ])('%s', (_what, json, line) => {
    const { file, problems } = parse(json);
    expect(file).toBeUndefined();
    expect(problems).toHaveLength(1);
    if (line.endsWith(': ')) expect(problems[0]).toMatch(new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&')}.+\\.$`));
    else expect(problems[0]).toBe(line);
  });

  it('reports every problem of a file at once', () => {
    const { problems } = parse({ scenario: 'sushi', designs: { a: { store: 'x' }, b: { command: 'n', store: 'none', port: 1 } } });
    expect(problems).toHaveLength(4);
  });
});

describe('--target and --design on the command line', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sb-target-file-'));
  const write = (name: string, json: unknown) => {
    const path = join(folder, name);
    writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
    return path;
  };
  const mine = write('mine.json', {
    scenario: 'pizza',
    designs: { memory: { command: 'node', args: ['app.js'], store: 'none' }, shared: { command: 'node', args: ['app.js', '{redisUrl}'], store: 'redis' } },
  });

  it('runs every design of a target file by default, and the named ones with --design or --arch', () => {
    const config = parseRunConfig('pizza', { target: mine });
    expect(config.designs).toEqual(['memory', 'shared']);
    expect(config.targets.shared).toMatchObject({ name: 'shared', args: ['app.js', '{redisUrl}'], store: 'redis', cwd: folder });
    expect(parseRunConfig('pizza', { target: mine, design: 'shared' }).designs).toEqual(['shared']);
    expect(parseRunConfig('pizza', { target: mine, arch: 'shared,memory' }).designs).toEqual(['shared', 'memory']);
    expect(parseFleetConfig('pizza', { target: mine })).toMatchObject({ design: 'memory', target: { name: 'memory' } });
  });

  it.each<[string, () => unknown, string]>([
    ['a --design not in the file', () => parseRunConfig('pizza', { target: mine, design: 'stateless' }), `Expected \`--design\` to be one of all, memory, shared (the designs of \`${mine}\`), or a comma list of them, got \`stateless\`.`],
    ['a fleet --design not in the file', () => parseFleetConfig('pizza', { target: mine, design: 'both' }), `Expected \`--design\` to be one of memory, shared (the designs of \`${mine}\`), got \`both\`.`],
    ['a file of another scenario', () => parseRunConfig('atm', { target: mine }), `Target file \`${mine}\`: expected \`scenario\` to be atm (the scenario of the command), got \`pizza\`.`],
    ['a file that does not exist', () => parseRunConfig('pizza', { target: join(folder, 'nope.json') }), `Expected \`--target\` to be a readable target file, got \`${join(folder, 'nope.json')}\` (ENOENT).`],
    ['a folder', () => parseRunConfig('pizza', { target: folder }), `Expected \`--target\` to be a readable target file, got \`${folder}\` (EISDIR).`],
    ['an empty --target', () => parseRunConfig('pizza', { target: '' }), 'Expected `--target` to be a target file, such as my-service.json, got ``.'],
    ['invalid JSON', () => parseRunConfig('pizza', { target: write('broken.json', '{') }), `Target file \`${join(folder, 'broken.json')}\`: expected JSON, got a syntax error: `],
  ])('refuses %s with one line (exit 2)', (_what, action, line) => {
    const problems = problemsOf(action);
    expect(problems).toHaveLength(1);
    if (line.endsWith(': ')) expect(problems[0]!.startsWith(line)).toBe(true);
    else expect(problems[0]).toBe(line);
  });

  it('refuses store faults with a given Redis when a picked design keeps its state in Redis, and with no store at all', () => {
    const raw = { target: mine, fault: ['store-pause@1s+1s'], redisUrl: 'redis://127.0.0.1:6379' };
    expect(problemsOf(() => parseRunConfig('pizza', raw))[0]).toMatch(/^Expected `--fault store-pause@1s\+1s` to run against statebench's private Redis/);
    expect(problemsOf(() => parseRunConfig('pizza', { ...raw, design: 'memory' }))).toEqual([
      'Expected `--fault store-pause@1s+1s` to have a store to act on, got only designs that keep their state in process memory (memory): add a design with a store, such as --design both.',
    ]);
  });

  it('refuses a --store that a picked design with a store cannot run on, naming the design and its stores', () => {
    expect(problemsOf(() => parseRunConfig('pizza', { target: mine, store: 'sqlite' }))).toEqual([
      `Expected \`--store\` to be a store that design \`shared\` of \`${mine}\` runs on (redis), or auto, got \`sqlite\`.`,
    ]);
    expect(parseRunConfig('pizza', { target: mine, store: 'sqlite', design: 'memory' }).store).toBe('sqlite');
    expect(parseRunConfig('pizza', { target: mine, store: 'redis' }).store).toBe('redis');
  });

  it('reads a file through readTargetFile as through --target', () => {
    expect(readTargetFile(mine).file?.scenario).toBe('pizza');
  });
});

describe('--design words', () => {
  const file = referenceDesigns('atm');
  it('both is the classic pair, all is every design, a comma list keeps its order without repeats', () => {
    expect(pickDesigns(file, 'both', 'atm').names).toEqual(['stateful', 'stateless']);
    expect(pickDesigns(file, 'all', 'atm').names).toEqual(['stateful', 'stateless', 'stateless-naive']);
    expect(pickDesigns(file, 'stateless,stateful,stateless', 'atm').names).toEqual(['stateless', 'stateful']);
  });
});

describe('--balancer auto by store', () => {
  const of = (store: string) => ({ name: 'x', command: 'x', args: [], cwd: '/', env: {}, healthPath: '/healthz', store });
  it('pizza: sticky for state in the process, round-robin for state in a store; atm and chat: round-robin always', () => {
    expect(pizza.autoBalancer(of('none'))).toBe('sticky');
    expect(pizza.autoBalancer(of('redis'))).toBe('round-robin');
    for (const scenario of [atm, chat]) {
      expect(scenario.autoBalancer(of('none'))).toBe('round-robin');
      expect(scenario.autoBalancer(of('redis'))).toBe('round-robin');
    }
  });
});
