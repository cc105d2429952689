// Seeds and inspects the stack through the console's REST API with the bootstrap token (an admin
// that is no user), so each spec sets up only what it is not testing in the browser.
import { stackInfo } from "./stack-info";

export class AirlockApi {
  constructor(
    private readonly consoleUrl: string,
    private readonly token: string,
  ) {}

  static fromStack(): AirlockApi {
    const { consoleUrl, bootstrapToken } = stackInfo();
    return new AirlockApi(consoleUrl, bootstrapToken);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.consoleUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  get<T>(path: string) {
    return this.call<T>("GET", path);
  }

  post<T>(path: string, body: unknown = {}) {
    return this.call<T>("POST", path, body);
  }

  delete(path: string) {
    return this.call<unknown>("DELETE", path);
  }

  async userId(email: string): Promise<string> {
    const users = await this.get<{ data: { id: string; email: string }[] }>("/users?limit=200");
    const user = users.data.find((u) => u.email === email);
    if (!user) throw new Error(`no console user ${email}`);
    return user.id;
  }

  /** An OpenAI-compatible connection on the testkit upstream (the gateway adds /v1 paths itself). */
  createOpenAIConnection(name: string) {
    return this.post<{ id: string; name: string }>("/connections", {
      name,
      kind: "openai",
      upstreamUrl: stackInfo().openaiUpstreamUrl,
      credential: "sk-upstream-e2e",
      allowPrivateNetwork: true,
    });
  }

  createKey(body: { name: string; ownerUserId?: string; serviceAccountId?: string; connectionIds?: string[] }) {
    return this.post<{ id: string; key: string }>("/keys", body);
  }
}

/** A name no earlier run or spec has used (connection names are URL slugs: lower case). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}
