import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentViewer } from "@/server/page-auth";

// Every console page needs a signed-in, enabled user; each page then checks its own permission.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  if (!(await currentViewer())) redirect("/login");
  return <>{children}</>;
}
