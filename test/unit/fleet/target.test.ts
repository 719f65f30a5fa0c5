import { describe, expect, it } from 'vitest';
import { referenceDesigns } from '../../../src/designs/index.js';
import { expandTarget, type TargetDefinition } from '../../../src/fleet/target.js';

describe('target definitions: placeholders', () => {
  it('fills {secret} in arguments and environment, as {port}, {id}, {redisUrl} and {keyPrefix}', () => {
    const def: TargetDefinition = {
      name: 'mine',
      command: 'my-server',
      args: ['--listen', '{port}', '--name', '{id}', '--key', '{secret}'],
      cwd: '/srv',
      env: { APP_SECRET: '{secret}', STORE: '{redisUrl}/{keyPrefix}' },
      healthPath: '/healthz',
      store: 'redis',
    };
    const slot = { port: 8080, id: 'server-2', redisUrl: 'redis://h:1', keyPrefix: 'sb:x:', secret: 's3cret' };
    expect(expandTarget(def, slot)).toEqual({
      command: 'my-server',
      args: ['--listen', '8080', '--name', 'server-2', '--key', 's3cret'],
      cwd: '/srv',
      env: { APP_SECRET: 's3cret', STORE: 'redis://h:1/sb:x:' },
    });
  });

  it('fills a placeholder that appears twice in one value, and leaves {redisUrl} empty for a fleet without Redis', () => {
    const def: TargetDefinition = { name: 'x', command: 'x', args: ['{id}-{id}', 'redis={redisUrl}'], cwd: '/', env: {}, healthPath: '/', store: 'none' };
    expect(expandTarget(def, { port: 1, id: 'server-1' }).args).toEqual(['server-1-server-1', 'redis=']);
  });

  it('gives a reference design the fleet secret in env STATEBENCH_SECRET, never on its command line', () => {
    const spec = expandTarget(referenceDesigns('pizza').designs.stateless!, { port: 1, id: 'server-1', secret: 's3cret' });
    expect(spec.env).toEqual({ STATEBENCH_SECRET: 's3cret' });
    expect(spec.args.join(' ')).not.toContain('s3cret');
  });
});
