import { pageQuery } from "@/lib/api/schemas/common";
import { me, user, userCreate, userCreated, userPage, userUpdate } from "@/lib/api/schemas/identities";
import { route } from "../api/route";
import { NEWEST_FIRST, pageById } from "../api/pagination";
import { badRequest, notFound } from "../errors";
import { generatePassword, hashPassword } from "../auth/password";
import { permissionsOf } from "../rbac";

const TAG = "users";

interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: "admin" | "reviewer" | "auditor" | "member";
  disabled: boolean;
  oidcSubject: string | null;
  createdAt: Date;
  lastLoginAt: Date | null;
}

/** `hasPassword` needs the hash column, which the client omits by default: it is asked for by name. */
function serializeUser(row: UserRow & { passwordHash?: string | null }) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabled,
    hasPassword: Boolean(row.passwordHash),
    oidc: row.oidcSubject !== null,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
  };
}

export const getMe = route({
  method: "GET",
  path: "/me",
  summary: "Who the caller is and what their role allows",
  tag: TAG,
  permission: { resource: "me", action: "read" },
  response: me,
  async handler({ actor }) {
    return { kind: actor.kind, id: actor.userId, label: actor.label, role: actor.role, permissions: permissionsOf(actor.role) };
  },
});

export const listUsers = route({
  method: "GET",
  path: "/users",
  summary: "List console users",
  tag: TAG,
  permission: { resource: "users", action: "read" },
  query: pageQuery,
  response: userPage,
  async handler({ db, query }) {
    const page = await pageById(query, (p) => db.user.findMany({ orderBy: NEWEST_FIRST, omit: { passwordHash: false }, ...p }));
    return { data: page.data.map(serializeUser), nextCursor: page.nextCursor };
  },
});

export const getUser = route({
  method: "GET",
  path: "/users/{id}",
  summary: "Get a console user",
  tag: TAG,
  permission: { resource: "users", action: "read" },
  response: user,
  async handler({ db, params }) {
    const row = await db.user.findUnique({ where: { id: params.id }, omit: { passwordHash: false } });
    if (!row) throw notFound("user");
    return serializeUser(row);
  },
});

export const createUser = route({
  method: "POST",
  path: "/users",
  summary: "Create a local console user (the password is generated and shown once when omitted)",
  tag: TAG,
  permission: { resource: "users", action: "write" },
  body: userCreate,
  response: userCreated,
  status: 201,
  audit: "user.create",
  async handler({ db, body, audit, configChanged }) {
    const password = body.password ?? generatePassword();
    const row = await db.user.create({
      data: { email: body.email.trim().toLowerCase(), name: body.name ?? null, role: body.role, passwordHash: await hashPassword(password) },
      omit: { passwordHash: false },
    });
    const out = serializeUser(row);
    audit({ targetType: "user", targetId: row.id, after: out });
    configChanged("user", row.id);
    return { ...out, password: body.password ? null : password };
  },
});

export const updateUser = route({
  method: "PATCH",
  path: "/users/{id}",
  summary: "Change a user's role, name, password, or disable them",
  tag: TAG,
  permission: { resource: "users", action: "write" },
  body: userUpdate,
  response: user,
  audit: "user.update",
  async handler({ db, params, body, actor, audit, configChanged }) {
    const before = await db.user.findUnique({ where: { id: params.id }, omit: { passwordHash: false } });
    if (!before) throw notFound("user");
    if (before.id === actor.userId && (body.disabled === true || (body.role && body.role !== "admin"))) {
      throw badRequest("you cannot disable yourself or give up your own admin role; ask another admin");
    }
    const row = await db.user.update({
      where: { id: before.id },
      data: {
        name: body.name,
        role: body.role,
        disabled: body.disabled,
        ...(body.password ? { passwordHash: await hashPassword(body.password) } : {}),
      },
      omit: { passwordHash: false },
    });
    const out = serializeUser(row);
    audit({ targetType: "user", targetId: row.id, before: serializeUser(before), after: { ...out, ...(body.password ? { passwordChanged: true } : {}) } });
    configChanged("user", row.id);
    return out;
  },
});
