// A peer broke the wire protocol (bad length, truncated field, unknown message). The session ends
// with SQLSTATE 08P01, as PostgreSQL does; the message never echoes the offending bytes.
export class ProtocolError extends Error {
  readonly code = "08P01";
}
