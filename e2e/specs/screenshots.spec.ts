// Every page at 1280×800 in the light and the dark theme, into e2e/screenshots/<page>-<theme>.png.
// Runs after the flow specs (file order), so the pages show the data those created.
import path from "node:path";
import { AirlockApi } from "../support/airlock-api";
import { expect, signInThroughApi, test } from "../support/fixtures";
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
    ["audit", "/audit", "Audit log"],
    ["settings", "/settings", "Settings"],
  ];
}

for (const theme of THEMES) {
  test(`screenshots of every page in the ${theme} theme`, async ({ page }) => {
    const { consoleUrl, admin } = stackInfo();
    await page.addInitScript((t) => localStorage.setItem("airlock-theme", t), theme);

    await page.goto(`${consoleUrl}/login`);
    await expect(page.getByRole("button", { name: /sign in/i })).toBeVisible();
    await page.screenshot({ path: path.join(OUT, `login-${theme}.png`) });

    await signInThroughApi(page, admin.email, admin.password);
    for (const [name, href, heading] of await pages()) {
      await page.goto(`${consoleUrl}${href}`);
      await expect(page.getByRole("heading", { level: 1, name: new RegExp(heading) })).toBeVisible();
      if (theme === "dark") await expect(page.locator("html")).toHaveClass(/\bdark\b/);
      else await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
      await expect(page.getByRole("status").filter({ hasText: /^Loading/ })).toHaveCount(0);
      if (name === "session") await page.getByRole("button", { name: "Show all" }).click();
      await page.screenshot({ path: path.join(OUT, `${name}-${theme}.png`) });
    }
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
