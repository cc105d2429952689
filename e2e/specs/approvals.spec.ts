// Flow (c): a LangChain call matching an approval policy is held at the gateway; a reviewer decides
// in the browser inbox (which updates live) and the call completes, or fails with the reason.
import type { Page } from "@playwright/test";
import { uniqueName, type AirlockApi } from "../support/airlock-api";
import { expect, test } from "../support/fixtures";
import { chatThroughGateway } from "../support/langchain";
import { stackInfo } from "../support/stack-info";

interface Setup {
  connection: { id: string; name: string };
  agentName: string;
  agentKey: string;
}

/** A connection with an approval policy on "wire transfer", and a service account allowed to use it. */
async function seed(airlock: AirlockApi): Promise<Setup> {
  const connection = await airlock.createOpenAIConnection(uniqueName("openai-held"));
  const agentName = uniqueName("payments-agent");
  const agent = await airlock.post<{ id: string }>("/service-accounts", { name: agentName });
  await airlock.post(`/connections/${connection.id}/grants`, { serviceAccountId: agent.id });
  const key = await airlock.createKey({ name: `${agentName} key`, serviceAccountId: agent.id, connectionIds: [connection.id] });
  await airlock.post("/approval-policies", {
    name: `${connection.name} wire transfers`,
    connectionIds: [connection.id],
    pattern: "wire transfer",
    flags: "i",
    expiresInSeconds: 120,
  });
  return { connection, agentName, agentKey: key.key };
}

const pendingCard = (page: Page, s: Setup) =>
  page.getByRole("listitem", { name: new RegExp(`Request from .* on ${s.connection.name}`) });

test("a held prompt appears live, is approved in the inbox, and the call completes", async ({ adminPage: page, airlock }) => {
  const s = await seed(airlock);
  await page.goto(`${stackInfo().consoleUrl}/approvals`);
  await expect(page.getByRole("region", { name: "Pending requests" })).toBeVisible();
  await expect(pendingCard(page, s)).toHaveCount(0);

  const prompt = "Please make the wire transfer of 100 EUR to ACME";
  const call = chatThroughGateway(s.connection.name, s.agentKey, { headers: { "X-Airlock-Justification": "month-end payment run" } }).invoke(prompt);

  const card = pendingCard(page, s);
  await expect(card).toBeVisible();
  await expect(card).toContainText(s.agentName);
  await expect(card).toContainText("month-end payment run");
  await expect(card.locator("mark").first()).toHaveText(/wire transfer/i);
  await expect(card).toContainText(/\d+:\d\d left/);
  await expect(page.getByRole("navigation")).toContainText(/Approvals\s*[1-9]/);

  await card.getByRole("button", { name: "Approve", exact: true }).click();
  const reply = await call;
  expect(reply.content).toBe(`Echo: ${prompt}`);
  await expect(card).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Recent decisions" })).toContainText(s.agentName);
});

test("denying with the d shortcut fails the held call with the reviewer's reason", async ({ adminPage: page, airlock }) => {
  const s = await seed(airlock);
  await page.goto(`${stackInfo().consoleUrl}/approvals`);
  await expect(page.getByRole("region", { name: "Keyboard shortcuts" })).toContainText("deny");

  const call = chatThroughGateway(s.connection.name, s.agentKey).invoke("One more wire transfer, please");
  const settled = call.then(
    () => null,
    (err: unknown) => err as Error,
  );
  const card = pendingCard(page, s);
  await expect(card).toBeVisible();

  await page.keyboard.press("d");
  const dialog = page.getByRole("dialog", { name: /Deny the request/ });
  await dialog.getByLabel("Reason").fill("not during the payment freeze");
  await dialog.getByRole("button", { name: "Deny request" }).click();

  const error = await settled;
  expect(error, "the held call fails").not.toBeNull();
  expect(error?.message).toContain("not during the payment freeze");
  await expect(card).toHaveCount(0);
});

test("approve for N minutes opens a grant that lets the next request through, until it is revoked", async ({ adminPage: page, airlock }) => {
  const s = await seed(airlock);
  await page.goto(`${stackInfo().consoleUrl}/approvals`);
  await page.getByLabel("Grant minutes").fill("5");

  const first = chatThroughGateway(s.connection.name, s.agentKey).invoke("First wire transfer of the day");
  await expect(pendingCard(page, s)).toBeVisible();
  // Shortcuts are ignored while typing in a field: click the request (which also selects it) first.
  await pendingCard(page, s).getByText("Justification").click();
  await page.keyboard.press("g");
  expect((await first).content).toBe("Echo: First wire transfer of the day");

  // Inside the window the same identity is not held again.
  const second = await chatThroughGateway(s.connection.name, s.agentKey).invoke("Second wire transfer of the day");
  expect(second.content).toBe("Echo: Second wire transfer of the day");

  const grants = page.getByRole("table", { name: "Active grants" });
  const row = grants.getByRole("row", { name: new RegExp(s.connection.name) });
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toHaveCount(0);
});

test("your own held request shows in the inbox but cannot be approved by you", async ({ adminPage: page, airlock }) => {
  const s = await seed(airlock);
  const { admin } = stackInfo();
  const own = await airlock.createKey({ name: `${s.connection.name} admin key`, ownerUserId: await airlock.userId(admin.email), connectionIds: [s.connection.id] });
  await page.goto(`${stackInfo().consoleUrl}/approvals`);

  const abort = new AbortController();
  const call = chatThroughGateway(s.connection.name, own.key).invoke("My own wire transfer", { signal: abort.signal }).catch(() => null);
  const card = page.getByRole("listitem", { name: new RegExp(`Request from ${admin.email} on ${s.connection.name}`) });
  await expect(card).toBeVisible();
  await expect(card).toContainText("Your request");
  await expect(card).toContainText("another reviewer must decide");
  await expect(card.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);

  // The requester giving up abandons the request; it leaves the inbox on its own.
  abort.abort();
  await call;
  await expect(card).toHaveCount(0);
});
