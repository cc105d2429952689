// The rule editors preview, live, what the gateway's own policy code would mask or block.
import { expect, test } from "../support/fixtures";
import { stackInfo } from "../support/stack-info";

test("masking rule editor: live preview, inline regex errors, then save", async ({ adminPage: page }) => {
  await page.goto(`${stackInfo().consoleUrl}/rules`);
  await page.getByRole("button", { name: "New masking rule" }).click();
  const preview = page.getByRole("region", { name: "Live preview" });

  await page.getByLabel("Rule name").fill("E-mail addresses");
  await preview.getByLabel("Sample text").fill("Write to jane.doe@example.com before Friday");
  await expect(preview.getByLabel("Masked result")).toBeVisible();
  await expect(preview.getByLabel("Masked result")).not.toContainText("jane.doe@example.com");
  await expect(preview.getByLabel("Masked result")).toContainText("before Friday");
  await expect(preview.getByLabel("Matches in the sample").locator("mark")).toHaveText("jane.doe@example.com");

  await page.getByLabel("Detector").selectOption("regex");
  const pattern = page.getByLabel("Pattern", { exact: true });
  await pattern.fill("ORD-(\\d{6}");
  await expect(pattern).toHaveAttribute("aria-invalid", "true");
  await pattern.fill("ORD-\\d{6}");
  await page.getByLabel("Label").fill("ORDER_ID");
  await preview.getByLabel("Sample text").fill("Refund ORD-123456 today");
  await expect(pattern).not.toHaveAttribute("aria-invalid", "true");
  await expect(preview.getByLabel("Masked result")).not.toContainText("ORD-123456");
  await expect(preview.getByLabel("Matches in the sample").locator("mark")).toHaveText("ORD-123456");

  await page.getByLabel("Rule name").fill("Order numbers");
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByRole("list", { name: "Masking rules" })).toContainText("Order numbers");
});

test("guardrail rule editor previews a block for a shell tool call", async ({ adminPage: page }) => {
  await page.goto(`${stackInfo().consoleUrl}/rules?tab=guardrails`);
  await expect(page.getByRole("tab", { name: "Guardrails" })).toHaveAttribute("aria-selected", "true");
  await page.getByRole("button", { name: "New guardrail rule" }).click();
  await page.getByLabel("Rule name").fill("No shell tools");
  await page.getByLabel("Inspects").selectOption("tool_call");
  await page.getByLabel("Built-in check").selectOption("shell");
  const preview = page.getByRole("region", { name: "Live preview" });
  await preview.getByLabel("Tool name").fill("run_shell");
  await preview.getByLabel("Arguments (JSON)").fill('{"command":"rm -rf /"}');
  await expect(preview.getByText("Blocked")).toBeVisible();
  await preview.getByLabel("Tool name").fill("get_weather");
  await preview.getByLabel("Arguments (JSON)").fill('{"city":"Oslo"}');
  await expect(preview.getByText("Allowed")).toBeVisible();
});

test("approval policy editor creates a policy that is listed with what it matches", async ({ adminPage: page }) => {
  await page.goto(`${stackInfo().consoleUrl}/rules?tab=approvals`);
  await page.getByRole("button", { name: "New approval policy" }).click();
  const form = page.getByRole("form", { name: "New approval policy" });
  await form.getByLabel("Policy name").fill("Payments need a reviewer");
  await form.getByLabel("Prompt pattern").fill("wire|iban");
  await form.getByLabel("Payment card number").check();
  await form.getByLabel("Wait at most (seconds)").fill("600");
  await form.getByRole("button", { name: "Create policy" }).click();
  const list = page.getByRole("list", { name: "Approval policies" });
  await expect(list).toContainText("Payments need a reviewer");
  await expect(list).toContainText("/wire|iban/");
  await expect(list).toContainText("payment_card");
  await expect(list).toContainText("waits 600s");
});
