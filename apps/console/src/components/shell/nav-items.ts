/** The console's sections, in menu order, with the permission (from GET /me) each needs. */
export const NAV_ITEMS = [
  { href: "/", label: "Dashboard", permission: "me.read" },
  { href: "/approvals", label: "Approvals", permission: "approvals.read" },
  { href: "/sessions", label: "Sessions", permission: "sessions.read" },
  { href: "/connections", label: "Connections", permission: "connections.read" },
  { href: "/keys", label: "Keys", permission: "keys.read" },
  { href: "/rules", label: "Rules", permission: "rules.read" },
  { href: "/users", label: "Users", permission: "users.write" },
  { href: "/audit", label: "Audit", permission: "auditEvents.read" },
  { href: "/settings", label: "Settings", permission: "settings.read" },
] as const;

export function isActive(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}
