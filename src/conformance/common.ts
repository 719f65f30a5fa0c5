import type { Exchange } from './client.js';
import { field, judge } from './judge.js';
import type { ConformanceCheck } from './types.js';

/**
 * The health path: statebench waits for its 200 before a server counts as started and
 * the balancer polls it, so the 200 is required. The body (`{"id","scenario"}`) is read by
 * nobody, so it is advisory.
 */
export function judgeHealth(exchange: Exchange, scenario: string, serverId: string): ConformanceCheck[] {
  return [
    judge({ name: 'health path answers 200', required: true, expected: '200' }, exchange, exchange.status === 200),
    judge(
      { name: 'health body names the server and the scenario', required: false, expected: `{"id":"${serverId}","scenario":"${scenario}", …}` },
      exchange,
      field(exchange, 'id') === serverId && field(exchange, 'scenario') === scenario,
    ),
  ];
}
