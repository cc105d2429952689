import { pageQuery } from "@/lib/api/schemas/common";
import { accessGrant, accessGrantPage, accessGrantsQuery } from "@/lib/api/schemas/approvals";
import { route } from "../api/route";
import { NEWEST_FIRST, pageById } from "../api/pagination";
import { notFound } from "../errors";

const TAG = "grants";

interface GrantRow {
  expiresAt: Date;
  revokedAt: Date | null;
}

function withActive<T extends GrantRow>(row: T) {
  return { ...row, active: !row.revokedAt && row.expiresAt.getTime() > Date.now() };
}

export const listGrants = route({
  method: "GET",
  path: "/grants",
  summary: "List access grants made by \"approve for N minutes\" (active ones unless active=false)",
  tag: TAG,
  permission: { resource: "accessGrants", action: "read" },
  query: pageQuery.extend(accessGrantsQuery.shape),
  response: accessGrantPage,
  async handler({ db, query }) {
    const where = {
      ...(query.connectionId ? { connectionId: query.connectionId } : {}),
      ...(query.identityId ? { identityId: query.identityId } : {}),
      ...(query.active === "false" ? {} : { revokedAt: null, expiresAt: { gt: new Date() } }),
    };
    const page = await pageById(query, (p) => db.accessGrant.findMany({ where, orderBy: NEWEST_FIRST, ...p }));
    return { data: page.data.map(withActive), nextCursor: page.nextCursor };
  },
});

export const revokeGrant = route({
  method: "POST",
  path: "/grants/{id}/revoke",
  summary: "End an access grant now",
  tag: TAG,
  permission: { resource: "accessGrants", action: "revoke" },
  response: accessGrant,
  audit: "grant.revoke",
  async handler({ db, params, actor, audit, configChanged }) {
    const before = await db.accessGrant.findUnique({ where: { id: params.id } });
    if (!before) throw notFound("grant");
    const row = before.revokedAt
      ? before
      : await db.accessGrant.update({ where: { id: before.id }, data: { revokedAt: new Date(), revokedById: actor.userId } });
    audit({ targetType: "grant", targetId: row.id, before, after: row });
    configChanged("grant", row.id);
    return withActive(row);
  },
});
