// The sessions list: full-text search over masked content, filters kept in the URL.
import { uniqueName } from "../support/airlock-api";
import { expect, test } from "../support/fixtures";
import { chatThroughGateway } from "../support/langchain";
import { stackInfo } from "../support/stack-info";

test("search finds a session by what was said, and the filters survive a reload", async ({ adminPage: page, airlock }) => {
  const { consoleUrl, admin } = stackInfo();
  const connection = await airlock.createOpenAIConnection(uniqueName("openai-search"));
  const key = await airlock.createKey({ name: `${connection.name} key`, ownerUserId: await airlock.userId(admin.email), connectionIds: [connection.id] });
  const word = `zebracorn${Date.now().toString(36)}`;
  await chatThroughGateway(connection.name, key.key).invoke(`Tell me about the ${word} migration`);

  await page.goto(`${consoleUrl}/sessions`);
  const table = page.getByRole("table", { name: "Sessions" });
  await page.getByLabel("Search").fill(word);
  await expect(page).toHaveURL(new RegExp(`q=${word}`));
  // The recorder writes in batches, so the first search can come too early: search again until it is there.
  await expect(async () => {
    await page.reload();
    await expect(table.getByRole("row")).toHaveCount(2, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(table).toContainText(connection.name);

  await page.getByLabel("Connection").selectOption({ label: connection.name });
  await page.getByLabel("Has a block").check();
  await expect(page).toHaveURL(/hasBlock=true/);
  await expect(page.getByText("No sessions match.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Has a block")).toBeChecked();
  await expect(page.getByLabel("Search")).toHaveValue(word);

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/sessions$/);
});
