// The retention card, rendered to HTML before and after the current setting has loaded: a value
// typed before it arrives would be overwritten by it, and saving then would store "forever".
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { RetentionCard } from "@/components/settings/retention-card";
import { queryKeys } from "@/hooks/query-keys";

function render(client: QueryClient): string {
  return renderToStaticMarkup(createElement(QueryClientProvider, { client }, createElement(RetentionCard, { canWrite: true, canPurge: false })));
}

/** The <input> and the Save button as rendered. */
function parts(html: string): { input: string; save: string } {
  return {
    input: /<input[^>]*placeholder="forever"[^>]*>/.exec(html)?.[0] ?? "",
    save: /<button[^>]*>[^<]*Save retention/.exec(html)?.[0] ?? "",
  };
}

describe("RetentionCard", () => {
  it("keeps the field and its Save button disabled until the current setting has loaded", () => {
    const { input, save } = parts(render(new QueryClient()));
    expect(input).toMatch(/\sdisabled=""/);
    expect(save).toMatch(/\sdisabled=""/);
  });

  it("is editable once the setting is there", () => {
    const client = new QueryClient();
    client.setQueryData(queryKeys.settings, { retentionDays: 30 });
    const { input, save } = parts(render(client));
    expect(input).toContain('placeholder="forever"');
    expect(input).not.toMatch(/\sdisabled=""/);
    expect(save).toContain("Save retention");
    expect(save).not.toMatch(/\sdisabled=""/);
  });
});
