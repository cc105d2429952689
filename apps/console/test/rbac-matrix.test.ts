// Walks every /api/v1 route with every role (and without credentials) against the real handlers,
// and checks the outcome against the one permission table in src/server/rbac.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/lib/roles";
import { ALL_ROUTES } from "@/server/routes";
import { scopeOf } from "@/server/rbac";
import { call, createUser, startHarness, type Harness, type TestUser } from "./support/harness";

let h: Harness;
const users = {} as Record<Role, TestUser>;

beforeAll(async () => {
  h = await startHarness();
  for (const role of ROLES) users[role] = await createUser(h.db, role);
});
afterAll(() => h?.close());

/** Concrete paths: ids that do not exist, so allowed calls stop at validation or "not found". */
function concrete(path: string): string {
  return path.replace(/\{\w+\}/g, "does-not-exist");
}

const routes = ALL_ROUTES.map((r) => ({ name: `${r.spec.method} ${r.spec.path}`, route: r }));

describe("RBAC matrix", () => {
  it("covers a sizeable API (sanity check that routes were collected)", () => {
    expect(routes.length).toBeGreaterThan(50);
  });

  it.each(routes)("$name refuses callers without credentials (401)", async ({ route }) => {
    const res = await call(route.spec.method, concrete(route.spec.path), { body: route.spec.body ? {} : undefined });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  for (const role of ROLES) {
    it.each(routes)(`$name as ${role} matches the permission table`, async ({ route }) => {
      const permission = route.spec.permission;
      if (permission === "public") return;
      const allowed = scopeOf(role, permission.resource, permission.action) !== null;
      const res = await call(route.spec.method, concrete(route.spec.path), { token: users[role].token, body: route.spec.body ? {} : undefined });
      if (allowed) {
        expect([401, 403], `${role} should reach ${route.spec.method} ${route.spec.path} (got ${res.status}: ${JSON.stringify(res.body)})`).not.toContain(res.status);
        expect(res.status).toBeLessThan(500);
      } else {
        expect(res.status, `${role} must be refused ${route.spec.method} ${route.spec.path}`).toBe(403);
        expect(res.body.error.code).toBe("forbidden");
      }
    });
  }

  it("the documented roles of each route are the ones the table allows", () => {
    for (const { route } of routes) {
      if (route.spec.permission === "public") continue;
      const { resource, action } = route.spec.permission;
      expect(route.roles).toEqual(ROLES.filter((r) => scopeOf(r, resource, action) !== null));
    }
  });
});
