import "server-only";
// Server-side checks for pages, from the same table as the API (rbac.ts). Pages never trust the
// browser: a role that may not open a page gets a "not allowed" view, and data comes from /api/v1,
// which checks again.
import { getServerSession } from "next-auth/next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import type { Role } from "@/lib/roles";
import { getAuthOptions } from "./auth/options";
import { getDb } from "./db";
import { can, PAGES, type Resource } from "./rbac";

export interface Viewer {
  id: string;
  email: string;
  role: Role;
  allowed: boolean;
  nav: { href: string; label: string }[];
}

export async function currentViewer(): Promise<Omit<Viewer, "allowed"> | null> {
  // Pages depend on the request (its cookie): never prerender them at build time.
  await connection();
  const session = await getServerSession(getAuthOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await getDb().user.findUnique({ where: { id } });
  if (!user || user.disabled) return null;
  const nav = PAGES.filter((p) => can(user.role, p.resource, p.action)).map(({ href, label }) => ({ href, label }));
  return { id: user.id, email: user.email, role: user.role, nav };
}

/** Redirects to /login without a valid session; `allowed` says whether the role may open the page. */
export async function requirePage(resource: Resource, action: string): Promise<Viewer> {
  const viewer = await currentViewer();
  if (!viewer) redirect("/login");
  return { ...viewer, allowed: can(viewer.role, resource, action) };
}
