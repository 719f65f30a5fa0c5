import { describe, expect, it } from 'vitest';
import { checkAssertions, parseAssertions } from '../../../src/assert/index.js';
import { renderJunit, xml } from '../../../src/report/junit.js';
import { parseXml } from '../../helpers/xml.js';
import { result } from './fixture.js';

const outcomes = checkAssertions(result, parseAssertions([
  'stateless.sessionLoss.rate == 0',
  'stateful.latency.p99 < 50',
  'stateful.sessionLoss.rate < 1%',
]));

describe('renderJunit', () => {
  const doc = parseXml(renderJunit([{ name: 'statebench pizza', className: 'statebench.pizza', outcomes }], { timestamp: result.startedAt }));

  it('writes one test case per assertion, failures with the observed value', () => {
    expect(doc.name).toBe('testsuites');
    expect(doc.attributes).toMatchObject({ tests: '3', failures: '2' });
    const [suite] = doc.children;
    expect(suite!.attributes).toMatchObject({ name: 'statebench pizza', tests: '3', failures: '2', timestamp: '2026-11-28T09:30:00' });
    const cases = suite!.children;
    expect(cases.map((c) => [c.attributes.name, c.attributes.classname, c.children.map((f) => f.name)])).toEqual([
      ['stateless.sessionLoss.rate == 0', 'statebench.pizza.stateless', []],
      ['stateful.latency.p99 < 50', 'statebench.pizza.stateful', ['failure']],
      ['stateful.sessionLoss.rate < 1%', 'statebench.pizza.stateful', ['failure']],
    ]);
    expect(cases[1]!.children[0]!.attributes.message).toBe('observed 98.765');
    expect(cases[1]!.children[0]!.text).toBe('stateful.latency.p99 < 50: observed 98.765');
    expect(cases[2]!.children[0]!.attributes.message).toBe('observed 8.98%');
  });

  it('says why when there is no value, and holds one suite per matrix cell', () => {
    const missing = checkAssertions(result, parseAssertions(['stateful.latencyByStep.add.p99 < 5']));
    const two = parseXml(renderJunit([
      { name: 'cell a', className: 'a', outcomes: missing },
      { name: 'cell b', className: 'b', outcomes: outcomes.slice(0, 1) },
    ]));
    expect(two.children.map((s) => s.attributes.tests)).toEqual(['1', '1']);
    expect(two.children[0]!.children[0]!.children[0]!.attributes.message).toBe('no field `latencyByStep.add` (`latencyByStep` is empty)');
  });

  it('escapes what XML cannot hold as it is', () => {
    expect(xml(`a < b & "c" > 'd'\u0001`)).toBe('a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;');
    expect(() => parseXml('<a><b></a>')).toThrow(/not well-formed/);
    expect(() => parseXml('<a>x < y</a>')).toThrow(/not well-formed/);
  });
});
