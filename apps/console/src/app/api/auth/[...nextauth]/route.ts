import NextAuth from "next-auth";
import { getAuthOptions } from "@/server/auth/options";

// Options are built on first request (they need the validated environment, which `next build` lacks).
async function handler(req: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return NextAuth(req as never, context as never, getAuthOptions());
}

export { handler as GET, handler as POST };
