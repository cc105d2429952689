// Playwright fixtures: a browser page already signed in as the stack's admin (through next-auth's
// own credentials endpoint, the way the login form does it), and the REST API for seeding.
import { test as base, expect, type Page } from "@playwright/test";
import { AirlockApi } from "./airlock-api";
import { stackInfo } from "./stack-info";

export async function signInThroughApi(page: Page, email: string, password: string): Promise<void> {
  const { consoleUrl } = stackInfo();
  const csrf = await page.request.get(`${consoleUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await page.request.post(`${consoleUrl}/api/auth/callback/credentials`, {
    form: { csrfToken, email, password, callbackUrl: consoleUrl, json: "true" },
    maxRedirects: 0,
  });
  expect(res.status(), "credentials sign-in").toBeLessThan(400);
  const cookies = await page.context().cookies(consoleUrl);
  expect(cookies.some((c) => c.name.includes("next-auth.session-token")), "session cookie set").toBe(true);
}

interface Fixtures {
  adminPage: Page;
  airlock: AirlockApi;
}

/**
 * Makes goto and reload also wait until the console has hydrated: text typed into a server-rendered
 * field before then is lost (on a slow machine, a search typed right after navigating never ran).
 */
function waitForHydrationOnNavigation(page: Page): void {
  const hydrated = () => page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  const goto = page.goto.bind(page);
  const reload = page.reload.bind(page);
  page.goto = async (...args) => {
    const response = await goto(...args);
    await hydrated();
    return response;
  };
  page.reload = async (...args) => {
    const response = await reload(...args);
    await hydrated();
    return response;
  };
}

export const test = base.extend<Fixtures>({
  page: async ({ page }, use) => {
    waitForHydrationOnNavigation(page);
    await use(page);
  },
  adminPage: async ({ page }, use) => {
    const { admin } = stackInfo();
    await signInThroughApi(page, admin.email, admin.password);
    await use(page);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as the first argument
  airlock: async ({}, use) => {
    await use(AirlockApi.fromStack());
  },
});

export { expect };
