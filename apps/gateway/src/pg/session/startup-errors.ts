// What a client is told when its session cannot start, as a FATAL ErrorResponse with a SQLSTATE
// that drivers understand (28P01 bad password, 3D000 unknown database, 08001 upstream trouble...).
// Messages are the gateway's own, written to be shown; unexpected errors are not echoed.
import { GatewayError, type GatewayErrorCode } from "../../errors";
import { ProtocolError, type ErrorSpec } from "../codec";
import { ClientAuthError } from "../client/client-password";
import { UpstreamRejectedError } from "../upstream/connect-upstream";
import { HandshakeTimeoutError } from "../net/frame-source";

const SQLSTATE: Partial<Record<GatewayErrorCode, string>> = {
  invalid_api_key: "28P01",
  key_revoked: "28P01",
  key_expired: "28P01",
  invalid_token: "28P01",
  missing_credentials: "28P01",
  connection_not_found: "3D000",
  connection_disabled: "28000",
  connection_forbidden: "28000",
  upstream_unreachable: "08001",
  upstream_timeout: "08001",
  upstream_error: "08001",
  recording_unavailable: "57P03",
};

export function startupError(error: unknown): ErrorSpec {
  const fatal = (code: string, message: string): ErrorSpec => ({ severity: "FATAL", code, message });
  if (error instanceof GatewayError) return fatal(SQLSTATE[error.code] ?? "XX000", error.message);
  if (error instanceof ClientAuthError) return { ...fatal(error.sqlstate, error.message), ...(error.hint ? { hint: error.hint } : {}) };
  if (error instanceof UpstreamRejectedError) {
    return fatal("08001", `Airlock could not open the upstream session: ${error.message}${error.sqlstate ? ` (SQLSTATE ${error.sqlstate})` : ""}`);
  }
  if (error instanceof ProtocolError) return fatal(error.code, `protocol violation: ${error.message}`);
  if (error instanceof HandshakeTimeoutError) return fatal("08006", "Airlock closed the connection: the startup took too long.");
  return fatal("XX000", "Airlock could not start this session because of an internal error.");
}
