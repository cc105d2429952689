import { expect, test } from "@playwright/test";
import { stackInfo } from "../support/stack-info";

test("an admin signs in with the local account and reaches the dashboard", async ({ page }) => {
  const { consoleUrl, admin } = stackInfo();
  await page.goto(`${consoleUrl}/login`);
  await page.getByLabel(/email/i).fill(admin.email);
  await page.getByLabel(/password/i).fill(admin.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(new RegExp(`^${consoleUrl}/?$`));
  await expect(page.getByRole("navigation")).toContainText(/sessions/i);
});

test("a wrong password is refused with a message, and no session is created", async ({ page }) => {
  const { consoleUrl, admin } = stackInfo();
  await page.goto(`${consoleUrl}/login`);
  await page.getByLabel(/email/i).fill(admin.email);
  await page.getByLabel(/password/i).fill("not-the-password");
  await page.getByRole("button", { name: /sign in/i }).click();
  // Next.js keeps an empty role="alert" route announcer on every page; look at the one with text.
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toContainText(/invalid|incorrect|wrong/i);
  await page.goto(`${consoleUrl}/sessions`);
  await expect(page).toHaveURL(/\/login/);
});
