// One buffer for a list of message buffers, to send them in a single socket write. Most of what a
// relay forwards is messages passed through unchanged, which are slices of one received chunk lying
// back to back in memory; they are joined as a view of that memory instead of copied.

export function joinBuffers(parts: readonly Buffer[]): Buffer {
  if (parts.length <= 1) return parts[0] ?? Buffer.alloc(0);
  const first = parts[0]!;
  let end = first.byteOffset + first.length;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.buffer !== first.buffer || part.byteOffset !== end) return Buffer.concat(parts);
    end += part.length;
  }
  return Buffer.from(first.buffer, first.byteOffset, end - first.byteOffset);
}
