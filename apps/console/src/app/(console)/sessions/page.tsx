import { NotAllowed } from "@/components/not-allowed";
import { SessionsPage } from "@/components/sessions/sessions-page";
import { requirePage } from "@/server/page-auth";

export const metadata = { title: "Sessions · Airlock" };

export default async function Page() {
  const viewer = await requirePage("sessions", "read");
  if (!viewer.allowed) return <NotAllowed role={viewer.role} />;
  return <SessionsPage />;
}
