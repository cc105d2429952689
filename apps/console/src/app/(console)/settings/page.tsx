import { NotAllowed } from "@/components/not-allowed";
import { SettingsPage } from "@/components/settings/settings-page";
import { requirePage } from "@/server/page-auth";

export const metadata = { title: "Settings · Airlock" };

export default async function Page() {
  const viewer = await requirePage("settings", "read");
  if (!viewer.allowed) return <NotAllowed role={viewer.role} />;
  return <SettingsPage />;
}
