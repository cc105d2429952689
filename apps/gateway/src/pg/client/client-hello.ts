// The first exchange with a client: optional TLS (SSLRequest → 'S' and a TLS handshake when the
// listener has a certificate, 'N' otherwise), GSSAPI encryption declined, then either a
// CancelRequest or the StartupMessage with the client's parameters (database = connection name).
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { TLSSocket, type SecureContext } from "node:tls";
import { decodeStartupPacket, FrameReader, negotiateProtocolVersion, ProtocolError } from "../codec";
import { FrameSource } from "../net/frame-source";

export type ClientHello =
  | { kind: "cancel"; processId: number; secretKey: Buffer }
  | { kind: "startup"; socket: Duplex; source: FrameSource; params: Map<string, string>; encrypted: boolean };

/** Largest regular message accepted from a client (PostgreSQL allows 1 GB; a proxy should not). */
export const MAX_CLIENT_MESSAGE = 64 * 1024 * 1024;

export async function readClientHello(raw: Socket, tls: SecureContext | null, timeoutMs: number): Promise<ClientHello> {
  let socket: Duplex = raw;
  let encrypted = false;
  let source = new FrameSource(socket, new FrameReader(MAX_CLIENT_MESSAGE, { startup: true }));
  for (let attempts = 0; attempts < 3; attempts++) {
    const frame = await source.next(timeoutMs);
    const packet = decodeStartupPacket(frame.body);
    switch (packet.kind) {
      case "ssl_request":
      case "gssenc_request": {
        // Bytes sent after the request but before the TLS handshake would be read as if they were
        // protected (CVE-2021-23214): refuse them.
        if (source.reader.buffered > 0) throw new ProtocolError("data received after an encryption request");
        if (packet.kind === "gssenc_request" || !tls || encrypted) {
          socket.write("N");
          continue;
        }
        socket.write("S");
        source.detach();
        const secure = new TLSSocket(raw, { isServer: true, secureContext: tls });
        await new Promise<void>((resolve, reject) => {
          secure.once("secure", resolve);
          secure.once("error", reject);
        });
        socket = secure;
        encrypted = true;
        source = new FrameSource(socket, new FrameReader(MAX_CLIENT_MESSAGE, { startup: true }));
        continue;
      }
      case "cancel":
        return { kind: "cancel", processId: packet.processId, secretKey: packet.secretKey };
      case "startup": {
        const unsupported = [...packet.params.keys()].filter((name) => name.startsWith("_pq_."));
        if (packet.minor > 0 || unsupported.length > 0) socket.write(negotiateProtocolVersion(0, unsupported));
        for (const name of unsupported) packet.params.delete(name);
        source.reader.expectTypedMessages();
        return { kind: "startup", socket, source, params: packet.params, encrypted };
      }
    }
  }
  throw new ProtocolError("too many encryption requests");
}
