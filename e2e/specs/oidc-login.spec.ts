import { expect, test } from "@playwright/test";
import { stackInfo } from "../support/stack-info";

test("a reviewer signs in through the OpenID Provider and gets the role from their groups", async ({ page }) => {
  const { consoleUrl, oidcUser } = stackInfo();
  await page.goto(`${consoleUrl}/login`);
  await page.getByRole("button", { name: "Continue with Corp SSO" }).click();

  // The provider's own login page.
  await page.getByLabel("Username").fill(oidcUser.username);
  await page.getByLabel("Password").fill(oidcUser.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(new RegExp(`^${consoleUrl}/?$`));
  await expect(page.getByText(oidcUser.email)).toBeVisible();
  const nav = page.getByRole("navigation");
  await expect(nav.getByRole("link", { name: /Approvals/ })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Sessions" })).toBeVisible();
  // The audit log is for admins and auditors: not offered to a reviewer, and the page refuses them.
  await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);
  await page.goto(`${consoleUrl}/audit`);
  await expect(page.getByText(/not available|not allowed/i)).toBeVisible();
});

test("a wrong password at the OpenID Provider never signs anybody in", async ({ page }) => {
  const { consoleUrl, oidcUser } = stackInfo();
  await page.goto(`${consoleUrl}/login`);
  await page.getByRole("button", { name: "Continue with Corp SSO" }).click();
  await page.getByLabel("Username").fill(oidcUser.username);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(new RegExp(`^${consoleUrl}`));
  await page.goto(`${consoleUrl}/sessions`);
  await expect(page).toHaveURL(/\/login/);
});
