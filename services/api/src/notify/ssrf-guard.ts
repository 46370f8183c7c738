/**
 * A webhook URL must reach the internet, not the platform's own network: an endpoint on a private,
 * loopback, link-local (cloud metadata at 169.254.169.254) or otherwise reserved address would let
 * a company make the platform call its internals (SSRF). Checked when the endpoint is registered
 * and again before every delivery (a name can be re-pointed after registration). Tests and the demo
 * set WEBHOOK_ALLOW_PRIVATE=1 to deliver to a receiver on loopback.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const BLOCKED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) {
  BLOCKED.addSubnet(net, bits, 'ipv6');
}

/** Why a destination is refused (the rule a 400 names). */
export type DestinationRule = 'private_address' | 'unresolvable';

export class UnsafeDestination extends Error {
  constructor(readonly rule: DestinationRule, message: string) {
    super(message);
  }
}

/** Whether one address is on the internet (an IPv4-mapped IPv6 address is judged as its IPv4). */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPublicAddress(mapped);
  const family = isIP(address);
  if (family === 0) return false;
  return !BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** WEBHOOK_ALLOW_PRIVATE=1 (tests, the demo on one machine) lets webhooks reach private addresses. */
export function allowPrivateFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes|on)$/i.test(env.WEBHOOK_ALLOW_PRIVATE?.trim() ?? '');
}

/**
 * Resolves the URL's host and refuses it unless every address is public (or `allowPrivate`).
 *
 * @example
 * await assertPublicDestination('https://hooks.example.com/borderflow', false);
 */
export async function assertPublicDestination(url: string, allowPrivate: boolean): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    throw new UnsafeDestination('unresolvable', `The host ${host} does not resolve`);
  }
  if (allowPrivate) return;
  const inside = addresses.find((a) => !isPublicAddress(a));
  if (inside !== undefined) throw new UnsafeDestination('private_address', `The host ${host} resolves to ${inside}, a private or reserved address`);
}
