import { describe, expect, it } from 'vitest';
import { conformanceError, failures, probe, PROBES } from '../../../src/conformance/index.js';
import { mark, renderDesignCheck } from '../../../src/conformance/render.js';
import type { ConformanceCheck } from '../../../src/conformance/types.js';
import { EnvironmentError, exitCodeFor, InternalError } from '../../../src/errors.js';
import { scenarioNames } from '../../../src/scenarios/index.js';

const check = (name: string, required: boolean, ok: boolean): ConformanceCheck => ({ name, required, ok, sent: `GET /${name}`, expected: '200', got: ok ? '200' : '404 {}' });
const server = { id: 'server-1', url: 'http://127.0.0.1:4100', logFile: '/tmp/server-1.log' };

describe('conformance verdicts', () => {
  it('every scenario has a probe, and a name without one is a bug in statebench (exit 4), not the user\'s', async () => {
    expect(Object.keys(PROBES).sort()).toEqual(scenarioNames().sort());
    const error = await probe('bakery', 'http://127.0.0.1:1', { serverId: 'server-1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalError);
    expect(exitCodeFor(error)).toBe(4);
  });

  it('only failed required checks refuse a target; a failed advisory one is a warning', () => {
    const checks = [check('a', true, true), check('b', false, false)];
    expect(failures(checks)).toEqual([]);
    expect(conformanceError('mine/x', checks)).toBeUndefined();
    expect(checks.map(mark)).toEqual(['✓', '!']);
  });

  it('failed required checks become an exit-3 error listing each with what was sent, expected and got', () => {
    const error = conformanceError('mine/x', [check('a', true, false), check('b', false, false), check('c', true, true)]);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(exitCodeFor(error)).toBe(3);
    expect(error!.message).toBe(
      [
        'mine/x does not speak the protocol: 1 required check failed (docs/conformance.md):',
        '✗ a',
        '    sent:     GET /a',
        '    expected: 200',
        '    got:      404 {}',
      ].join('\n'),
    );
  });

  it('prints every check, details under the ones that did not pass, and a verdict', () => {
    const text = renderDesignCheck({ label: 'mine/x', server, checks: [check('a', true, true), check('b', false, false), check('c', true, false)] });
    expect(text.split('\n')).toEqual([
      'mine/x: server-1 at http://127.0.0.1:4100',
      '  ✓ a',
      '  ! b (advisory)',
      '      sent:     GET /b',
      '      expected: 200',
      '      got:      404 {}',
      '  ✗ c',
      '      sent:     GET /c',
      '      expected: 200',
      '      got:      404 {}',
      'mine/x does NOT conform: 1 passed, 1 failed, 1 warning',
      '  server log: /tmp/server-1.log',
      '',
    ]);
    expect(renderDesignCheck({ label: 'mine/x', server, checks: [check('a', true, true)] })).toBe(
      'mine/x: server-1 at http://127.0.0.1:4100\n  ✓ a\nmine/x conforms: 1 passed, 0 failed, 0 warnings\n',
    );
  });
});
