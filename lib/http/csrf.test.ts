import { describe, expect, it } from 'vitest';
import { crossOriginRefusal } from './csrf';

const APP = 'https://ops.example.com';

const request = (method: string, headers: Record<string, string>) =>
  new Request('http://10.0.0.5:3000/api/rollout', {
    method,
    headers: { host: '10.0.0.5:3000', ...headers },
  });

describe('cross-origin state changes with the session cookie', () => {
  it('are refused when the browser says the request is cross-site or same-site', () => {
    for (const site of ['cross-site', 'same-site']) {
      expect(crossOriginRefusal(request('POST', { 'sec-fetch-site': site }), APP)).toMatch(site);
    }
    expect(crossOriginRefusal(request('DELETE', { origin: 'http://evil.example' }), APP)).toMatch(
      'evil.example',
    );
    // Another port of the same host is another origin.
    expect(
      crossOriginRefusal(request('POST', { origin: 'http://10.0.0.5:4000' }), APP),
    ).not.toBeNull();
  });

  it('pass from the app itself, and for reads and non-browser callers', () => {
    expect(
      crossOriginRefusal(request('POST', { 'sec-fetch-site': 'same-origin' }), APP),
    ).toBeNull();
    expect(crossOriginRefusal(request('POST', { origin: APP }), APP)).toBeNull();
    expect(crossOriginRefusal(request('POST', { origin: 'http://10.0.0.5:3000' }), APP)).toBeNull();
    expect(crossOriginRefusal(request('GET', { 'sec-fetch-site': 'cross-site' }), APP)).toBeNull();
    expect(crossOriginRefusal(request('POST', {}), APP)).toBeNull();
  });
});
