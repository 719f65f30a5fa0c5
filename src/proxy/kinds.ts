/**
 * The proxies statebench can put in front of a fleet, what each can do, and how to get
 * it: one table, so the parser, the messages, the docs and the matrix agree.
 */
import { STRATEGY_NAMES } from '../balancer/strategies/index.js';
import type { StrategyName } from '../config/types.js';

export type ProxyKind = 'builtin' | 'haproxy' | 'nginx';

export const PROXY_KINDS: readonly ProxyKind[] = ['builtin', 'haproxy', 'nginx'];

export interface ProxyRule {
  /** The binary, looked up on PATH (absent: statebench's own balancer). */
  readonly binary?: string;
  /** The Debian package that installs the binary, named when it is missing. */
  readonly install?: string;
  /** The strategies its configuration can express. */
  readonly strategies: readonly StrategyName[];
  /** Why a strategy it lacks is missing, for the message of a refused `--balancer`. */
  readonly lacks?: string;
  /**
   * Whether it can refuse a session whose server is gone (`--redispatch off`): nginx always
   * passes a failed request to the next server.
   */
  readonly redispatchOff: boolean;
}

const EVERY: readonly StrategyName[] = ['round-robin', 'random', 'least-connections', 'sticky', 'hash', 'source'];

export const PROXY_RULES: Readonly<Record<ProxyKind, ProxyRule>> = {
  builtin: { strategies: STRATEGY_NAMES, lacks: 'the built-in balancer has no such strategy', redispatchOff: true },
  haproxy: { binary: 'haproxy', install: 'apt-get install haproxy', strategies: EVERY, redispatchOff: true },
  nginx: {
    binary: 'nginx',
    install: 'apt-get install nginx-light',
    strategies: ['round-robin', 'random', 'least-connections', 'hash', 'source'],
    lacks: "nginx OSS has no cookie-insert stickiness; that is nginx Plus's `sticky cookie`",
    redispatchOff: false,
  },
};

export function isProxyKind(text: string): text is ProxyKind {
  return (PROXY_KINDS as readonly string[]).includes(text);
}

/** Whether `proxy` can run `strategy`. */
export function supports(proxy: ProxyKind, strategy: StrategyName): boolean {
  return PROXY_RULES[proxy].strategies.includes(strategy);
}

/** The line of a refused strategy: what the proxy lacks and what it has. */
export function unsupported(proxy: ProxyKind, strategy: StrategyName): string {
  const rule = PROXY_RULES[proxy];
  const why = rule.lacks ? ` (${rule.lacks})` : '';
  return `Expected \`--balancer\` to be a strategy ${proxy} supports (${rule.strategies.join(', ')}), got \`${strategy}\`${why}.`;
}
