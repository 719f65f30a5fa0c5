/**
 * Checking `--assert`s against what the run will make, before the load: a misspelt
 * design (`stateles.latency.p99`) or figure (`latency.p99x`) is exit 2 at once, not
 * exit 1 after the whole run. Figures are checked against the published report schema
 * (`docs/report.schema.json`), so every number a report holds can be asserted.
 */
import { ConfigError } from '../errors.js';
import { REPORT_JSON_SCHEMA, type JsonSchema } from '../report/schema.js';
import type { Assertion } from './parse.js';

/**
 * Every problem of `assertions` for a run of `designs`, one line each, in the words of
 * the other flag errors: ``Expected `--assert` to …, got `…`.``
 */
export function assertionProblems(assertions: readonly Assertion[], designs: readonly string[], flag = '--assert'): string[] {
  return assertions.flatMap((assertion) => {
    if (!designs.includes(assertion.design)) {
      return [`Expected \`${flag}\` to name a design of this run (${designs.join(', ')}), got \`${assertion.design}\` in \`${assertion.text}\`.`];
    }
    const problem = figureProblem(assertion.path);
    return problem ? [`Expected \`${flag}\` to name a figure of a run, got \`${assertion.text}\`: ${problem}.`] : [];
  });
}

/**
 * @throws ConfigError (exit 2) listing every assertion that names a design the run does
 *   not have or a figure no report holds.
 */
export function validateAssertions(assertions: readonly Assertion[], designs: readonly string[], flag = '--assert'): void {
  const problems = assertionProblems(assertions, designs, flag);
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Why `path` names no number of a run, or undefined when it does. */
export function figureProblem(path: string): string | undefined {
  const run = REPORT_JSON_SCHEMA.$defs!.run!;
  return walk(run, path.split('.'), []);
}

function walk(schema: JsonSchema, rest: readonly string[], walked: readonly string[]): string | undefined {
  const here = walked.join('.');
  const node = deref(schema);
  const types = node.type === undefined ? [] : typeof node.type === 'string' ? [node.type] : node.type;
  if (rest.length === 0) {
    if (types.includes('number') || types.includes('integer') || types.length === 0) return undefined;
    if (types.includes('object')) {
      const figures = Object.entries(node.properties ?? {}).filter(([, field]) => isNumber(field)).map(([name]) => name);
      return `\`${here}\` is a group of fields, not a number${figures.length ? `; its figures are ${figures.map((f) => `${here}.${f}`).join(', ')}` : ''}`;
    }
    return `\`${here}\` is ${types.includes('array') ? 'a list' : 'text'}, not a number`;
  }
  if (types.includes('array') && node.items) {
    if (!/^\d+$/.test(rest[0]!)) return `\`${here}\` is a list: pick an entry by its number, e.g. \`${here}.0\``;
    return walk(node.items, rest.slice(1), [...walked, rest[0]!]);
  }
  if (!types.includes('object')) return `\`${here}\` is a number and has no field \`${rest.join('.')}\``;
  // Keys may hold dots (a step named `cart.add`): try the longest key last, as reading does.
  let first: string | undefined;
  for (let take = 1; take <= rest.length; take++) {
    const key = rest.slice(0, take).join('.');
    const field = node.properties?.[key] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    if (!field) continue;
    const problem = walk(field, rest.slice(take), [...walked, key]);
    if (problem === undefined) return undefined;
    first ??= problem;
  }
  if (first !== undefined) return first;
  if (!node.properties && node.additionalProperties === undefined) return undefined;
  const known = Object.keys(node.properties ?? {}).join(', ');
  return here === ''
    ? `a run has no field \`${rest[0]}\``
    : `\`${here}\` has no field \`${rest[0]}\` (it has ${known})`;
}

function deref(schema: JsonSchema): JsonSchema {
  const name = schema.$ref?.replace('#/$defs/', '');
  return name === undefined ? schema : REPORT_JSON_SCHEMA.$defs![name] ?? schema;
}

function isNumber(schema: JsonSchema): boolean {
  const type = deref(schema).type;
  return type === 'number' || type === 'integer' || (Array.isArray(type) && type.includes('number'));
}
