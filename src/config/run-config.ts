import { ConfigError } from '../errors.js';
import { randomSeed } from '../driver/rng.js';
import { hasFaultableStore, onStore, pickDesigns, readTargetFile, referenceDesigns, storesOf, type TargetFile } from '../designs/index.js';
import { STORE_CHOICES, type StoreChoice } from '../fleet/store-choice.js';
import type { TargetDefinition } from '../fleet/target.js';
import { SCENARIOS, scenarioNames } from '../scenarios/index.js';
import { DEFAULTS, LIMITS } from './defaults.js';
import { crashShorthand, parseFaultSpec, type FaultSpec } from '../chaos/spec.js';
import { PROXY_KINDS, PROXY_RULES, supports, unsupported, type ProxyKind } from '../proxy/kinds.js';
import type { BalancerChoice, FleetConfig, RunConfig } from './types.js';
import { parseBoundedDuration, parseInteger, parseShare, type Parsed } from './units.js';
import { parseExternal, type RawExternalOptions } from './external.js';
import { parseOpenLoad } from './load-model.js';
import { profileDurationMs } from '../driver/arrivals.js';

/** The flags of `run` as the command line gave them: strings, unparsed. */
export interface RawRunOptions extends RawExternalOptions {
  readonly servers?: string;
  readonly users?: string;
  readonly duration?: string;
  /** The open model (docs/cli.md): journey arrivals per second, rate stages, and the pool of users. */
  readonly rate?: string;
  readonly ramp?: string;
  readonly maxUsers?: string;
  readonly think?: string;
  readonly seed?: string;
  readonly balancer?: string;
  /** `builtin`, `haproxy` or `nginx`. */
  readonly proxy?: string;
  /** A design, a comma list of designs, `all`, or `both`. */
  readonly design?: string;
  /** The old name of `--design`, kept as an alias. */
  readonly arch?: string;
  /** A target file naming the designs (docs/targets.md); absent: the scenario's own. */
  readonly target?: string;
  readonly crash?: readonly string[];
  readonly fault?: readonly string[];
  readonly redispatch?: string;
  readonly hash?: string;
  readonly joint?: string;
  readonly tabs?: string;
  readonly store?: string;
  readonly redisUrl?: string;
  readonly out?: string;
  readonly timeout?: string;
  readonly trace?: string;
  readonly repeat?: string;
}

/**
 * Problems are collected, not thrown one at a time, so a user fixes every flag in one
 * go; each names the flag, the value and what was expected.
 */
class Problems {
  readonly list: string[] = [];
  take<T>(flag: string, raw: string, parsed: Parsed<T>, fallback: T): T {
    if (parsed.ok) return parsed.value;
    this.add(flag, raw, parsed.expected);
    return fallback;
  }
  add(flag: string, raw: string, expected: string): void {
    this.list.push(`Expected \`${flag}\` to be ${expected}, got \`${raw}\`.`);
  }
}

function bounded(parsed: Parsed<number>, max: number, what: string): Parsed<number> {
  return parsed.ok && parsed.value > max ? { ok: false, expected: `${what} of at most ${max}` } : parsed;
}

