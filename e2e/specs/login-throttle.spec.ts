// Guessing a password in the sign-in form stops working after a few tries: the form then says to
// wait, and the right password is refused too until the lock ends.
import { uniqueName } from "../support/airlock-api";
import { expect, test } from "../support/fixtures";
import { stackInfo } from "../support/stack-info";

// The stack runs with the default AIRLOCK_SIGN_IN_MAX_FAILURES.
const MAX_FAILURES = 5;

test("after too many wrong passwords the form refuses the account for a while, with a message", async ({ page, airlock }) => {
  const email = `${uniqueName("guessed")}@example.test`;
  const password = "the-right-password-for-e2e";
  await airlock.post("/users", { email, role: "reviewer", password });
  const { consoleUrl } = stackInfo();
  await page.goto(`${consoleUrl}/login`);
  // Next.js keeps an empty role="alert" route announcer on every page; look at the one with text.
  const message = page.getByRole("alert").filter({ hasText: /\S/ });

  const signIn = async (tried: string) => {
    await page.getByLabel(/email/i).fill(email);
    await page.getByLabel(/password/i).fill(tried);
    await page.getByRole("button", { name: /sign in/i }).click();
    await expect(page.getByRole("button", { name: /sign in/i })).toBeEnabled();
  };
  for (let i = 0; i < MAX_FAILURES; i++) {
    await signIn(`wrong-guess-${i}`);
    await expect(message).toHaveText("Invalid email or password.");
  }

  await signIn(password);
  await expect(message).toHaveText(/^Too many failed sign-in attempts\. Try again in 1[45] minutes\.$/);
  await page.goto(`${consoleUrl}/sessions`);
  await expect(page).toHaveURL(/\/login/);
});
