import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustProxy } from './clientAddress';

const headers = (forwardedFor?: string) =>
  new Headers(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});

describe('client address for per-address limits', () => {
  it('ignores forwarding headers unless TRUST_PROXY is set', () => {
    const trust = parseTrustProxy(undefined);
    expect(clientAddress(headers('203.0.113.9'), '198.51.100.1', trust)).toBe('198.51.100.1');
    expect(clientAddress(headers(), '198.51.100.1', parseTrustProxy(''))).toBe('198.51.100.1');
  });

  it('believes as many hops as TRUST_PROXY counts, nearest first', () => {
    const chain = headers('203.0.113.9, 192.0.2.1, 10.0.0.2');
    expect(clientAddress(chain, '10.0.0.1', parseTrustProxy('1'))).toBe('10.0.0.2');
    expect(clientAddress(chain, '10.0.0.1', parseTrustProxy('2'))).toBe('192.0.2.1');
    expect(clientAddress(chain, '10.0.0.1', parseTrustProxy('9'))).toBe('203.0.113.9');
  });

  it('believes only proxies inside the TRUST_PROXY ranges', () => {
    const trust = parseTrustProxy('10.0.0.0/8, 127.0.0.1');
    // A client-prepended address is never reached: 192.0.2.1 is not one of ours.
    expect(clientAddress(headers('203.0.113.9, 192.0.2.1, 10.0.0.2'), '127.0.0.1', trust)).toBe(
      '192.0.2.1',
    );
    // A peer outside the ranges is the client, whatever it claims.
    expect(clientAddress(headers('203.0.113.9'), '192.0.2.7', trust)).toBe('192.0.2.7');
  });

  it('refuses a TRUST_PROXY it cannot read, and a request without a recorded peer is unknown', () => {
    expect(() => parseTrustProxy('10.0.0.0/99')).toThrow(/TRUST_PROXY/);
    expect(clientAddress(headers('203.0.113.9'), undefined, parseTrustProxy('1'))).toBe('unknown');
  });
});
