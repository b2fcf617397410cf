/**
 * The client's network address, for throttling sign-in per address. A forwarding header is
 * believed only from a proxy the operator named: anyone can send `X-Forwarded-For`, and an
 * attacker who could choose their apparent address would escape the throttle.
 */
import type { Context } from "hono";

/** Drops the IPv4-mapped IPv6 prefix Node reports on dual-stack sockets (`::ffff:10.0.0.1`). */
function plain(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
}

/**
 * The address a request came from: the socket's peer, or, when the peer is a trusted proxy, the
 * right-most `X-Forwarded-For` entry that is not itself a trusted proxy.
 */
export function clientAddressOf(socketAddress: string | undefined, forwardedFor: string | undefined, trustedProxies: readonly string[]): string {
  if (!socketAddress) return "unknown";
  const peer = plain(socketAddress);
  const trusted = new Set(trustedProxies.map(plain));
  if (!trusted.has(peer) || !forwardedFor) return peer;
  const hops = forwardedFor
    .split(",")
    .map((h) => plain(h.trim()))
    .filter(Boolean);
  // Walk from the nearest hop outwards: each trusted proxy vouches for the one before it.
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted.has(hops[i]!)) return hops[i]!;
  }
  return hops[0] ?? peer;
}

/** The address of a request to this server (the Node socket's peer, through `clientAddressOf`); "unknown" in in-process tests. */
export function requestAddress(c: Context, trustedProxies: readonly string[]): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return clientAddressOf(env?.incoming?.socket?.remoteAddress, c.req.header("X-Forwarded-For"), trustedProxies);
}
