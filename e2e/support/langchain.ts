// LangChain's ChatOpenAI pointed at a connection on the gateway: the client code an application
// developer writes, unchanged except for the base URL and the Airlock key.
import { ChatOpenAI } from "@langchain/openai";
import { stackInfo } from "./stack-info";

export function chatThroughGateway(connectionName: string, key: string, options: { streaming?: boolean; headers?: Record<string, string> } = {}) {
  return new ChatOpenAI({
    model: "gpt-4o-mini",
    apiKey: key,
    streaming: options.streaming ?? false,
    // A refused or denied request must fail now, not be retried behind the test's back.
    maxRetries: 0,
    configuration: {
      baseURL: `${stackInfo().gatewayUrl}/c/${connectionName}/v1`,
      ...(options.headers ? { defaultHeaders: options.headers } : {}),
    },
  });
}
