import { NotAllowed } from "@/components/not-allowed";
import { UsersPage } from "@/components/users/users-page";
import { requirePage } from "@/server/page-auth";

export const metadata = { title: "Users · Airlock" };

export default async function Page() {
  // Managing people is for admins only (auditors may read the list through the API).
  const viewer = await requirePage("users", "write");
  if (!viewer.allowed) return <NotAllowed role={viewer.role} />;
  return <UsersPage />;
}
