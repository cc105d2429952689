import { displayPrefix, generateAccessToken, hashToken } from "@airlock/db";
import { pageQuery } from "@/lib/api/schemas/common";
import { accessToken, accessTokenCreate, accessTokenCreated, accessTokenPage } from "@/lib/api/schemas/identities";
import { route } from "../api/route";
import { NEWEST_FIRST, pageById } from "../api/pagination";
import { badRequest, forbidden, notFound } from "../errors";

const TAG = "tokens";
const DAY_MS = 86_400_000;

export const listTokens = route({
  method: "GET",
  path: "/tokens",
  summary: "List personal access tokens (your own; admins: everyone's)",
  tag: TAG,
  permission: { resource: "tokens", action: "read" },
  query: pageQuery,
  response: accessTokenPage,
  handler: ({ db, query, scope, actor }) =>
    pageById(query, (p) =>
      db.personalAccessToken.findMany({
        where: scope === "own" ? { userId: actor.userId ?? "" } : {},
        orderBy: NEWEST_FIRST,
        ...p,
      }),
    ),
});

export const createToken = route({
  method: "POST",
  path: "/tokens",
  summary: "Create a personal access token for the REST API (returned once, in `token`)",
  tag: TAG,
  permission: { resource: "tokens", action: "write" },
  body: accessTokenCreate,
  response: accessTokenCreated,
  status: 201,
  audit: "token.create",
  async handler({ db, body, scope, actor, audit }) {
    if (scope === "own" && body.userId && body.userId !== actor.userId) throw forbidden("you can only create tokens for yourself");
    const userId = body.userId ?? actor.userId;
    if (!userId) throw badRequest("give userId: the bootstrap token is no user");
    const owner = await db.user.findUnique({ where: { id: userId } });
    if (!owner || owner.disabled) throw badRequest("userId: no such enabled user");
    const token = generateAccessToken();
    const row = await db.personalAccessToken.create({
      data: {
        userId,
        name: body.name,
        prefix: displayPrefix(token),
        tokenHash: hashToken(token),
        expiresAt: body.expiresInDays ? new Date(Date.now() + body.expiresInDays * DAY_MS) : null,
      },
    });
    audit({ targetType: "token", targetId: row.id, after: row });
    return { ...row, token };
  },
});

export const revokeToken = route({
  method: "POST",
  path: "/tokens/{id}/revoke",
  summary: "Revoke a personal access token",
  tag: TAG,
  permission: { resource: "tokens", action: "write" },
  response: accessToken,
  audit: "token.revoke",
  async handler({ db, params, scope, actor, audit }) {
    const before = await db.personalAccessToken.findFirst({
      where: { id: params.id, ...(scope === "own" ? { userId: actor.userId ?? "" } : {}) },
    });
    if (!before) throw notFound("token");
    const row = before.revokedAt ? before : await db.personalAccessToken.update({ where: { id: before.id }, data: { revokedAt: new Date() } });
    audit({ targetType: "token", targetId: row.id, before, after: row });
    return row;
  },
});
