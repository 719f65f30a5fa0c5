import { describe, expect, it } from 'vitest';
import { clientErrorAnswer } from '../../../src/balancer/client-error.js';

const parseError = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

describe('clientErrorAnswer: what the balancer says to a request it cannot parse', () => {
  it('answers 431 to headers over the limit', () => {
    expect(clientErrorAnswer(parseError('HPE_HEADER_OVERFLOW'))).toEqual({ status: 431, message: 'request headers larger than 16384 bytes' });
  });

  it('answers 400 to anything else malformed', () => {
    for (const code of ['HPE_INVALID_METHOD', 'HPE_INVALID_HEADER_TOKEN', 'HPE_INVALID_CONSTANT']) {
      expect(clientErrorAnswer(parseError(code))).toEqual({ status: 400, message: 'bad request' });
    }
  });
});
