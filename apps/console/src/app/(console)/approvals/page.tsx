import { NotAllowed } from "@/components/not-allowed";
import { ApprovalsInbox } from "@/components/approvals/approvals-inbox";
import { requirePage } from "@/server/page-auth";

export const metadata = { title: "Approvals · Airlock" };

export default async function Page() {
  const viewer = await requirePage("approvals", "read");
  if (!viewer.allowed) return <NotAllowed role={viewer.role} />;
  return <ApprovalsInbox />;
}
