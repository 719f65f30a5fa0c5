/**
 * Assertion outcomes as JUnit XML (`--junit FILE`), which GitLab, Jenkins and the GitHub
 * test reporters read: a `<testsuite>` per run (or per matrix cell), a `<testcase>` per
 * assertion, and a `<failure>` with the observed value when it did not hold. Pure:
 * outcomes in, a string out.
 */
import { formatValue, renderAssertions, type AssertionOutcome } from '../assert/index.js';

/** One suite: the assertions checked against one run (or one cell of a matrix). */
export interface JunitSuite {
  /** e.g. `statebench pizza` or `statebench matrix pizza · sticky, redispatch off`. */
  readonly name: string;
  /** Prefix of each test case's class name, e.g. `statebench.pizza`. */
  readonly className: string;
  readonly outcomes: readonly AssertionOutcome[];
}

/** The whole JUnit document, one suite after another, ending in a newline. */
export function renderJunit(suites: readonly JunitSuite[], options: { readonly timestamp?: string } = {}): string {
  const total = suites.reduce((n, suite) => n + suite.outcomes.length, 0);
  const failed = suites.reduce((n, suite) => n + suite.outcomes.filter((o) => !o.ok).length, 0);
  const stamp = options.timestamp ? ` timestamp="${xml(options.timestamp.replace(/\.\d+Z$/, ''))}"` : '';
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="statebench" tests="${total}" failures="${failed}" errors="0">`,
  ];
  for (const suite of suites) {
    const failures = suite.outcomes.filter((o) => !o.ok).length;
    lines.push(`  <testsuite name="${xml(suite.name)}" tests="${suite.outcomes.length}" failures="${failures}" errors="0" skipped="0"${stamp}>`);
    for (const outcome of suite.outcomes) lines.push(...testcase(suite, outcome));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testcase(suite: JunitSuite, outcome: AssertionOutcome): string[] {
  const open = `    <testcase classname="${xml(`${suite.className}.${outcome.design}`)}" name="${xml(outcome.text)}" time="0"`;
  if (outcome.ok) return [`${open}/>`];
  const observed = outcome.observed === undefined
    ? outcome.reason ?? 'no value'
    : `observed ${formatValue(outcome.observed, outcome.expectedText.endsWith('%'))}`;
  const detail = renderAssertions([outcome]).replace(/^✗ /, '').trimEnd();
  return [
    `${open}>`,
    `      <failure message="${xml(observed)}" type="AssertionFailed">${xml(detail)}</failure>`,
    '    </testcase>',
  ];
}

/** Text safe in XML 1.0 content and quoted attributes; characters XML cannot hold are dropped. */
export function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