/** Parses and validates the flags of `run` into one RunConfig, or throws a ConfigError. */
export function parseRunConfig(scenario: string, raw: RawRunOptions, env: NodeJS.ProcessEnv = {}): RunConfig {
  const problems = new Problems();
  checkScenario(scenario, problems);
  const servers = parseCount(problems, '--servers', raw.servers ?? String(DEFAULTS.servers), LIMITS.maxServers);
  const closedUsers = parseCount(problems, '--users', raw.users ?? String(DEFAULTS.users), LIMITS.maxUsers);
  const durationText = raw.duration ?? DEFAULTS.duration;
  const givenDurationMs = problems.take('--duration', durationText, parseBoundedDuration(durationText, LIMITS.maxDurationMs, { positive: true }), 10_000);
  const open = parseOpenLoad(raw, givenDurationMs, (flag, text, expected) => problems.add(flag, text, expected));
  if (open && !OPEN_MODEL_SCENARIOS.includes(scenario) && SCENARIOS[scenario]) {
    const flag = raw.rate !== undefined ? '--rate' : '--ramp';
    problems.add(flag, (raw.rate ?? raw.ramp)!, `left out for ${scenario}: its users stay connected for the whole run, so it runs the closed model only (--users)`);
  }
  // The open model's pool of users is what `--users` is to the closed one: users of the scenario, names user-1..N.
  const users = open ? open.maxUsers : closedUsers;
  const durationMs = open ? profileDurationMs(open.arrivals) : givenDurationMs;
  const thinkText = raw.think ?? DEFAULTS.think;
  const thinkMs = problems.take('--think', thinkText, parseBoundedDuration(thinkText, LIMITS.maxThinkMs), 0);
  const timeoutText = raw.timeout ?? DEFAULTS.requestTimeout;
  const requestTimeoutMs = problems.take('--timeout', timeoutText, parseBoundedDuration(timeoutText, LIMITS.maxTimeoutMs, { positive: true }), 2000);
  const seedGiven = raw.seed !== undefined;
  const seed = seedGiven ? problems.take('--seed', raw.seed!, parseInteger(raw.seed!, 0), 0) : randomSeed();
  const balancer = parseBalancer(problems, raw.balancer ?? DEFAULTS.balancer);
  const proxy = parseChoice(problems, '--proxy', raw.proxy ?? DEFAULTS.proxy, PROXY_KINDS);
  const external = raw.url !== undefined;
  const file = external ? undefined : targetFileOf(problems, scenario, raw.target);
  const designText = designFlag(problems, raw) ?? (external ? DEFAULTS.externalDesign : raw.target === undefined ? DEFAULTS.design : DEFAULTS.targetDesign);
  const designs = external ? externalLabel(problems, designText, flagOf(raw)) : file ? pick(problems, file, designText, raw.target, flagOf(raw)) : undefined;
  const jointText = raw.joint ?? DEFAULTS.joint;
  const jointShare = problems.take('--joint', jointText, parseShare(jointText), 0.2);
  const tabs = parseTabs(problems, scenario, raw.tabs);
  const faults: FaultSpec[] = [];
  const faultContext = { durationMs, servers };
  for (const [flag, texts, parse] of [
    ['--crash', raw.crash, crashShorthand],
    ['--fault', raw.fault, parseFaultSpec],
  ] as const) {
    for (const text of texts ?? []) {
      const parsed = parse(text, faultContext);
      if (parsed.ok) faults.push(parsed.value);
      else problems.add(flag, text, parsed.expected);
    }
  }
  const redispatch = parseChoice(problems, '--redispatch', raw.redispatch ?? DEFAULTS.redispatch, ['on', 'off']) === 'on';
  if (!redispatch && !PROXY_RULES[proxy].redispatchOff) {
    problems.add('--redispatch', 'off', `on with --proxy ${proxy} (it always passes a failed request to the next server)`);
  }
  const hashMode = parseChoice(problems, '--hash', raw.hash ?? DEFAULTS.hash, ['consistent', 'modulo'] as const);
  const redisUrl = parseRedisUrl(problems, raw.redisUrl ?? env.REDIS_URL);
  const store = parseStoreChoice(problems, raw.store, file, designs, raw.target);
  const repeat = parseCount(problems, '--repeat', raw.repeat ?? '1', LIMITS.maxRepeat);
  const trace = raw.trace;
  if (trace !== undefined && !(/^user-\d+$/.test(trace) && Number(trace.slice(5)) >= 1 && Number(trace.slice(5)) <= users)) {
    problems.add('--trace', trace, `a virtual user user-1..user-${users}`);
  }
  if (raw.out !== undefined && raw.out.trim() === '') problems.add('--out', raw.out, 'a folder, such as reports');
  if (file && designs) checkStoreFaults(problems, faults, store, redisUrl, designs.map((name) => file.designs[name]!));
  if (file && designs) checkProxyStrategies(problems, scenario, proxy, balancer, designs.map((name) => file.designs[name]!));
  const ownedOnly = [
    ...(raw.target === undefined ? [] : [{ flag: '--target', value: raw.target }]),
    ...(store === 'auto' ? [] : [{ flag: '--store', value: store }]),
    ...(raw.redisUrl === undefined ? [] : [{ flag: '--redis-url', value: raw.redisUrl }]),
    ...(proxy === 'builtin' ? [] : [{ flag: '--proxy', value: proxy }]),
  ];
  const remote = parseExternal(raw, { scenario, faults, repeat, ownedOnly });
  problems.list.push(...remote.problems);
  // An open model's arrivals are not users with fixed indices: only the closed model is split into shards.
  if (remote.shard && open) problems.add('--shard', raw.shard!, 'given without --rate/--ramp (shards split the closed model\'s users)');
  if (problems.list.length > 0) throw new ConfigError(problems.list);
  return {
    scenario,
    designs: designs!,
    targets: file ? Object.fromEntries(designs!.map((name) => [name, file.designs[name]!])) : {},
    // A fleet run elsewhere has the servers `--server` names (0 when none are named).
    servers: remote.external ? remote.external.servers.length : servers,
    ...(remote.external ? { external: remote.external } : {}),
    ...(remote.shard ? { shard: remote.shard } : {}),
    ...(remote.startAtMs === undefined ? {} : { startAtMs: remote.startAtMs }),
    users,
    durationMs,
    thinkMs,
    seed,
    seedGiven,
    balancer,
    proxy,
    faults,
    redispatch,
    hashMode,
    jointShare,
    tabs,
    store,
    ...(redisUrl ? { redisUrl } : {}),
    outDir: raw.out ?? DEFAULTS.outDir,
    requestTimeoutMs,
    repeat,
    ...(trace ? { trace } : {}),
    ...(open ? { open } : {}),
  };
}

