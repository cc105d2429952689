import { NotAllowed } from "@/components/not-allowed";
import { RulesPage } from "@/components/rules/rules-page";
import { requirePage } from "@/server/page-auth";

export const metadata = { title: "Rules · Airlock" };

export default async function Page() {
  const viewer = await requirePage("rules", "read");
  if (!viewer.allowed) return <NotAllowed role={viewer.role} />;
  return <RulesPage />;
}
