// A LangChain JS agent with tools and streaming, pointed at Airlock. The only Airlock-specific
// lines are the base URL and the key: everything else is ordinary LangChain.
//
//   AIRLOCK_URL=http://localhost:8080 AIRLOCK_CONNECTION=openai-prod AIRLOCK_KEY=alk_… pnpm --filter @airlock/examples agent "What's the weather in Paris?"
//
// Airlock records the session, masks PII in both directions, blocks shell-invoking tool calls,
// and may hold the request for a reviewer (the call simply waits until approved).
import { ChatOpenAI } from "@langchain/openai";
import { tool } from "@langchain/core/tools";
import { HumanMessage, ToolMessage, type AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { z } from "zod";

const baseURL = `${process.env.AIRLOCK_URL ?? "http://localhost:8080"}/c/${process.env.AIRLOCK_CONNECTION ?? "openai-prod"}/v1`;
const apiKey = process.env.AIRLOCK_KEY;
if (!apiKey) {
  console.error("Set AIRLOCK_KEY to an Airlock key (alk_…) created in the console.");
  process.exit(2);
}

const getWeather = tool(async ({ city }) => `It is 21°C and sunny in ${city}.`, {
  name: "get_weather",
  description: "Current weather for a city",
  schema: z.object({ city: z.string() }),
});
const tools = { get_weather: getWeather };

const llm = new ChatOpenAI({
  model: process.env.AIRLOCK_MODEL ?? "gpt-4o-mini",
  apiKey,
  configuration: {
    baseURL,
    // Optional: group this run's calls into one recorded session and explain yourself to reviewers.
    defaultHeaders: { "X-Airlock-Session": `agent-${Date.now()}`, "X-Airlock-Justification": "weather demo" },
  },
}).bindTools(Object.values(tools));

const question = process.argv.slice(2).join(" ") || "What's the weather in Paris?";
const messages: BaseMessage[] = [new HumanMessage(question)];

for (let turn = 0; turn < 5; turn++) {
  let reply: AIMessageChunk | undefined;
  // Stream every turn: text appears as it is generated, masked by Airlock on the way.
  for await (const chunk of await llm.stream(messages)) {
    if (typeof chunk.content === "string") process.stdout.write(chunk.content);
    reply = reply ? reply.concat(chunk) : chunk;
  }
  if (!reply) break;
  messages.push(reply);
  const calls = reply.tool_calls ?? [];
  if (calls.length === 0) break;
  for (const call of calls) {
    const impl = tools[call.name as keyof typeof tools];
    const result = impl ? await impl.invoke(call.args as { city: string }) : `unknown tool ${call.name}`;
    console.log(`\n[tool ${call.name}(${JSON.stringify(call.args)}) → ${result}]`);
    messages.push(new ToolMessage({ content: String(result), tool_call_id: call.id ?? "" }));
  }
}
process.stdout.write("\n");
