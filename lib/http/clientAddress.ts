import type { IncomingMessage } from 'node:http';
import type { AsyncLocalStorage } from 'node:async_hooks';
import proxyAddr from 'proxy-addr';

type Trust = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY: which forwarding hops to believe. Unset: none, X-Forwarded-For is ignored and the
 * socket's peer is the client. A number n: the n proxies nearest the app are ours, the address
 * they were handed the request from is the client's. Otherwise a comma-separated list of
 * addresses or CIDR ranges (or proxy-addr's names loopback, linklocal, uniquelocal) of our
 * proxies: the nearest address outside it is the client's.
 */
export function parseTrustProxy(value: string | undefined): Trust {
  const setting = value?.trim() ?? '';
  if (setting === '') return () => false;
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  try {
    return proxyAddr.compile(setting.split(',').map((part) => part.trim()));
  } catch (error) {
    throw new Error(
      `TRUST_PROXY=${value}: a hop count or a comma-separated list of addresses / CIDR ranges (${(error as Error).message})`,
    );
  }
}

let fromEnvironment: { value: string | undefined; trust: Trust } | undefined;
function trustFromEnvironment(): Trust {
  const value = process.env.TRUST_PROXY;
  if (!fromEnvironment || fromEnvironment.value !== value)
    fromEnvironment = { value, trust: parseTrustProxy(value) };
  return fromEnvironment.trust;
}

const PEER_KEY = Symbol.for('fusion-ops.peer-address');

/** The socket address of the request being handled, as scripts/server.mjs recorded it. */
export function currentPeer(): string | undefined {
  const store = (globalThis as { [PEER_KEY]?: AsyncLocalStorage<string> })[PEER_KEY];
  return store?.getStore();
}

/**
 * The client's address, for every per-address limit: the peer, or with TRUST_PROXY the
 * address our own proxies say they were connected from. A server that did not record the
 * peer (not started through scripts/server.mjs) gives 'unknown', never a header's claim.
 */
export function clientAddress(
  headers: Headers | Record<string, unknown> | undefined,
  peer: string | undefined = currentPeer(),
  trust: Trust = trustFromEnvironment(),
): string {
  if (!peer) return 'unknown';
  const forwarded =
    headers instanceof Headers ? headers.get('x-forwarded-for') : headers?.['x-forwarded-for'];
  const request = {
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
    headers: typeof forwarded === 'string' ? { 'x-forwarded-for': forwarded } : {},
  } as unknown as IncomingMessage;
  return proxyAddr(request, trust);
}
