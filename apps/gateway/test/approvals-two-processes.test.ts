// Two gateway PROCESSES on one database, as two replicas behind a load balancer would run: a
// LangChain call held on one process is released by a decision recorded elsewhere (here: the
// test's own connection, as the console would write it), and an SDK retry of the same request
// sent to the other process joins the pending approval instead of opening a second one.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ChatOpenAI } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordApprovalDecision } from "../src/approval";
import { gatewayEnv } from "./helpers/gateway-env";
import { startHarness, type Harness } from "./helpers/harness";
import { seedUser } from "./helpers/seed";
import { seedWorld, type World } from "./helpers/world";

const gatewayDir = path.resolve(import.meta.dirname, "..");
let h: Harness;
let w: World;
let reviewerId: string;
let second: { child: ChildProcess; url: string };

/** Starts `src/main.ts` in its own process and resolves with its HTTP URL once it listens. */
function startGatewayProcess(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(gatewayDir, "node_modules/.bin/tsx"), ["src/main.ts"], { cwd: gatewayDir, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`second gateway did not start:\n${out}`)), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      const line = out.split("\n").find((l) => l.includes('"gateway listening"'));
      if (line) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${(JSON.parse(line) as { httpPort: number }).httpPort}` });
      }
    });
    child.stderr!.on("data", (d: Buffer) => (out += d));
    child.on("exit", (code) => reject(new Error(`second gateway exited (${code}):\n${out}`)));
  });
}

beforeAll(async () => {
  h = await startHarness();
  w = await seedWorld(h);
  reviewerId = (await seedUser(h.db, "reviewer2@example.test", "reviewer")).id;
  await h.db.approvalPolicy.create({ data: { name: "Wire transfers need review", pattern: "wire transfer", connectionIds: [w.openai.id], expiresInSeconds: 120 } });
  await h.configChanged("policy");
  second = await startGatewayProcess(gatewayEnv(h.database.url, h.masterKey));
});
afterAll(async () => {
  if (second?.child.exitCode === null) {
    const exited = new Promise((resolve) => second.child.once("exit", resolve));
    second.child.kill("SIGTERM");
    await exited;
  }
  await h?.close();
});

const llm = (baseURL: string) => new ChatOpenAI({ model: "gpt-4o-mini", apiKey: w.key, configuration: { baseURL }, maxRetries: 0, timeout: 60_000 });

async function pendingRequests() {
  return h.db.approvalRequest.findMany({ where: { status: "pending" } });
}

describe("approvals across gateway processes", () => {
  it("releases a call held on one process by a decision recorded elsewhere; a retry on the other process joins it", async () => {
    const question = "Prepare the wire transfer for invoice 991";
    const onSecond = llm(`${second.url}/c/${w.openai.name}/v1`).invoke(question);
    let pending = await pendingRequests();
    while (pending.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      pending = await pendingRequests();
    }
    // The same request again, through the in-process replica: it joins, nothing new is opened.
    const onFirst = llm(w.openai.baseURL).invoke(question);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await h.db.approvalRequest.count()).toBe(1);

    await recordApprovalDecision(h.db, { requestId: pending[0]!.id, reviewerId, decision: "approve" });
    const [a, b] = await Promise.all([onSecond, onFirst]);
    expect(a.content).toBe(`Echo: ${question}`);
    expect(b.content).toBe(`Echo: ${question}`);
    expect(await h.db.approvalRequest.count()).toBe(1);
    // Two LangChain calls through two processes on a busy 2-core CI machine: allow more than the
    // default 30 s; nothing here waits on a timer of the gateway's.
  }, 90_000);
});
