// Server-side request forgery guard, applied when a socket to the upstream is opened: the name is
// resolved once and the addresses are checked before connecting, so DNS rebinding between a check
// and the connect cannot slip a private address through. Literal IP hosts never reach `lookup`, so
// `assertUpstreamAllowed` checks those before the request is made.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";
import { GatewayError } from "../errors";
import { isMetadataHost, isPrivateAddress } from "./private-address";

export class PrivateUpstreamError extends GatewayError {
  constructor(host: string, address: string) {
    super(
      "connection_forbidden",
      `The upstream ${host} resolves to a private or link-local address (${address}); an admin must allow private networks for this connection.`,
    );
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that refuses private addresses. */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad) return callback(new PrivateUpstreamError(hostname, bad.address) as unknown as NodeJS.ErrnoException, []);
    if (options.all) return callback(null, list);
    const first = list[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), []);
    callback(null, first.address, first.family);
  });
}

/** Checks what can be checked before connecting: literal addresses and metadata host names. */
export function assertUpstreamAllowed(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isMetadataHost(host)) throw new PrivateUpstreamError(host, "cloud metadata service");
  if (host.toLowerCase() === "localhost" || host.toLowerCase().endsWith(".localhost")) throw new PrivateUpstreamError(host, "loopback");
  if (isIP(host) && isPrivateAddress(host)) throw new PrivateUpstreamError(host, host);
}
