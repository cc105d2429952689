// Flow (b): an admin registers a connection and creates a key in the browser, then an unmodified
// LangChain ChatOpenAI client uses that key through the gateway and gets the upstream's answer.
import { uniqueName } from "../support/airlock-api";
import { expect, test } from "../support/fixtures";
import { chatThroughGateway } from "../support/langchain";
import { stackInfo } from "../support/stack-info";

test("register a connection and create a key in the UI, then call it from LangChain", async ({ adminPage: page }) => {
  const { consoleUrl, openaiUpstreamUrl } = stackInfo();
  const name = uniqueName("openai-ui");

  await page.goto(`${consoleUrl}/connections`);
  await page.getByRole("button", { name: "Register connection" }).click();
  const form = page.getByRole("form", { name: "Register a connection" });
  await form.getByLabel("Kind").selectOption("openai");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Upstream URL").fill(openaiUpstreamUrl);
  await form.getByLabel("Credential", { exact: true }).fill("sk-upstream-secret-e2e");
  await form.getByLabel("Allow private network").check();
  await form.getByRole("button", { name: "Register connection" }).click();

  const card = page.getByRole("listitem", { name });
  await expect(card).toBeVisible();
  // The credential is write-only: afterwards only its hint is shown, never the value.
  await expect(card).not.toContainText("sk-upstream-secret-e2e");
  await card.getByRole("button", { name: "Manage" }).click();
  await expect(card.getByRole("list", { name: "Controls" })).toContainText("Session recording");
  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(card.getByText("Connection works")).toBeVisible();

  await page.goto(`${consoleUrl}/keys`);
  await page.getByRole("button", { name: "Create key" }).click();
  const keyForm = page.getByRole("form", { name: "Create a key" });
  await keyForm.getByLabel("Key name").fill(`${name} key`);
  await keyForm.getByLabel(name).check();
  await keyForm.getByLabel("Expires").selectOption("30");
  await keyForm.getByRole("button", { name: "Create key" }).click();

  const shown = page.getByRole("region", { name: "Your new key" });
  await expect(shown.getByRole("alert")).toContainText("only time the key is shown");
  const key = await shown.getByLabel("New key").inputValue();
  expect(key).toMatch(/^alk_/);
  // Postgres clients get the key's user name (it selects the key for SCRAM) and a connection string.
  const pgUser = await shown.getByLabel("Postgres user name").inputValue();
  expect(pgUser).toMatch(/^alkpg_[0-9a-f]{20}$/);
  expect(await shown.getByLabel("Postgres connection string").inputValue()).toMatch(new RegExp(`^postgresql://${pgUser}:${key}@[^/]+:\\d+/<connection>$`));

  const reply = await chatThroughGateway(name, key).invoke("Hello from the e2e suite");
  expect(reply.content).toBe("Echo: Hello from the e2e suite");

  // Once dismissed, the key is gone from the page for good; the list shows only its prefix.
  await shown.getByRole("button", { name: "I have copied it" }).click();
  await expect(page.getByRole("region", { name: "Your new key" })).toHaveCount(0);
  const row = page.getByRole("row", { name: new RegExp(`${name} key`) });
  await expect(row).toContainText(key.slice(0, 8));
  await expect(page.locator("body")).not.toContainText(key);
});

test("a revoked key is refused by the gateway", async ({ adminPage: page, airlock }) => {
  const { consoleUrl, admin } = stackInfo();
  const connection = await airlock.createOpenAIConnection(uniqueName("openai-revoke"));
  const created = await airlock.createKey({ name: `${connection.name} key`, ownerUserId: await airlock.userId(admin.email), connectionIds: [connection.id] });
  expect((await chatThroughGateway(connection.name, created.key).invoke("still works")).content).toBe("Echo: still works");

  await page.goto(`${consoleUrl}/keys`);
  await page.getByRole("button", { name: `Revoke ${connection.name} key` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("cannot be undone");
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("row", { name: new RegExp(`${connection.name} key`) })).toHaveCount(0);

  await expect(async () => {
    await expect(chatThroughGateway(connection.name, created.key).invoke("after revoke")).rejects.toThrow(/401|invalid|revoked/i);
  }).toPass({ timeout: 10_000 });
});
