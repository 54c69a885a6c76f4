import { describe, expect, it } from 'vitest';
import {
  checkWebhookUrl,
  envelope,
  secretHint,
  signatureHeader,
  statusAfterAttempt,
  verifySignature,
  WEBHOOK_EVENTS,
} from './webhooks';

// The vector was computed outside this code:
//   printf '%s' '1700000000.{"id":"e1","type":"test"}' | openssl dgst -sha256 -hmac whsec_test
const SECRET = 'whsec_test';
const BODY = '{"id":"e1","type":"test"}';
const T = 1_700_000_000;
const V1 = '9197ac41a6fcdacc3ebde03233deddfedf9f37e44a22588b957ea21e8e3cbbbe';

describe('signature', () => {
  it('matches a known HMAC-SHA256 vector', () => {
    expect(signatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${V1}`);
  });

  it('verifies a fresh delivery', () => {
    const header = signatureHeader(SECRET, T, BODY);
    expect(verifySignature({ secret: SECRET, header, body: BODY, nowSeconds: T + 10 })).toEqual({
      ok: true,
      timestamp: T,
    });
  });

  it('rejects a tampered body, another secret or a changed timestamp', () => {
    const header = signatureHeader(SECRET, T, BODY);
    const check = (over: Partial<Parameters<typeof verifySignature>[0]>) =>
      verifySignature({ secret: SECRET, header, body: BODY, nowSeconds: T, ...over });
    expect(check({ body: BODY.replace('e1', 'e2') })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check({ secret: 'whsec_other' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check({ header: header.replace(`t=${T}`, `t=${T + 1}`) })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects a timestamp outside the replay window (5 minutes), either way', () => {
    const header = signatureHeader(SECRET, T, BODY);
    const at = (nowSeconds: number) =>
      verifySignature({ secret: SECRET, header, body: BODY, nowSeconds });
    expect(at(T + 300).ok).toBe(true);
    expect(at(T + 301)).toEqual({ ok: false, reason: 'expired' });
    expect(at(T - 301)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects malformed headers', () => {
    for (const header of [null, '', 'v1=abc', `t=${T}`, `t=x,v1=${V1}`, 'garbage'])
      expect(verifySignature({ secret: SECRET, header, body: BODY, nowSeconds: T }).ok).toBe(false);
  });

  it('accepts any matching v1 among several (secret rotation)', () => {
    const header = `t=${T},v1=${'0'.repeat(64)},v1=${V1}`;
    expect(verifySignature({ secret: SECRET, header, body: BODY, nowSeconds: T }).ok).toBe(true);
  });
});

describe('envelope and helpers', () => {
  it('builds {id, type, occurredAt, data}', () => {
    expect(envelope('e1', 'stage_change', new Date(Date.UTC(2026, 11, 2)), { to: 'off' })).toEqual({
      id: 'e1',
      type: 'stage_change',
      occurredAt: '2026-12-02T00:00:00.000Z',
      data: { to: 'off' },
    });
  });

  it('knows every event the issue names, candidate_proposed and test included', () => {
    expect([...WEBHOOK_EVENTS].sort()).toEqual(
      [
        'auto_pause',
        'breach',
        'candidate_proposed',
        'dlq_above_2',
        'rollback',
        'stage_change',
        'test',
      ].sort(),
    );
  });

  it('shows only the last 4 characters of a secret', () => {
    expect(secretHint('whsec_abcdefgh')).toBe('…efgh');
  });

  it('accepts http(s) URLs, localhost included, and refuses the rest', () => {
    expect(checkWebhookUrl('http://127.0.0.1:8080/hook').ok).toBe(true);
    expect(checkWebhookUrl('https://hooks.example.com/x?y=1').ok).toBe(true);
    for (const bad of [
      'ftp://example.com/x',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://user:pw@example.com/',
      'https://token@example.com/',
      'not a url',
      `https://example.com/${'a'.repeat(2001)}`,
    ])
      expect(checkWebhookUrl(bad).ok, bad).toBe(false);
  });

  it('says dead only after the last retry', () => {
    expect(statusAfterAttempt(true, 3)).toBe('succeeded');
    expect(statusAfterAttempt(false, 0)).toBe('failed');
    expect(statusAfterAttempt(false, 2)).toBe('failed');
    expect(statusAfterAttempt(false, 3)).toBe('dead');
  });
});
