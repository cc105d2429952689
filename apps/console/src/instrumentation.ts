// Runs once when the server starts. The Node-only work lives in server/start-up.ts, imported only
// in the Node.js runtime (the documented pattern, which keeps it out of the Edge bundle).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startUp } = await import("./server/start-up");
    startUp();
  }
}
