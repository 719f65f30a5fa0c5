import { ConfigError } from '../errors.js';
import type { Parsed } from './units.js';

/**
 * Parses every value of a repeatable flag, collecting all problems before failing.
 * @throws ConfigError (exit 2), one line per malformed value: ``Expected `--flag` to be …, got `…`.``
 */
export function parseAll<T>(flag: string, texts: readonly string[], parse: (text: string) => Parsed<T>): T[] {
  const parsed = texts.map((text) => ({ text, result: parse(text) }));
  const problems = parsed.flatMap(({ text, result }) => (result.ok ? [] : [`Expected \`${flag}\` to be ${result.expected}, got \`${text}\`.`]));
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.flatMap(({ result }) => (result.ok ? [result.value] : []));
}
