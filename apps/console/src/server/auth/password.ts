// Local account passwords: argon2id with the library's defaults (19 MiB, 2 passes: OWASP's
// recommended minimum). A fixed dummy hash lets a sign-in for an unknown e-mail cost the same as
// one for a known e-mail, so response times do not reveal which accounts exist.
import { hash, verify } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";

// Algorithm.Argon2id; the package's enum is an ambient const enum, which isolated modules cannot read.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummy: Promise<string> | undefined;

/** Verifies against the stored hash, or against a dummy when there is none (always false then). */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  dummy ??= hash(randomBytes(16).toString("hex"), OPTIONS);
  const target = stored ?? (await dummy);
  const ok = await verify(target, password).catch(() => false);
  return ok && Boolean(stored);
}

/** A readable random password for generated accounts (~120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}

export const MIN_PASSWORD_LENGTH = 12;
