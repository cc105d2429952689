import { Dashboard } from "@/components/dashboard/dashboard";
import { requirePage } from "@/server/page-auth";

export const metadata = { title: "Dashboard · Airlock" };

export default async function Page() {
  await requirePage("me", "read");
  return <Dashboard />;
}
