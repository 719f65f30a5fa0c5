import { dirname, resolve } from 'node:path';
import { parseBoundedDuration } from '../config/units.js';
import { PLACEHOLDERS, READY_TIMEOUT_MS, type TargetDefinition } from '../fleet/target.js';
import { storeNames } from './stores.js';

/**
 * A target file (docs/targets.md): one scenario and the designs that implement it, each a
 * command statebench starts once per server.
 */
export interface TargetFile {
  /** The file as the user named it, for messages. */
  readonly path: string;
  readonly scenario: string;
  /** By design name, in the file's order. */
  readonly designs: Readonly<Record<string, TargetDefinition>>;
}

const TOP_FIELDS = ['scenario', 'designs'];
const DESIGN_FIELDS = ['command', 'args', 'cwd', 'env', 'healthPath', 'readyTimeout', 'store'];
/** The longest `readyTimeout`: a server slower to start than this is not one to benchmark. */
const MAX_READY_TIMEOUT_MS = 300_000;
/** Words `--design` gives a meaning of its own, so no design may be called so. */
const RESERVED_NAMES = ['all', 'both'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Problems of one file, each one line naming the file, the field and what was expected. */
class FileProblems {
  readonly list: string[] = [];
  constructor(private readonly path: string) {}
  expected(field: string, expected: string, got: unknown): void {
    this.list.push(`Target file \`${this.path}\`: expected \`${field}\` to be ${expected}, got ${shown(got)}.`);
  }
  unknown(field: string, known: readonly string[]): void {
    this.list.push(`Target file \`${this.path}\`: unknown field \`${field}\`; expected one of ${known.join(', ')}.`);
  }
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  return `\`${JSON.stringify(value)}\``;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses and validates a target file's text. Every problem is collected, so one fix
 * round fixes them all; none is thrown here.
 * @param path the file as the user named it; `cwd` is resolved against its folder
 * @param scenarios the scenarios that exist
 * @param node what `{node}` in `command` stands for: the Node.js running statebench
 */
export function parseTargetFile(
  path: string,
  text: string,
  scenarios: readonly string[],
  node: string = process.execPath,
): { readonly file?: TargetFile; readonly problems: readonly string[] } {
  const problems = new FileProblems(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [`Target file \`${path}\`: expected JSON, got a syntax error: ${reason}.`] };
  }
  if (!isObject(json)) {
    problems.expected('(the whole file)', 'an object with `scenario` and `designs`', json);
    return { problems: problems.list };
  }
  for (const field of Object.keys(json)) if (!TOP_FIELDS.includes(field)) problems.unknown(field, TOP_FIELDS);
  const scenario = json.scenario;
  if (typeof scenario !== 'string' || !scenarios.includes(scenario)) problems.expected('scenario', `one of ${scenarios.join(', ')}`, scenario);
  const designs: Record<string, TargetDefinition> = {};
  if (!isObject(json.designs) || Object.keys(json.designs).length === 0) {
    problems.expected('designs', 'an object naming at least one design', json.designs);
  } else {
    const folder = dirname(resolve(path));
    for (const [name, raw] of Object.entries(json.designs)) {
      const design = parseDesign(problems, name, raw, folder, node);
      if (design) designs[name] = design;
    }
  }
  if (problems.list.length > 0) return { problems: problems.list };
  return { file: { path, scenario: scenario as string, designs }, problems: [] };
}

function parseDesign(problems: FileProblems, name: string, raw: unknown, folder: string, node: string): TargetDefinition | undefined {
  const at = (field: string) => `designs.${name}.${field}`;
  const before = problems.list.length;
  if (!NAME.test(name) || RESERVED_NAMES.includes(name)) {
    problems.expected(`designs.${name}`, `named with letters, digits, - and _ (not ${RESERVED_NAMES.join(' or ')})`, name);
  }
  if (!isObject(raw)) {
    problems.expected(`designs.${name}`, 'an object with `command` and `store`', raw);
    return undefined;
  }
  for (const field of Object.keys(raw)) if (!DESIGN_FIELDS.includes(field)) problems.unknown(at(field), DESIGN_FIELDS);
  const { command, args = [], cwd = '.', env = {}, healthPath = '/healthz', readyTimeout, store } = raw;
  if (typeof command !== 'string' || command.trim() === '') problems.expected(at('command'), 'a command, such as "node" or "{node}"', command);
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) problems.expected(at('args'), 'a list of strings', args);
  else args.forEach((arg: string, index) => checkPlaceholders(problems, `${at('args')}.${index}`, arg));
  if (typeof cwd !== 'string' || cwd === '') problems.expected(at('cwd'), "a folder, relative to the file's", cwd);
  if (!isObject(env) || !Object.values(env).every((value) => typeof value === 'string')) {
    problems.expected(at('env'), 'an object of strings', env);
  } else {
    for (const [key, value] of Object.entries(env)) checkPlaceholders(problems, `${at('env')}.${key}`, value as string);
  }
  if (typeof healthPath !== 'string' || !healthPath.startsWith('/')) problems.expected(at('healthPath'), 'a path such as "/healthz"', healthPath);
  const readyTimeoutMs = parseReadyTimeout(problems, at('readyTimeout'), readyTimeout);
  const storeArgs = parseStore(problems, at('store'), store);
  if (problems.list.length > before) return undefined;
  const stores = storeArgs ? { store: Object.keys(storeArgs)[0]!, storeArgs } : { store: store as string };
  return {
    name,
    command: (command as string).replaceAll('{node}', node),
    args: args as string[],
    cwd: resolve(folder, cwd as string),
    env: env as Record<string, string>,
    healthPath: healthPath as string,
    ...(readyTimeoutMs === READY_TIMEOUT_MS ? {} : { readyTimeoutMs }),
    ...stores,
  };
}

