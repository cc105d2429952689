// Test data written with Prisma, the way the console would write it.
import { apiKeyColumns, encryptSecret, generateApiKey, credentialHint, type Db } from "@airlock/db";

export interface ConnectionSeed {
  name: string;
  kind: "openai" | "anthropic" | "http" | "postgres";
  upstreamUrl: string;
  credential?: string;
  authHeader?: string;
  options?: Record<string, unknown>;
  allowPrivateNetwork?: boolean;
  enabled?: boolean;
}

export async function seedConnection(db: Db, masterKey: Buffer, seed: ConnectionSeed) {
  return db.connection.create({
    data: {
      name: seed.name,
      kind: seed.kind,
      upstreamUrl: seed.upstreamUrl,
      ...(seed.credential ? { credentialCiphertext: encryptSecret(masterKey, seed.credential), credentialHint: credentialHint(seed.credential) } : {}),
      ...(seed.authHeader ? { authHeader: seed.authHeader } : {}),
      options: (seed.options ?? {}) as object,
      allowPrivateNetwork: seed.allowPrivateNetwork ?? true,
      enabled: seed.enabled ?? true,
    },
  });
}

export async function seedServiceAccount(db: Db, name: string, oidcSubject?: string) {
  return db.serviceAccount.create({ data: { name, ...(oidcSubject ? { oidcSubject } : {}) } });
}

export async function seedUser(db: Db, email: string, role: "admin" | "reviewer" | "auditor" | "member" = "member", oidcSubject?: string) {
  return db.user.create({ data: { email, role, ...(oidcSubject ? { oidcSubject } : {}) } });
}

export interface KeySeed {
  serviceAccountId?: string;
  ownerUserId?: string;
  connectionIds?: string[];
  expiresAt?: Date;
  revokedAt?: Date;
  /** A key as created before SCRAM verifiers were stored: no Postgres user name, no verifier. */
  withoutScramVerifier?: boolean;
}

export async function seedKey(db: Db, seed: KeySeed): Promise<{ id: string; key: string; pgUser: string | null }> {
  const key = generateApiKey();
  const { pgUser, pgScramVerifier, ...columns } = apiKeyColumns(key);
  const row = await db.apiKey.create({
    data: {
      name: "test key",
      ...columns,
      ...(seed.withoutScramVerifier ? {} : { pgUser, pgScramVerifier }),
      ...(seed.serviceAccountId ? { serviceAccountId: seed.serviceAccountId } : {}),
      ...(seed.ownerUserId ? { ownerUserId: seed.ownerUserId } : {}),
      ...(seed.connectionIds?.length ? { connections: { connect: seed.connectionIds.map((id) => ({ id })) } } : {}),
      ...(seed.expiresAt ? { expiresAt: seed.expiresAt } : {}),
      ...(seed.revokedAt ? { revokedAt: seed.revokedAt } : {}),
    },
  });
  return { id: row.id, key, pgUser: row.pgUser };
}

export async function grant(db: Db, connectionId: string, who: { serviceAccountId?: string; userId?: string }) {
  return db.connectionGrant.create({ data: { connectionId, ...who } });
}

export async function seedMaskingRule(
  db: Db,
  rule: { name?: string; detector: string; directions: string[]; connectionId?: string; style?: "label" | "partial" | "hash" | "pseudonym"; pattern?: string; label?: string },
) {
  return db.maskingRule.create({
    data: {
      name: rule.name ?? `mask ${rule.detector}`,
      detector: rule.detector,
      directions: rule.directions,
      style: rule.style ?? "label",
      ...(rule.connectionId ? { connectionId: rule.connectionId } : {}),
      ...(rule.pattern ? { pattern: rule.pattern } : {}),
      ...(rule.label ? { label: rule.label } : {}),
    },
  });
}

export async function seedGuardrail(
  db: Db,
  rule: { name: string; kind: string; directions: string[]; connectionId?: string; builtin?: string; toolNames?: string[]; pattern?: string; models?: string[] },
) {
  return db.guardrailRule.create({
    data: {
      name: rule.name,
      kind: rule.kind,
      directions: rule.directions,
      ...(rule.connectionId ? { connectionId: rule.connectionId } : {}),
      ...(rule.builtin ? { builtin: rule.builtin } : {}),
      ...(rule.toolNames ? { toolNames: rule.toolNames } : {}),
      ...(rule.pattern ? { pattern: rule.pattern } : {}),
      ...(rule.models ? { models: rule.models } : {}),
    },
  });
}

/** Tells every gateway on this database that configuration changed (what the console does). */
export async function notifyConfigChange(db: Db, entity: string, id?: string): Promise<void> {
  const payload = JSON.stringify({ entity, ...(id ? { id } : {}) });
  await db.$executeRaw`SELECT pg_notify('airlock_config', ${payload})`;
}
