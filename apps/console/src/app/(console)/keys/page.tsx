import { NotAllowed } from "@/components/not-allowed";
import { KeysPage } from "@/components/keys/keys-page";
import { requirePage } from "@/server/page-auth";

export const metadata = { title: "Keys · Airlock" };

export default async function Page() {
  const viewer = await requirePage("keys", "read");
  if (!viewer.allowed) return <NotAllowed role={viewer.role} />;
  return <KeysPage />;
}
