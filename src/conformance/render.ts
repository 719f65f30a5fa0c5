import type { DesignCheck } from './check-design.js';
import { failures } from './index.js';
import type { ConformanceCheck } from './types.js';

/** ✓ passed, ✗ a required check failed, ! an advisory one did (a warning). */
export function mark(check: ConformanceCheck): '✓' | '✗' | '!' {
  if (check.ok) return '✓';
  return check.required ? '✗' : '!';
}

/**
 * One design's checks as lines for the terminal: every check with its mark; a failure or
 * a warning also says what was sent, expected and got; then a summary line.
 */
export function renderDesignCheck(result: DesignCheck): string {
  const lines = [`${result.label}: ${result.server.id} at ${result.server.url}`];
  for (const check of result.checks) {
    lines.push(`  ${mark(check)} ${check.name}${check.ok || check.required ? '' : ' (advisory)'}`);
    if (!check.ok) lines.push(`      sent:     ${check.sent}`, `      expected: ${check.expected}`, `      got:      ${check.got}`);
  }
  const failed = failures(result.checks).length;
  const warnings = result.checks.filter((check) => !check.ok && !check.required).length;
  const passed = result.checks.filter((check) => check.ok).length;
  const verdict = failed === 0 ? 'conforms' : 'does NOT conform';
  lines.push(`${result.label} ${verdict}: ${passed} passed, ${failed} failed, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  if (failed > 0) lines.push(`  server log: ${result.server.logFile}`);
  return `${lines.join('\n')}\n`;
}
