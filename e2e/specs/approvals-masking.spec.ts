// A reviewer reads a held prompt masked like the request itself: the requester's justification
// too, and the mark on what the policy matched sits on the masked text, not a few characters off.
import { uniqueName } from "../support/airlock-api";
import { expect, test } from "../support/fixtures";
import { chatThroughGateway } from "../support/langchain";
import { stackInfo } from "../support/stack-info";

test("the inbox shows the justification masked and marks the matched words in the masked prompt", async ({ adminPage: page, airlock }) => {
  const connection = await airlock.createOpenAIConnection(uniqueName("openai-masked"));
  const agentName = uniqueName("payroll-agent");
  const agent = await airlock.post<{ id: string }>("/service-accounts", { name: agentName });
  await airlock.post(`/connections/${connection.id}/grants`, { serviceAccountId: agent.id });
  const key = await airlock.createKey({ name: `${agentName} key`, serviceAccountId: agent.id, connectionIds: [connection.id] });
  await airlock.post("/masking-rules", { name: `${connection.name} e-mails`, connectionId: connection.id, detector: "email", directions: ["request"] });
  await airlock.post("/approval-policies", { name: `${connection.name} payroll`, connectionIds: [connection.id], pattern: "payroll", expiresInSeconds: 120 });
  await page.goto(`${stackInfo().consoleUrl}/approvals`);

  const call = chatThroughGateway(connection.name, key.key, { headers: { "X-Airlock-Justification": "requested by jane.doe@example.com" } }).invoke(
    "Ask bob.smith@example.org for the payroll export",
  );
  const card = page.getByRole("listitem", { name: new RegExp(`Request from .* on ${connection.name}`) });
  await expect(card).toBeVisible();
  await expect(card).toContainText("requested by [EMAIL]");
  await expect(card).toContainText("Ask [EMAIL] for the payroll export");
  await expect(card).not.toContainText("example.com");
  await expect(card).not.toContainText("example.org");
  await expect(card.locator("mark")).toHaveText(["payroll"]);

  await card.getByRole("button", { name: "Approve", exact: true }).click();
  expect((await call).content).toBe("Echo: Ask [EMAIL] for the payroll export");
});
