import { ReplyError } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { storeErrorReply } from '../../../targets/common/redis.js';

describe('storeErrorReply: what a stateless target answers when its store fails', () => {
  it('answers 503 when the command never reached Redis, or Redis refused it: nothing was applied', () => {
    // ioredis's own words when the connection is down and the offline queue is off.
    const notSent = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    expect(storeErrorReply(notSent)).toMatchObject({ status: 503, body: { error: 'store unavailable' } });
    expect(storeErrorReply(new ReplyError('OOM command not allowed when used memory > maxmemory'))).toMatchObject({ status: 503 });
  });

  it('answers 504 when the command was sent and no answer came: it may yet run', () => {
    for (const message of ['Command timed out', 'Connection is closed.']) {
      expect(storeErrorReply(new Error(message))).toMatchObject({ status: 504, body: { error: 'store did not answer in time' } });
    }
  });
});
