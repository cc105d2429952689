import type { OutgoingHttpHeaders } from "node:http";

/** `Authorization: Bearer <secret>`, unless the stored secret already names its scheme ("Basic …"). */
export function bearer(secret: string): string {
  return /^\S+\s+\S/.test(secret) ? secret : `Bearer ${secret}`;
}

/** Sets a header, replacing any spelling of the same name. */
export function setHeader(headers: OutgoingHttpHeaders, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
  headers[lower] = value;
}
