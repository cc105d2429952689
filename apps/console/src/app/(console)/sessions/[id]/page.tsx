import { NotAllowed } from "@/components/not-allowed";
import { SessionDetail } from "@/components/sessions/session-detail";
import { requirePage } from "@/server/page-auth";

export const metadata = { title: "Session · Airlock" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePage("sessions", "read");
  if (!viewer.allowed) return <NotAllowed role={viewer.role} />;
  const { id } = await params;
  return <SessionDetail sessionId={id} />;
}
