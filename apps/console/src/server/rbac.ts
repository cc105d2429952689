// Who may do what, in one table: resource × action → roles. Route handlers (through the route
// factory) and pages (through requirePage) both read it; test/rbac-matrix.test.ts walks every
// route against every role.
//
// `all` roles act on every record; `own` roles only on their own (their keys, their tokens, the
// sessions they recorded) — the handlers apply that filter using `scopeOf`.
import type { Role } from "@/lib/roles";

interface Rule {
  all: readonly Role[];
  own?: readonly Role[];
}

const EVERYONE: readonly Role[] = ["admin", "reviewer", "auditor", "member"];
const STAFF: readonly Role[] = ["admin", "reviewer", "auditor"];
const ADMIN: readonly Role[] = ["admin"];

export const PERMISSIONS = {
  me: { read: { all: EVERYONE } },
  connections: {
    // Members see the connections granted to them (filtered in the handler).
    read: { all: STAFF, own: ["member"] },
    write: { all: ADMIN },
    test: { all: ADMIN },
  },
  connectionGrants: { read: { all: ["admin", "auditor"] }, write: { all: ADMIN } },
  serviceAccounts: { read: { all: ["admin", "auditor"] }, write: { all: ADMIN } },
  users: { read: { all: ["admin", "auditor"] }, write: { all: ADMIN } },
  keys: {
    read: { all: ["admin", "auditor"], own: ["reviewer", "member"] },
    write: { all: ADMIN, own: ["reviewer", "auditor", "member"] },
  },
  tokens: {
    read: { all: ADMIN, own: ["reviewer", "auditor", "member"] },
    write: { all: ADMIN, own: ["reviewer", "auditor", "member"] },
  },
  rules: { read: { all: STAFF }, write: { all: ADMIN }, preview: { all: STAFF } },
  approvalPolicies: { read: { all: STAFF }, write: { all: ADMIN } },
  approvals: { read: { all: STAFF }, decide: { all: ["admin", "reviewer"] } },
  accessGrants: { read: { all: STAFF }, revoke: { all: ["admin", "reviewer"] } },
  sessions: {
    read: { all: STAFF, own: ["member"] },
    verify: { all: STAFF, own: ["member"] },
    export: { all: STAFF, own: ["member"] },
  },
  auditEvents: { read: { all: ["admin", "auditor"] } },
  settings: { read: { all: ["admin", "auditor"] }, write: { all: ADMIN }, purge: { all: ADMIN } },
  webhooks: { read: { all: ["admin", "auditor"] }, write: { all: ADMIN } },
  stats: { read: { all: STAFF } },
} as const satisfies Record<string, Record<string, Rule>>;

type Table = typeof PERMISSIONS;
export type Resource = keyof Table;
export type Action<R extends Resource> = keyof Table[R] & string;
export interface Permission<R extends Resource = Resource> {
  resource: R;
  action: Action<R>;
}

function ruleOf(resource: Resource, action: string): Rule {
  const rule = (PERMISSIONS[resource] as Record<string, Rule>)[action];
  if (!rule) throw new Error(`no permission rule for ${resource}.${action}`);
  return rule;
}

/** "all": every record; "own": only the caller's; null: not allowed. */
export function scopeOf(role: Role, resource: Resource, action: string): "all" | "own" | null {
  const rule = ruleOf(resource, action);
  if (rule.all.includes(role)) return "all";
  if (rule.own?.includes(role)) return "own";
  return null;
}

export function can(role: Role, resource: Resource, action: string): boolean {
  return scopeOf(role, resource, action) !== null;
}

/** Every `resource.action` the role may perform, for the UI to hide what it cannot use. */
export function permissionsOf(role: Role): string[] {
  const out: string[] = [];
  for (const [resource, actions] of Object.entries(PERMISSIONS)) {
    for (const action of Object.keys(actions)) {
      if (can(role, resource as Resource, action)) out.push(`${resource}.${action}`);
    }
  }
  return out;
}

/** Pages and the permission each needs; the navigation shows only what the role can open. */
export const PAGES = [
  { href: "/", label: "Dashboard", resource: "me", action: "read" },
  { href: "/connections", label: "Connections", resource: "connections", action: "read" },
  { href: "/keys", label: "Keys", resource: "keys", action: "read" },
  { href: "/sessions", label: "Sessions", resource: "sessions", action: "read" },
  { href: "/approvals", label: "Approvals", resource: "approvals", action: "read" },
  { href: "/rules", label: "Rules", resource: "rules", action: "read" },
  { href: "/audit", label: "Audit log", resource: "auditEvents", action: "read" },
  { href: "/settings", label: "Settings", resource: "settings", action: "read" },
] as const satisfies readonly { href: string; label: string; resource: Resource; action: string }[];
