import { NotAllowed } from "@/components/not-allowed";
import { ConnectionsPage } from "@/components/connections/connections-page";
import { getEnv } from "@/server/env";
import { requirePage } from "@/server/page-auth";

export const metadata = { title: "Connections · Airlock" };

export default async function Page() {
  const viewer = await requirePage("connections", "read");
  if (!viewer.allowed) return <NotAllowed role={viewer.role} />;
  return <ConnectionsPage gatewayUrl={getEnv().AIRLOCK_GATEWAY_URL} />;
}