/**
 * With `--url`, `--design` is only the column's label (the design runs elsewhere): one
 * name, `external` by default (docs/remote.md).
 */
function externalLabel(problems: Problems, text: string, flag: string): readonly string[] {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text)) problems.add(flag, text, 'one name with --url (the label of the fleet it drives), such as stateful');
  return [text];
}

/** The scenarios the open model runs: chat's users keep a WebSocket for the whole run, one per user, so it stays closed. */
export const OPEN_MODEL_SCENARIOS: readonly string[] = ['pizza', 'atm'];

/** The flags of `fleet`. */
export interface RawFleetOptions {
  readonly design?: string;
  readonly arch?: string;
  readonly target?: string;
  readonly servers?: string;
  readonly balancer?: string;
  readonly proxy?: string;
  readonly seed?: string;
  readonly store?: string;
  readonly redisUrl?: string;
  readonly port?: string;
}

export function parseFleetConfig(scenario: string, raw: RawFleetOptions, env: NodeJS.ProcessEnv = {}): FleetConfig {
  const problems = new Problems();
  checkScenario(scenario, problems);
  const file = targetFileOf(problems, scenario, raw.target);
  // A fleet is one design: the reference's stateless, or a target file's first.
  const designText = designFlag(problems, raw) ?? (raw.target === undefined ? DEFAULTS.fleetDesign : Object.keys(file?.designs ?? {})[0]!);
  const names = file ? Object.keys(file.designs) : [];
  if (file && !names.includes(designText)) problems.add(flagOf(raw), designText, `one of ${names.join(', ')} (the designs of ${owner(file, raw.target)})`);
  const servers = parseCount(problems, '--servers', raw.servers ?? String(DEFAULTS.servers), LIMITS.maxServers);
  const balancer = parseBalancer(problems, raw.balancer ?? DEFAULTS.balancer);
  const proxy = parseChoice(problems, '--proxy', raw.proxy ?? DEFAULTS.proxy, PROXY_KINDS);
  if (file && names.includes(designText)) checkProxyStrategies(problems, scenario, proxy, balancer, [file.designs[designText]!]);
  const seed = raw.seed === undefined ? randomSeed() : problems.take('--seed', raw.seed, parseInteger(raw.seed, 0), 0);
  const portText = raw.port ?? String(DEFAULTS.fleetPort);
  const port = problems.take('--port', portText, bounded(parseInteger(portText, 0), 65535, 'a port'), 0);
  const redisUrl = parseRedisUrl(problems, raw.redisUrl ?? env.REDIS_URL);
  const store = parseStoreChoice(problems, raw.store, file, names.includes(designText) ? [designText] : undefined, raw.target);
  if (problems.list.length > 0) throw new ConfigError(problems.list);
  return { scenario, design: designText, target: file!.designs[designText]!, servers, balancer, proxy, seed, store, port, ...(redisUrl ? { redisUrl } : {}) };
}

