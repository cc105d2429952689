import { ROLES } from "@/lib/roles";

/** The roles a user can have, as the options of a role <select>. */
export function RoleOptions() {
  return ROLES.map((r) => (
    <option key={r} value={r}>
      {r}
    </option>
  ));
}
