// Every page at 1280×800 in the light and the dark theme, into e2e/screenshots/<page>-<theme>.png.
// Runs after the flow specs (file order), so the pages show the data those created.
import path from "node:path";
import { AirlockApi, uniqueName } from "../support/airlock-api";
import { expect, signInThroughApi, test } from "../support/fixtures";
import { chatThroughGateway } from "../support/langchain";
import { stackInfo } from "../support/stack-info";

const OUT = path.join(import.meta.dirname, "..", "screenshots");
const THEMES = ["light", "dark"] as const;

async function pages(): Promise<[name: string, path: string, heading: string][]> {
  const sessions = await AirlockApi.fromStack().get<{ data: { id: string }[] }>("/sessions?limit=1");
  const latest = sessions.data[0]?.id;
  return [
    ["dashboard", "/", "Dashboard"],
    ["approvals", "/approvals", "Approvals"],
    ["sessions", "/sessions", "Sessions"],
    ...(latest ? ([["session", `/sessions/${latest}`, "Session"]] as [string, string, string][]) : []),
    ["connections", "/connections", "Connections"],
    ["keys", "/keys", "Keys"],
    ["rules", "/rules", "Rules"],
    ["users", "/users", "Users"],
    ["audit", "/audit", "Audit log"],
    ["settings", "/settings", "Settings"],
  ];
}

/** Holds one request at the gateway so the approvals inbox has something to show; `release` abandons it. */
async function holdOneRequest(airlock: AirlockApi) {
  const connection = await airlock.createOpenAIConnection(uniqueName("openai-demo"));
  const agent = await airlock.post<{ id: string; name: string }>("/service-accounts", { name: uniqueName("support-bot") });
  await airlock.post(`/connections/${connection.id}/grants`, { serviceAccountId: agent.id });
  const key = await airlock.createKey({ name: `${agent.name} key`, serviceAccountId: agent.id, connectionIds: [connection.id] });
  await airlock.post("/approval-policies", { name: "Refunds need a human", connectionIds: [connection.id], pattern: "refund", flags: "i", expiresInSeconds: 600 });
  const abort = new AbortController();
  const call = chatThroughGateway(connection.name, key.key, { headers: { "X-Airlock-Justification": "customer ticket #4821" } })
    .invoke("Issue a refund of 42 EUR for order 1187 to the customer", { signal: abort.signal })
    .catch(() => null);
  return {
    release: async () => {
      abort.abort();
      await call;
    },
  };
}

for (const theme of THEMES) {
  test(`screenshots of every page in the ${theme} theme`, async ({ page }) => {
    const { consoleUrl, admin } = stackInfo();
    await page.addInitScript((t) => localStorage.setItem("airlock-theme", t), theme);

    await page.goto(`${consoleUrl}/login`);
    await expect(page.getByRole("button", { name: /sign in/i })).toBeVisible();
    await page.screenshot({ path: path.join(OUT, `login-${theme}.png`) });

    await signInThroughApi(page, admin.email, admin.password);
    const held = await holdOneRequest(AirlockApi.fromStack());
    for (const [name, href, heading] of await pages()) {
      await page.goto(`${consoleUrl}${href}`);
      await expect(page.getByRole("heading", { level: 1, name: new RegExp(heading) })).toBeVisible();
      if (theme === "dark") await expect(page.locator("html")).toHaveClass(/\bdark\b/);
      else await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
      await expect(page.getByRole("status").filter({ hasText: /^Loading/ })).toHaveCount(0);
      if (name === "session") await page.getByRole("button", { name: "Show all" }).click();
      if (name === "approvals") await expect(page.getByRole("region", { name: "Pending requests" }).locator("mark").first()).toBeVisible();
      await page.screenshot({ path: path.join(OUT, `${name}-${theme}.png`) });
    }
    await held.release();
  });
}

test("the theme toggle switches and remembers the choice", async ({ page }) => {
  const { consoleUrl, admin } = stackInfo();
  await page.emulateMedia({ colorScheme: "light" });
  await signInThroughApi(page, admin.email, admin.password);
  await page.goto(`${consoleUrl}/sessions`);
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.getByRole("button", { name: "Switch to light theme" }).click();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
});
