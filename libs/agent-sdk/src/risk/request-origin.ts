/**
 * Where a request came from, as the HTTP surfaces see it: the TCP peer, the
 * X-Forwarded-For chain, and the TLS client identity when the connection is mutual TLS.
 * The "client" address is the chain's first entry only when the peer is a proxy we trust
 * (loopback by default: Envoy or a sidecar beside the service); otherwise anyone could
 * pick their own origin by sending the header.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { VigilEngine } from '../vigil-engine';

/** The transport facts of one request (what the surface knows beyond the policy input). */
export interface RequestOrigin {
  readonly peer: string | null;
  /** Raw X-Forwarded-For value, parsed only when a decision is enriched. */
  readonly forwardedFor: string | null;
  readonly tls: { readonly subject: string | null; readonly fingerprint256: string | null } | null;
}

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

export function requestOrigin(req: IncomingMessage): RequestOrigin {
  const socket = req.socket as TLSSocket;
  const xff = req.headers['x-forwarded-for'];
  let tls: RequestOrigin['tls'] = null;
  if (socket && socket.encrypted && socket.authorized) {
    const cert = socket.getPeerCertificate();
    const cn: string | string[] | undefined = cert?.subject?.CN;
    if (cert && Object.keys(cert).length > 0) tls = { subject: (Array.isArray(cn) ? cn[0] : cn) ?? null, fingerprint256: cert.fingerprint256 ?? null };
  }
  const forwardedFor = Array.isArray(xff) ? xff.join(',') : (xff ?? null);
  return { peer: socket?.remoteAddress ?? null, forwardedFor, tls };
}

/** The request's origin for a decision by `engine`: only when it tracks risk (the origin's one reader), else no work. */
export function originOf(engine: VigilEngine, req: IncomingMessage): RequestOrigin | undefined {
  return engine.enforcer.risk ? requestOrigin(req) : undefined;
}

/** Splits an X-Forwarded-For value into addresses, client first. */
export function forwardedChain(xff: string | null): string[] {
  if (!xff) return [];
  return xff
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The client address: the chain's first hop when the peer is a trusted proxy, else the peer. */
export function clientAddress(origin: RequestOrigin, chain: readonly string[], trustedProxies: readonly string[] = LOOPBACK): string | null {
  if (chain.length > 0 && origin.peer !== null && trustedProxies.includes(origin.peer)) return chain[0];
  return origin.peer;
}

export const DEFAULT_TRUSTED_PROXIES: readonly string[] = LOOPBACK;