/** `--design`, or its alias `--arch`; both at once must agree. */
function designFlag(problems: Problems, raw: { readonly design?: string; readonly arch?: string }): string | undefined {
  if (raw.design !== undefined && raw.arch !== undefined && raw.design !== raw.arch) {
    problems.add('--arch', raw.arch, `left out, or the same as --design \`${raw.design}\` (it is an alias of --design)`);
  }
  return raw.design ?? raw.arch;
}

/** The designs to run: the `--target` file's, or the scenario's own (targets/<scenario>/designs.json). */
function targetFileOf(problems: Problems, scenario: string, path: string | undefined): TargetFile | undefined {
  if (!SCENARIOS[scenario]) return undefined;
  if (path === undefined) return referenceDesigns(scenario);
  if (path.trim() === '') {
    problems.add('--target', path, 'a target file, such as my-service.json');
    return undefined;
  }
  const read = readTargetFile(path);
  problems.list.push(...read.problems);
  if (read.file && read.file.scenario !== scenario) {
    problems.list.push(`Target file \`${path}\`: expected \`scenario\` to be ${scenario} (the scenario of the command), got \`${read.file.scenario}\`.`);
    return undefined;
  }
  return read.file;
}

function owner(file: TargetFile, path: string | undefined): string {
  return path === undefined ? file.scenario : `\`${path}\``;
}

/** The flag a message names: the one the user wrote. */
function flagOf(raw: { readonly design?: string; readonly arch?: string }): string {
  return raw.design === undefined && raw.arch !== undefined ? '--arch' : '--design';
}

function pick(problems: Problems, file: TargetFile, text: string, path: string | undefined, flag: string): readonly string[] | undefined {
  const picked = pickDesigns(file, text, owner(file, path), flag);
  if (picked.problem) problems.list.push(picked.problem);
  return picked.names;
}

/** The flags of `check`. */
export interface RawCheckOptions {
  readonly design?: string;
  readonly arch?: string;
  readonly target?: string;
  readonly store?: string;
  readonly redisUrl?: string;
}

/** Configuration of `check`: which designs to probe, from which file. */
export interface CheckConfig {
  readonly scenario: string;
  readonly designs: readonly string[];
  readonly targets: Readonly<Record<string, TargetDefinition>>;
  /** `--store`, as in RunConfig. */
  readonly store: StoreChoice;
  readonly redisUrl?: string;
}

/** Parses the flags of `check` (every design of the file unless `--design` names some), or throws a ConfigError. */
export function parseCheckConfig(scenario: string, raw: RawCheckOptions, env: NodeJS.ProcessEnv = {}): CheckConfig {
  const problems = new Problems();
  checkScenario(scenario, problems);
  const file = targetFileOf(problems, scenario, raw.target);
  const designs = file ? pick(problems, file, designFlag(problems, raw) ?? 'all', raw.target, flagOf(raw)) : undefined;
  const redisUrl = parseRedisUrl(problems, raw.redisUrl ?? env.REDIS_URL);
  const store = parseStoreChoice(problems, raw.store, file, designs, raw.target);
  if (problems.list.length > 0) throw new ConfigError(problems.list);
  return {
    scenario,
    designs: designs!,
    targets: Object.fromEntries(designs!.map((name) => [name, file!.designs[name]!])),
    store,
    ...(redisUrl ? { redisUrl } : {}),
  };
}

function checkScenario(scenario: string, problems: Problems): void {
  if (!SCENARIOS[scenario]) problems.add('<scenario>', scenario, `one of ${scenarioNames().join(', ')}`);
}

/** `--tabs`: a count for a scenario whose journeys have tabs (pizza); refused for the others. */
function parseTabs(problems: Problems, scenario: string, text: string | undefined): number {
  if (text === undefined) return DEFAULTS.tabs;
  const known = SCENARIOS[scenario];
  if (known && !known.tabs) {
    problems.add('--tabs', text, `left out for the ${scenario} scenario (only ${scenarioNames().filter((name) => SCENARIOS[name]!.tabs).join(', ')} journeys have tabs)`);
    return DEFAULTS.tabs;
  }
  return parseCount(problems, '--tabs', text, LIMITS.maxTabs);
}

