// Server-side request forgery guard for upstream and webhook URLs: private, loopback, link-local,
// carrier-grade NAT and cloud-metadata addresses are refused unless an admin allowed them (the
// connection's allowPrivateNetwork, or AIRLOCK_ALLOW_PRIVATE_UPSTREAMS). Host names are resolved
// and every address they resolve to is checked. The gateway checks again at request time, since
// DNS answers can change after the connection is saved.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16],
  ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const) blocked.addSubnet(net, prefix, "ipv6");

/** Names that reach cloud instance metadata services without a private-looking address. */
const METADATA_HOSTS = new Set(["metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"]);

/** IPv6 forms that embed an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96). */
function embeddedIpv4(address: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m?.[1]) return m[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex?.[1] && hex[2]) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    return v4 ? blocked.check(v4, "ipv4") : blocked.check(address, "ipv6");
  }
  return false;
}

export class UnsafeUpstreamError extends Error {}

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Throws UnsafeUpstreamError when the URL's host is, or resolves to, a refused address. A name that
 * does not resolve here is accepted: it may only resolve inside the gateway's network.
 */
export async function assertPublicUpstream(url: URL, resolve: Resolver = systemResolver): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost") || METADATA_HOSTS.has(host)) {
    throw new UnsafeUpstreamError(`${host} is a local or cloud-metadata host`);
  }
  if (isIP(host)) {
    if (isPrivateAddress(host)) throw new UnsafeUpstreamError(`${host} is a private, loopback, link-local or metadata address`);
    return;
  }
  const addresses = await resolve(host).catch(() => [] as string[]);
  const bad = addresses.find(isPrivateAddress);
  if (bad) throw new UnsafeUpstreamError(`${host} resolves to ${bad}, a private, loopback, link-local or metadata address`);
}
