// The app shell: navigation shows only what the signed-in role may open, and sign-out works.
import { uniqueName } from "../support/airlock-api";
import { expect, signInThroughApi, test } from "../support/fixtures";
import { stackInfo } from "../support/stack-info";

test("an admin sees every section and signs out from the user menu", async ({ adminPage: page }) => {
  const { consoleUrl, admin } = stackInfo();
  await page.goto(`${consoleUrl}/`);
  const nav = page.getByRole("navigation");
  for (const label of ["Dashboard", "Approvals", "Sessions", "Connections", "Keys", "Rules", "Users", "Audit", "Settings"]) {
    await expect(nav.getByRole("link", { name: new RegExp(`^${label}`) })).toBeVisible();
  }
  await nav.getByRole("link", { name: /^Sessions/ }).click();
  await expect(page).toHaveURL(/\/sessions$/);
  await expect(nav.getByRole("link", { name: /^Sessions/ })).toHaveAttribute("aria-current", "page");

  await page.getByRole("button", { name: new RegExp(admin.email) }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`${consoleUrl}/keys`);
  await expect(page).toHaveURL(/\/login/);
});

test("a member sees only their own sections, and other pages say so", async ({ page, airlock }) => {
  const { consoleUrl } = stackInfo();
  const email = `${uniqueName("member")}@airlock.test`;
  const password = "member-password-e2e-1";
  await airlock.post("/users", { email, role: "member", password });
  await signInThroughApi(page, email, password);

  await page.goto(`${consoleUrl}/`);
  const nav = page.getByRole("navigation");
  await expect(nav.getByRole("link", { name: /^Keys/ })).toBeVisible();
  await expect(nav.getByRole("link", { name: /^Sessions/ })).toBeVisible();
  for (const hidden of ["Approvals", "Rules", "Users", "Audit", "Settings"]) {
    await expect(nav.getByRole("link", { name: new RegExp(`^${hidden}`) })).toHaveCount(0);
  }
  await expect(page.getByRole("heading", { name: "Getting started" })).toBeVisible();
  await page.goto(`${consoleUrl}/rules`);
  await expect(page.getByText(/not available to your role/i)).toBeVisible();
});
