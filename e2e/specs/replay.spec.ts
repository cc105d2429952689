// Flow (d): a streamed LangChain call is recorded; its session page replays the answer at the
// recorded pace and shows the recording's integrity.
import { readFileSync } from "node:fs";
import { uniqueName, type AirlockApi } from "../support/airlock-api";
import { expect, test } from "../support/fixtures";
import { chatThroughGateway } from "../support/langchain";
import { stackInfo } from "../support/stack-info";

interface ReplayStep {
  kind: "event" | "chunk";
  type: string | null;
}

/** The recorder writes in batches: wait until the session's timeline holds the finished stream. */
async function recordedSession(airlock: AirlockApi, connectionId: string, minChunks: number): Promise<string> {
  let sessionId = "";
  await expect(async () => {
    const sessions = await airlock.get<{ data: { id: string }[] }>(`/sessions?connectionId=${connectionId}`);
    sessionId = sessions.data[0]?.id ?? "";
    expect(sessionId, "session recorded").not.toBe("");
    const replay = await airlock.get<{ steps: ReplayStep[] }>(`/sessions/${sessionId}/replay`);
    expect(replay.steps.filter((s) => s.kind === "chunk").length, "streamed chunks recorded").toBeGreaterThanOrEqual(minChunks);
    expect(replay.steps.some((s) => s.type === "exchange.end"), "exchange finished").toBe(true);
  }).toPass({ timeout: 20_000 });
  return sessionId;
}

test("replay a streamed session: text appears progressively and the chain verifies", async ({ adminPage: page, airlock }) => {
  const { consoleUrl, admin } = stackInfo();
  const connection = await airlock.createOpenAIConnection(uniqueName("openai-stream"));
  const key = await airlock.createKey({ name: `${connection.name} key`, ownerUserId: await airlock.userId(admin.email), connectionIds: [connection.id] });

  // The testkit upstream streams its echo in 12 pieces, 120 ms apart.
  const prompt = "Tell me about the lighthouse keeper and the long winter storm";
  const expected = `Echo: ${prompt}`;
  let streamed = "";
  for await (const chunk of await chatThroughGateway(connection.name, key.key, { streaming: true }).stream(`[[chunks:12 delay:120]] ${prompt}`)) {
    streamed += String(chunk.content);
  }
  expect(streamed).toBe(expected);
  const sessionId = await recordedSession(airlock, connection.id, 12);

  await page.goto(`${consoleUrl}/sessions?connectionId=${connection.id}`);
  await page.getByRole("table", { name: "Sessions" }).getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${sessionId}$`));
  await expect(page.getByText("Chain verified")).toBeVisible();

  await page.getByRole("button", { name: "Play" }).click();
  const text = page.getByLabel("Streamed response");
  // Part of the answer first, then all of it: the chunks arrive at their recorded times.
  await page.waitForFunction(
    (full) => {
      const el = document.querySelector('[aria-label="Streamed response"]');
      const shown = el?.textContent ?? "";
      return shown.length > 0 && shown.length < full.length;
    },
    expected,
    { polling: "raf" },
  );
  await expect(text).toHaveText(expected);
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export evidence" }).click();
  const file = await (await download).path();
  const bundle = JSON.parse(readFileSync(file, "utf8")) as { format: string; verification: { verified: boolean } };
  expect(bundle.format).toBe("airlock.session-export.v1");
  expect(bundle.verification.verified).toBe(true);
});

test("step and speed controls move through the timeline one step at a time", async ({ adminPage: page, airlock }) => {
  const { consoleUrl, admin } = stackInfo();
  const connection = await airlock.createOpenAIConnection(uniqueName("openai-step"));
  const key = await airlock.createKey({ name: `${connection.name} key`, ownerUserId: await airlock.userId(admin.email), connectionIds: [connection.id] });
  // .stream(), not invoke(): a streaming invoke makes LangChain fetch tokenizer files from the
  // internet to count tokens, which hangs on machines without it.
  for await (const chunk of await chatThroughGateway(connection.name, key.key, { streaming: true }).stream("[[chunks:4 delay:50]] four small pieces")) {
    expect(typeof chunk.content).toBe("string");
  }
  const sessionId = await recordedSession(airlock, connection.id, 4);

  await page.goto(`${consoleUrl}/sessions/${sessionId}`);
  const counter = page.getByText(/^\d+ \/ \d+ steps$/);
  await expect(counter).toBeVisible();
  const before = Number((await counter.textContent())?.split(" ")[0]);
  await page.getByRole("button", { name: "Step forward" }).click();
  await expect(counter).toHaveText(new RegExp(`^${before + 1} / `));
  await page.getByLabel("Speed").selectOption("4");
  await page.getByRole("button", { name: "Play" }).click();
  await expect(page.getByLabel("Streamed response")).toHaveText("Echo: four small pieces");
});