/** `readyTimeout`: how long a server may take to answer `healthPath`, e.g. `"30s"` for a JVM. */
function parseReadyTimeout(problems: FileProblems, field: string, value: unknown): number {
  if (value === undefined) return READY_TIMEOUT_MS;
  const parsed = typeof value === 'string' ? parseBoundedDuration(value, MAX_READY_TIMEOUT_MS, { positive: true }) : undefined;
  if (parsed?.ok) return parsed.value;
  problems.expected(field, parsed?.expected ?? 'a duration such as "30s"', value);
  return READY_TIMEOUT_MS;
}

/**
 * `store`: one store's name, or, for a design that runs on several, an object naming each
 * with the args it adds (`{"redis": ["--redis-url", "{redisUrl}"], "sqlite": [...]}`).
 * @returns the args per store of the object form; undefined for one name (or a problem)
 */
function parseStore(problems: FileProblems, field: string, store: unknown): Record<string, string[]> | undefined {
  const names = storeNames();
  if (typeof store === 'string') {
    if (!names.includes(store)) problems.expected(field, `one of ${names.join(', ')}, or an object of args per store`, store);
    return undefined;
  }
  const several = names.filter((name) => name !== 'none');
  if (!isObject(store) || Object.keys(store).length === 0) {
    problems.expected(field, `one of ${names.join(', ')}, or an object of args per store (${several.join(', ')})`, store);
    return undefined;
  }
  for (const [name, args] of Object.entries(store)) {
    if (!several.includes(name)) problems.unknown(`${field}.${name}`, several);
    else if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) problems.expected(`${field}.${name}`, 'a list of strings (the args this store adds)', args);
    else args.forEach((arg: string, index) => checkPlaceholders(problems, `${field}.${name}.${index}`, arg));
  }
  return store as Record<string, string[]>;
}

/** A `{word}` that is no placeholder is a typo that would reach the server as it is. */
function checkPlaceholders(problems: FileProblems, field: string, text: string): void {
  for (const [whole, word] of text.matchAll(PLACEHOLDER)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(word!)) {
      problems.expected(field, `text whose placeholders are among ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`, whole);
    }
  }
}