function parseCount(problems: Problems, flag: string, text: string, max: number): number {
  return problems.take(flag, text, bounded(parseInteger(text, 1), max, 'a positive integer'), 1);
}

/** Any strategy some proxy has; whether the chosen proxy has it is checked apart (checkProxyStrategies). */
function parseBalancer(problems: Problems, text: string): BalancerChoice {
  const choices: readonly string[] = ['auto', ...new Set(PROXY_KINDS.flatMap((kind) => PROXY_RULES[kind].strategies))];
  if (choices.includes(text)) return text as BalancerChoice;
  problems.add('--balancer', text, `one of ${choices.join(', ')}`);
  return 'auto';
}

function parseChoice<T extends string>(problems: Problems, flag: string, text: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  problems.add(flag, text, `one of ${choices.join(', ')}`);
  return choices[0]!;
}

function parseRedisUrl(problems: Problems, text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^rediss?:\/\/[^\s]+$/.test(text)) {
    problems.add('--redis-url', text, 'a URL such as redis://127.0.0.1:6379');
    return undefined;
  }
  return text;
}

/**
 * `--store`: auto, redis or sqlite. A store named outright must be one every picked design
 * with a store runs on (a design of `store: none` has nothing to choose), so it is never
 * silently ignored.
 */
function parseStoreChoice(
  problems: Problems,
  text: string | undefined,
  file: TargetFile | undefined,
  designs: readonly string[] | undefined,
  path: string | undefined,
): StoreChoice {
  const choice = parseChoice(problems, '--store', text ?? DEFAULTS.store, STORE_CHOICES);
  if (choice === 'auto' || !file || !designs) return choice;
  for (const name of designs) {
    const stores = storesOf(file.designs[name]!);
    if (!stores.includes(choice) && stores.some((store) => store !== 'none')) {
      problems.add('--store', choice, `a store that design \`${name}\` of ${owner(file, path)} runs on (${stores.join(', ')}), or auto`);
    }
  }
  return choice;
}

/**
 * The proxy must have the strategy each design runs with: the one named, or what `auto`
 * deploys for the design (sticky for a stateful one, which nginx OSS lacks).
 */
function checkProxyStrategies(problems: Problems, scenario: string, proxy: ProxyKind, balancer: BalancerChoice, designs: readonly TargetDefinition[]): void {
  const owner = SCENARIOS[scenario];
  if (!owner) return;
  const refused = new Set<string>();
  for (const design of designs) {
    const strategy = balancer === 'auto' ? owner.autoBalancer(design) : balancer;
    if (supports(proxy, strategy) || refused.has(strategy)) continue;
    refused.add(strategy);
    const line = unsupported(proxy, strategy);
    problems.list.push(balancer === 'auto' ? `${line.slice(0, -1)}; \`--balancer auto\` deploys it for design \`${design.name}\`: name one.` : line);
  }
}

/**
 * A store fault must have a store to act on, and one statebench may harm: never a silent
 * no-op (docs/stores.md). Refused when no picked design keeps its state in a store, and
 * when the designs would run on a Redis the user gave.
 */
function checkStoreFaults(problems: Problems, faults: readonly FaultSpec[], store: StoreChoice, redisUrl: string | undefined, designs: readonly TargetDefinition[]): void {
  const storeFault = faults.find((fault) => fault.kind.startsWith('store-'));
  if (!storeFault) return;
  const flag = `--fault ${storeFault.text}`;
  if (!designs.some((design) => storesOf(design).some((name) => hasFaultableStore({ store: name })))) {
    const names = designs.map((design) => design.name).join(', ');
    problems.list.push(
      `Expected \`${flag}\` to have a store to act on, got only designs that keep their state in process memory (${names}): add a design with a store, such as --design both.`,
    );
    return;
  }
  const onRedis = designs.some((design) => onStore(design, store === 'auto' ? 'redis' : store).store === 'redis');
  if (redisUrl && onRedis) {
    problems.list.push(
      `Expected \`${flag}\` to run against statebench's private Redis, got --redis-url/REDIS_URL \`${redisUrl}\`: unset it to let statebench start (and fault) its own, or pass --store sqlite.`,
    );
  }
}
