import { z } from "zod";
import { ROLES } from "@/lib/roles";
import { id, instant, page, timestamp } from "./common";

export const role = z.enum(ROLES);

// Users -----------------------------------------------------------------------------------------
export const user = z.object({
  id,
  email: z.string(),
  name: z.string().nullable(),
  role,
  disabled: z.boolean(),
  hasPassword: z.boolean(),
  oidc: z.boolean(),
  createdAt: timestamp,
  lastLoginAt: timestamp.nullable(),
});
export const userPage = page(user);

const password = z.string().min(12, "at least 12 characters").max(1024);

export const userCreate = z.object({
  email: z.email(),
  name: z.string().max(200).optional(),
  role: role.default("member"),
  password: password.optional().describe("omit to generate one (returned once)"),
});
export const userCreated = user.extend({ password: z.string().nullable().describe("the generated password, shown once") });

export const userUpdate = z.object({
  name: z.string().max(200).nullable().optional(),
  role: role.optional(),
  disabled: z.boolean().optional(),
  password: password.optional(),
});

export const me = z.object({
  kind: z.enum(["user", "bootstrap", "system"]),
  id: z.string().nullable(),
  label: z.string(),
  role,
  permissions: z.array(z.string()),
});

// Service accounts ------------------------------------------------------------------------------
export const serviceAccount = z.object({
  id,
  name: z.string(),
  description: z.string().nullable(),
  oidcSubject: z.string().nullable(),
  disabled: z.boolean(),
  createdById: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const serviceAccountPage = page(serviceAccount);

const saName = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, "lower-case letters, digits, '.', '-' and '_'");
export const serviceAccountCreate = z.object({
  name: saName,
  description: z.string().max(1000).optional(),
  oidcSubject: z.string().min(1).max(500).optional().describe("`sub` or client id of OIDC access tokens that act as this account"),
});
export const serviceAccountUpdate = z.object({
  name: saName.optional(),
  description: z.string().max(1000).nullable().optional(),
  oidcSubject: z.string().min(1).max(500).nullable().optional(),
  disabled: z.boolean().optional(),
});

// Airlock keys ----------------------------------------------------------------------------------
export const apiKey = z.object({
  id,
  name: z.string(),
  prefix: z.string().describe("first characters, to tell keys apart"),
  pgUser: z
    .string()
    .nullable()
    .describe("user name for the gateway's Postgres port (SCRAM-SHA-256 with the key as password); null for keys issued before Airlock stored SCRAM verifiers"),
  ownerUserId: z.string().nullable(),
  serviceAccountId: z.string().nullable(),
  connectionIds: z.array(z.string()).describe("empty: every connection the owner is granted"),
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  createdById: z.string().nullable(),
  createdAt: timestamp,
});
export const apiKeyPage = page(apiKey);
export const apiKeyCreate = z
  .object({
    name: z.string().min(1).max(200),
    ownerUserId: id.optional().describe("admins only; defaults to the caller"),
    serviceAccountId: id.optional().describe("admins only: issue the key to a service account"),
    connectionIds: z.array(id).max(100).default([]),
    expiresAt: instant.optional(),
  })
  .refine((k) => !(k.ownerUserId && k.serviceAccountId), "a key belongs to a user or a service account, not both");
export const apiKeyCreated = apiKey.extend({
  key: z.string().describe("the key itself: shown once, never again"),
  postgresUrl: z
    .string()
    .describe("a ready connection string for the gateway's Postgres port with this key (`<connection>` stands for the connection name unless the key is scoped to one Postgres connection); shown once"),
});
export const keysQuery = z.object({
  ownerUserId: id.optional(),
  serviceAccountId: id.optional(),
  includeRevoked: z.enum(["true", "false"]).optional(),
});

// Personal access tokens ------------------------------------------------------------------------
export const accessToken = z.object({
  id,
  userId: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
});
export const accessTokenPage = page(accessToken);
export const accessTokenCreate = z.object({
  name: z.string().min(1).max(200),
  expiresInDays: z.number().int().min(1).max(3650).optional().describe("omit for a token that does not expire"),
  userId: id.optional().describe("admins only: issue the token to another user"),
});
export const accessTokenCreated = accessToken.extend({ token: z.string().describe("the token itself: shown once, never again") });
