// Settings changes take effect and land in the audit log, where they can be filtered.
import { expect, test } from "../support/fixtures";
import { stackInfo } from "../support/stack-info";

test("retention and a webhook are saved, and the audit log shows who changed what", async ({ adminPage: page }) => {
  const { consoleUrl, admin } = stackInfo();
  await page.goto(`${consoleUrl}/settings`);

  const retention = page.getByRole("region", { name: "Retention" });
  await retention.getByLabel("Keep sessions for (days)").fill("45");
  await retention.getByRole("button", { name: "Save retention" }).click();
  await expect(retention.getByText("Saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Keep sessions for (days)")).toHaveValue("45");

  const webhooks = page.getByRole("region", { name: "Webhooks" });
  await webhooks.getByLabel("Webhook name").fill("security-approvals");
  await webhooks.getByLabel("URL").fill("http://127.0.0.1:9/hooks/approvals-secret-path");
  await webhooks.getByRole("button", { name: "Add webhook" }).click();
  const endpoints = webhooks.getByRole("list", { name: "Webhook endpoints" });
  await expect(endpoints).toContainText("security-approvals");
  // Webhook URLs are secrets: only a hint is shown.
  await expect(endpoints).not.toContainText("approvals-secret-path");
  await endpoints.getByRole("button", { name: "Deliveries" }).click();
  await expect(webhooks.getByText("No deliveries yet.")).toBeVisible();

  await page.goto(`${consoleUrl}/audit`);
  await page.getByLabel("Action").fill("settings.update");
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.getByRole("row")).toHaveCount(2);
  await expect(events).toContainText(admin.email);
  await events.getByText("Before / after").click();
  await expect(events).toContainText('"retentionDays": 45');
});
