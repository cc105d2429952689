export { ProtocolError } from "./protocol-error";
export { FrameReader, MAX_STARTUP_LENGTH, type Frame } from "./frame-reader";
export * from "./frontend-messages";
export * from "./backend-messages";
export * from "./notice-fields";
export { decodeDataRow, encodeDataRow } from "./data-row";
export { joinBuffers } from "./join-buffers";
export * from "./backend-decode";
export * from "./frontend-encode";
