// Flow: an admin manages console users in the browser: invites one (the generated password is
// shown once and works), changes their role, disables them (which refuses their sign-in) and
// enables them again.
import { uniqueName } from "../support/airlock-api";
import { expect, signInThroughApi, test } from "../support/fixtures";
import { stackInfo } from "../support/stack-info";

test("an admin invites a user, changes their role, disables and enables them", async ({ adminPage: page, airlock, browser }) => {
  const { consoleUrl } = stackInfo();
  const email = `${uniqueName("new-reviewer")}@example.test`;
  await page.goto(`${consoleUrl}/users`);
  await expect(page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();

  const invite = page.getByRole("form", { name: "Invite a user" });
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Name (optional)").fill("Nina Newcomer");
  await invite.getByLabel("Role").selectOption("reviewer");
  await invite.getByRole("button", { name: "Invite user" }).click();

  const shown = page.getByRole("region", { name: "New user's password" });
  await expect(shown).toContainText(email);
  const password = await shown.getByLabel("Password").inputValue();
  expect(password.length).toBeGreaterThanOrEqual(12);
  await shown.getByRole("button", { name: "I have copied it" }).click();
  await expect(shown).toHaveCount(0);

  // The generated password signs the new user in (in a browser of their own).
  const theirs = await browser.newPage();
  await signInThroughApi(theirs, email, password);
  await theirs.close();

  const row = page.getByRole("table", { name: "Users" }).getByRole("row", { name: new RegExp(email) });
  await expect(row).toContainText("Nina Newcomer");
  await row.getByLabel(`Role of ${email}`).selectOption("auditor");
  await expect.poll(async () => (await airlock.get<{ data: { email: string; role: string }[] }>("/users?limit=200")).data.find((u) => u.email === email)?.role).toBe("auditor");

  await row.getByRole("button", { name: `Disable ${email}` }).click();
  const dialog = page.getByRole("dialog", { name: `Disable ${email}?` });
  await dialog.getByRole("button", { name: "Disable user" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toContainText("Disabled");
  const refused = await browser.newPage();
  await expect(signInThroughApi(refused, email, password), "a disabled user cannot sign in").rejects.toThrow();
  await refused.close();

  await row.getByRole("button", { name: `Enable ${email}` }).click();
  await expect(row).toContainText("Active");
});
