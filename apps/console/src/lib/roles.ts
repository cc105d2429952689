/** Console roles, most privileged first. Mirrors the Role enum in prisma/schema.prisma. */
export const ROLES = ["admin", "reviewer", "auditor", "member"] as const;
export type Role = (typeof ROLES)[number];
