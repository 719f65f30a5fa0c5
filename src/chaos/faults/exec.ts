/**
 * `exec:` — a fault that is a command of the user's: how faults reach a fleet statebench did
 * not start (`--url`), e.g. `exec:docker compose kill pizza-1@4s` or
 * `exec:docker compose stop pizza-1@4s+3s,revert=docker compose start pizza-1`.
 *
 * Grammar: `exec:COMMAND[@when][+span][,revert=COMMAND]`. A command is free text, so the
 * `@when` is the spec's last `@` followed by no space, and `,revert=` splits the revert off
 * (everything after it is the revert command). `+span` needs a revert; a revert without one
 * runs 2 s after the command. Each command runs in `sh -c`; its exit code and output go in
 * the fault's record (docs/cli.md, "exec faults").
 */
import { formatLimit, parseDuration, type Parsed } from '../../config/units.js';
import { LIMITS } from '../../config/defaults.js';
import type { ExecCommandRecord, FaultRecord } from '../../result.js';
import { KIND_RULES } from '../spec-kinds.js';
import { parseWhen } from '../spec-when.js';
import type { FaultSpec, FaultSpecContext } from '../spec.js';
import type { Fault } from './types.js';

const EXAMPLE = 'exec:docker compose kill pizza-1@4s';
const REVERT_EXAMPLE = 'exec:docker compose stop pizza-1@4s+3s,revert=docker compose start pizza-1';
const REVERT = ',revert=';
/** A command that hangs must not hold the run (nor its end) forever. */
export const EXEC_TIMEOUT_MS = 30_000;
/** What of a command's output the report keeps. */
export const EXEC_OUTPUT_CHARS = 2000;

const fail = (expected: string): { ok: false; expected: string } => ({ ok: false, expected });

/** Parses `exec:COMMAND[@when][+span][,revert=COMMAND]` (the whole spec, kind included). */
export function parseExecSpec(text: string, context: FaultSpecContext): Parsed<FaultSpec> {
  if (!text.startsWith('exec:')) return fail(`a command after exec:, e.g. ${EXAMPLE}`);
  const body = text.slice('exec:'.length);
  const cut = body.indexOf(REVERT);
  const head = cut < 0 ? body : body.slice(0, cut);
  const revert = cut < 0 ? undefined : body.slice(cut + REVERT.length).trim();
  if (revert === '') return fail(`a command after revert=, e.g. ${REVERT_EXAMPLE}`);
  const at = head.lastIndexOf('@');
  const timed = at >= 0 && /^[^\s@]+$/.test(head.slice(at + 1));
  const command = (timed ? head.slice(0, at) : head).trim();
  if (command === '') return fail(`a command after exec:, e.g. ${EXAMPLE}`);
  const [whenText, spanText, extra] = timed ? head.slice(at + 1).split('+') : [];
  if (extra !== undefined) return fail(`a single +span after the command's @when, e.g. ${REVERT_EXAMPLE}`);
  const when = parseWhen(whenText === '' ? undefined : whenText, context.durationMs);
  if (!when.ok) return fail(`${when.expected} (an exec: fault's last @ starts its when)`);
  let spanMs: number | undefined;
  if (spanText !== undefined) {
    if (revert === undefined) return fail(`a +span only with ,revert=COMMAND (what ends the span), e.g. ${REVERT_EXAMPLE}`);
    const span = parseDuration(spanText);
    if (!span.ok || span.value <= 0) return fail('a span such as +2s for exec');
    if (span.value > LIMITS.maxSpanMs) return fail(`a span of at most ${formatLimit(LIMITS.maxSpanMs)} for exec, such as +2s`);
    spanMs = span.value;
  } else if (revert !== undefined) {
    spanMs = KIND_RULES.exec.spanMs;
  }
  return {
    ok: true,
    value: {
      text,
      kind: 'exec',
      when: when.value,
      ...(spanMs === undefined ? {} : { spanMs }),
      params: {},
      command,
      ...(revert === undefined ? {} : { revert }),
    },
  };
}

let execaModule: Promise<typeof import('execa')> | undefined;

/**
 * Loads execa (some 300 modules, a tenth of a second) once, and only for a run that has an
 * `exec:` fault: every run would pay for it at start otherwise. A run calls it before its
 * load, so a fault does not fire late by an import.
 */
export function loadExeca(): Promise<typeof import('execa')> {
  return (execaModule ??= import('execa'));
}

/** Runs one command in `sh -c`, never throwing: what it did is data for the report. */
export async function runCommand(command: string, timeoutMs = EXEC_TIMEOUT_MS): Promise<ExecCommandRecord> {
  const { execa } = await loadExeca();
  const result = await execa(command, { shell: true, all: true, reject: false, timeout: timeoutMs, stdin: 'ignore', cleanup: true, forceKillAfterDelay: 1000 });
  const all = typeof result.all === 'string' ? result.all : '';
  const output = all.length > EXEC_OUTPUT_CHARS ? `${all.slice(0, EXEC_OUTPUT_CHARS)}… (${all.length - EXEC_OUTPUT_CHARS} more characters)` : all;
  return { command, ...(typeof result.exitCode === 'number' ? { exitCode: result.exitCode } : {}), output };
}

/** Why a command counts as failed, or undefined when it exited 0. */
function failure(record: ExecCommandRecord): string | undefined {
  if (record.exitCode === 0) return undefined;
  const how = record.exitCode === undefined ? `did not exit within ${formatLimit(EXEC_TIMEOUT_MS)}` : `exited ${record.exitCode}`;
  const firstLine = record.output.split('\n').find((line) => line.trim() !== '');
  return `\`${record.command}\` ${how}${firstLine ? `: ${firstLine.trim()}` : ''}`;
}

export const exec: Fault = {
  summary: 'run a shell command (and its revert= after the span): faults on a fleet run elsewhere',
  fire: async (planned, _context, detail) => {
    const { command, revert } = planned.spec;
    if (command === undefined) throw new Error('exec fault without a command');
    const ran = await runCommand(command);
    detail?.({ exec: ran });
    const failed = failure(ran);
    if (failed) throw new Error(failed);
    if (revert === undefined) return undefined;
    return async () => {
      const reverted = await runCommand(revert);
      detail?.({ exec: { ...ran, revert: reverted } });
      const revertFailed = failure(reverted);
      if (revertFailed) throw new Error(`revert ${revertFailed}`);
    };
  },
};

/** A note for each `exec:` command that did not exit 0: the fault may not have acted. */
export function execNotes(faults: readonly FaultRecord[]): string[] {
  return faults.flatMap((fault) => {
    const ran = fault.exec;
    if (!ran) return [];
    return [failure(ran), ran.revert && failure(ran.revert)]
      .filter((problem): problem is string => Boolean(problem))
      .map((problem) => `exec fault at ${((fault.firedAtMs ?? 0) / 1000).toFixed(1)} s: ${problem}`);
  });
}
