/**
 * Reading a saved result back: a run report (`statebench/report@1`) or a matrix
 * (`statebench/matrix@1`), checked against the published schema before any view
 * touches it, so a file that is not a report is exit 2 naming its first bad field, never
 * a crash inside a renderer.
 */
import { readFile } from 'node:fs/promises';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { ConfigError } from '../errors.js';
import { MATRIX_SCHEMA, type MatrixResult } from '../orchestrator/matrix.js';
import { REPORT_SCHEMA, type RunResult } from '../result.js';
import { REPORT_JSON_SCHEMA, type JsonSchema } from './schema.js';
import { firstProblem, type FormatCheck } from './validate.js';

/** A saved result of either kind. */
export type SavedResult = { readonly kind: 'report'; readonly result: RunResult } | { readonly kind: 'matrix'; readonly matrix: MatrixResult };

/** A matrix file: its own header, and a whole report per cell. */
export const MATRIX_JSON_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['schema', 'scenario', 'seed', 'durationMs', 'users', 'startedAt', 'cells'],
  properties: {
    schema: { const: MATRIX_SCHEMA },
    scenario: { type: 'string' },
    seed: { type: 'integer' },
    durationMs: { type: 'number', minimum: 0 },
    users: { type: 'integer', minimum: 0 },
    startedAt: { type: 'string' },
    cells: {
      type: 'array',
      items: {
        type: 'object',
        required: ['variant', 'result'],
        properties: {
          variant: {
            type: 'object',
            required: ['strategy', 'redispatch'],
            properties: { strategy: { type: 'string' }, redispatch: { type: 'boolean' } },
          },
          result: { $ref: '#/$defs/report' },
        },
      },
    },
  },
  $defs: { ...REPORT_JSON_SCHEMA.$defs, report: { ...REPORT_JSON_SCHEMA, $defs: {} } },
};

/** The formats a report's strings claim: a histogram must decode. */
const FORMATS: Readonly<Record<string, FormatCheck>> = {
  'hdr-histogram': (text) => {
    try {
      decodeFromCompressedBase64(text, 32, false);
      return undefined;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return `expected an HDR histogram (compressed base64), got a corrupt one (${reason.split('\n')[0]})`;
    }
  },
};

/**
 * The shape problem of `value` as a report (or, with `matrix`, a matrix file), as
 * `where: what`; undefined when it conforms.
 */
export function reportProblem(value: unknown, kind: 'report' | 'matrix' = 'report'): string | undefined {
  return firstProblem(value, kind === 'report' ? REPORT_JSON_SCHEMA : MATRIX_JSON_SCHEMA, FORMATS);
}

/**
 * Reads a saved run report or matrix and checks it against the schema.
 * @throws ConfigError (exit 2) naming the file and what is wrong with it.
 */
export async function readSaved(path: string): Promise<SavedResult> {
  const value = await readJson(path);
  const schema = (value as { schema?: unknown } | null)?.schema;
  if (schema !== REPORT_SCHEMA && schema !== MATRIX_SCHEMA) {
    const shown = typeof schema === 'string' ? `\`${schema}\`` : 'none';
    throw new ConfigError(`Expected a report with schema ${REPORT_SCHEMA} or ${MATRIX_SCHEMA}, got \`${path}\` with schema ${shown}.`);
  }
  const kind = schema === REPORT_SCHEMA ? 'report' : 'matrix';
  const problem = reportProblem(value, kind);
  if (problem) throw new ConfigError(`\`${path}\` is not a statebench ${kind}: ${problem}.`);
  return kind === 'report' ? { kind, result: value as RunResult } : { kind, matrix: value as MatrixResult };
}

/**
 * Reads a saved run report (not a matrix).
 * @throws ConfigError (exit 2) naming the file and what is wrong with it.
 */
export async function readReport(path: string): Promise<RunResult> {
  const saved = await readSaved(path);
  if (saved.kind === 'report') return saved.result;
  throw new ConfigError(`Expected a run report (${REPORT_SCHEMA}), got \`${path}\`, a matrix (${MATRIX_SCHEMA}); compare two runs, or re-render it with \`statebench report\`.`);
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Expected a readable report file, got \`${path}\` (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`Expected a JSON report, got \`${path}\`, which is not JSON.`);
  }
}
