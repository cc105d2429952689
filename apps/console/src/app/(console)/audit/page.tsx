import { NotAllowed } from "@/components/not-allowed";
import { AuditPage } from "@/components/audit/audit-page";
import { requirePage } from "@/server/page-auth";

export const metadata = { title: "Audit log · Airlock" };

export default async function Page() {
  const viewer = await requirePage("auditEvents", "read");
  if (!viewer.allowed) return <NotAllowed role={viewer.role} />;
  return <AuditPage />;
}
