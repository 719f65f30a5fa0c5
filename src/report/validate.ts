/**
 * A small JSON Schema walker: the subset `schema.ts` uses (`type`, `const`, `minimum`,
 * `required`, `properties`, `additionalProperties`, `items`, local `$ref`, and the
 * `hdr-histogram` format). It stops at the first problem and names where it is, as a
 * reader would point at it: `runs[0].latency: expected an object, got null`.
 */
import type { JsonSchema, JsonType } from './schema.js';

/** Checks a string that claims a `format`; returns why it is not one, or undefined. */
export type FormatCheck = (value: string) => string | undefined;

/** The first problem of `value` against `schema`, as `where: what`, or undefined when it conforms. */
export function firstProblem(value: unknown, schema: JsonSchema, formats: Readonly<Record<string, FormatCheck>> = {}): string | undefined {
  return walk(value, schema, schema, '', formats);
}

function walk(value: unknown, schema: JsonSchema, root: JsonSchema, at: string, formats: Readonly<Record<string, FormatCheck>>): string | undefined {
  if (schema.$ref !== undefined) return walk(value, resolve(schema.$ref, root), root, at, formats);
  const where = at === '' ? '(the top level)' : at;
  if (schema.const !== undefined && value !== schema.const) {
    return `${where}: expected ${JSON.stringify(schema.const)}, got ${describe(value)}`;
  }
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((type) => is(value, type))) return `${where}: expected ${types.map(article).join(' or ')}, got ${describe(value)}`;
  }
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) {
    return `${where}: expected at least ${schema.minimum}, got ${value}`;
  }
  if (typeof value === 'string' && schema.format !== undefined) {
    const problem = formats[schema.format]?.(value);
    if (problem) return `${where}: ${problem}`;
  }
  if (Array.isArray(value) && schema.items) {
    for (const [index, item] of value.entries()) {
      const problem = walk(item, schema.items, root, `${at}[${index}]`, formats);
      if (problem) return problem;
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(record, name)) return `${join(at, name)}: expected ${expectation(schema.properties?.[name], root)}, got nothing (the field is missing)`;
    }
    for (const [name, field] of Object.entries(record)) {
      const own = schema.properties?.[name];
      const rule = own ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (!rule) continue;
      const problem = walk(field, rule, root, join(at, name), formats);
      if (problem) return problem;
    }
  }
  return undefined;
}

function resolve(ref: string, root: JsonSchema): JsonSchema {
  const name = /^#\/\$defs\/(.+)$/.exec(ref)?.[1];
  const found = name === undefined ? undefined : root.$defs?.[name];
  if (!found) throw new Error(`schema has no ${ref}`);
  return found;
}

function is(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'null': return value === null;
    case 'array': return Array.isArray(value);
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
  }
}

function expectation(schema: JsonSchema | undefined, root: JsonSchema): string {
  if (!schema) return 'a value';
  if (schema.$ref !== undefined) return expectation(resolve(schema.$ref, root), root);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.type === undefined) return 'a value';
  return (typeof schema.type === 'string' ? [schema.type] : schema.type).map(article).join(' or ');
}

function article(type: JsonType): string {
  switch (type) {
    case 'null': return 'null';
    case 'object': return 'an object';
    case 'array': return 'a list';
    case 'integer': return 'an integer';
    default: return `a ${type}`;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 30 ? `${value.slice(0, 30)}…` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** `runs[0]` + `latency` → `runs[0].latency`; keys that are not plain names are quoted. */
function join(at: string, name: string): string {
  const key = /^[A-Za-z_$][\w$-]*$/.test(name) ? name : JSON.stringify(name);
  return at === '' ? key : `${at}.${key}`;
}
