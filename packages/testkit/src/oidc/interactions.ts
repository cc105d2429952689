import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { loginPage } from "./login-page";

/** Someone who can sign in through the issuer's login form. */
export interface OidcUser {
  username: string;
  password: string;
  name?: string;
  email?: string;
  /** Emitted as the `groups` claim (id token, userinfo, and user access tokens). */
  groups?: string[];
}

type Interaction = Awaited<ReturnType<Provider["interactionDetails"]>>;

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (part: string) => (text += part));
    req.on("end", () => resolve(new URLSearchParams(text)));
    req.on("error", reject);
  });
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
}

/** First-party test clients need no consent screen: grant whatever the request asked for. */
async function grantConsent(provider: Provider, details: Interaction, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const accountId = details.session?.accountId;
  if (!accountId) throw new Error("consent requested without a signed-in session");
  const clientId = String(details.params.client_id);
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(" "));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

/**
 * Serves `/interaction/:uid` (login form or automatic consent), `/interaction/:uid/login` (form
 * post) and `/interaction/:uid/abort` (cancel), the pages oidc-provider leaves to the deployment.
 */
export function interactionHandler(provider: Provider, users: ReadonlyMap<string, OidcUser>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const path = new URL(req.url ?? "/", "http://issuer.invalid").pathname;
      const details = await provider.interactionDetails(req, res);
      const client = await provider.Client.find(String(details.params.client_id));
      const clientName = client?.clientName ?? String(details.params.client_id);

      if (req.method === "POST" && path.endsWith("/login")) {
        const form = await readForm(req);
        const username = form.get("username") ?? "";
        const user = users.get(username);
        if (!user || user.password !== form.get("password")) {
          sendHtml(res, 401, loginPage({ uid: details.uid, clientName, username, failed: true }));
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
      } else if (path.endsWith("/abort")) {
        const result = { error: "access_denied", error_description: "The user cancelled the sign-in." };
        await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      } else if (details.prompt.name === "login") {
        sendHtml(res, 200, loginPage({ uid: details.uid, clientName, failed: false }));
      } else {
        await grantConsent(provider, details, req, res);
      }
    } catch (error) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      res.end(`interaction failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
