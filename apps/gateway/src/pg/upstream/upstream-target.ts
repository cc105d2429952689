// Where and how to reach a `postgres` connection's database: host, port, user and database from
// its postgresql:// URL; the password from the stored credential (decrypted only at connect time);
// TLS from `sslmode` (URL query or connection option, libpq's meanings) and an optional `ca` PEM
// in the connection options. Certificate files on the gateway's disk are deliberately not read
// from connection settings: a connection editor must not be able to make the gateway open files.
import { GatewayError } from "../../errors";
import type { ResolvedConnection } from "../../services";

export type SslMode = "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full";
const SSL_MODES: readonly SslMode[] = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

export interface UpstreamTarget {
  host: string;
  port: number;
  user: string;
  database: string;
  sslmode: SslMode;
  ca?: string;
  connectTimeoutMs: number;
  /** Private, loopback and link-local addresses allowed (connection setting or global override). */
  allowPrivateNetwork: boolean;
  /** Decrypts the upstream password; null means the server must not ask for one. */
  password(): string | null;
}

function option(connection: ResolvedConnection, name: string): unknown {
  return connection.options[name];
}

export function upstreamTarget(connection: ResolvedConnection, allowPrivateUpstreams: boolean): UpstreamTarget {
  let url: URL;
  try {
    url = new URL(connection.upstreamUrl);
  } catch {
    throw new GatewayError("upstream_unreachable", `Connection '${connection.name}' has an invalid upstream URL.`);
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new GatewayError("upstream_unreachable", `Connection '${connection.name}' must have a postgresql:// upstream URL.`);
  }
  const sslmode = String(url.searchParams.get("sslmode") ?? option(connection, "sslmode") ?? "prefer");
  if (!SSL_MODES.includes(sslmode as SslMode)) {
    throw new GatewayError("upstream_unreachable", `Connection '${connection.name}' has an unknown sslmode '${sslmode}'.`);
  }
  const ca = option(connection, "ca");
  const timeout = Number(url.searchParams.get("connect_timeout") ?? option(connection, "connectTimeoutSeconds") ?? 10);
  const urlPassword = url.password ? decodeURIComponent(url.password) : null;
  return {
    host: url.hostname.replace(/^\[|\]$/g, "") || "localhost",
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || "postgres",
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || decodeURIComponent(url.username) || "postgres",
    sslmode: sslmode as SslMode,
    ...(typeof ca === "string" && ca.length > 0 ? { ca } : {}),
    connectTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : 10_000,
    allowPrivateNetwork: allowPrivateUpstreams || connection.allowPrivateNetwork === true,
    password: () => connection.credential() ?? urlPassword,
  };
}
