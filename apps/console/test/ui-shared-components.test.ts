// The shared table and form field, rendered to HTML: what people and assistive technology (and the
// Playwright specs, which select by role and label) rely on.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, type Column } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";

interface Row {
  id: string;
  name: string;
  attempts: number;
}

const columns: Column<Row>[] = [
  { header: "Name", className: "font-mono", cell: (r) => r.name, title: (r) => `full: ${r.name}` },
  { header: "Attempts", numeric: true, cell: (r) => r.attempts },
];

const table = (props: Partial<Parameters<typeof DataTable<Row>>[0]>) =>
  renderToStaticMarkup(createElement(DataTable<Row>, { label: "Deliveries", rows: [], columns, ...props }));

describe("DataTable", () => {
  it("renders a table named by its label, a header per column and a row per item", () => {
    const html = table({ rows: [{ id: "1", name: "first", attempts: 3 }, { id: "2", name: "second", attempts: 1 }] });
    expect(html).toContain('<table aria-label="Deliveries"');
    expect(html.match(/<th /g)).toHaveLength(2);
    expect(html.match(/<tr/g)).toHaveLength(3);
    expect(html).toMatch(/<td class="[^"]*font-mono"[^>]*title="full: first">first<\/td>/);
    expect(html).toMatch(/<th [^>]*class="[^"]*text-right">Attempts<\/th>/);
    expect(html).toMatch(/<td class="[^"]*text-right tabular-nums[^"]*">3<\/td>/);
  });

  it("adds an actions column whose header is for screen readers only", () => {
    const html = table({ rows: [{ id: "1", name: "first", attempts: 3 }], actions: (r) => createElement("button", null, `Revoke ${r.name}`) });
    expect(html).toContain('<span class="sr-only">Actions</span>');
    expect(html).toMatch(/<td class="[^"]*text-right"><button>Revoke first<\/button><\/td>/);
  });

  it("says so when there are no rows, and renders nothing while they are loading", () => {
    expect(table({ rows: [], empty: "No deliveries yet." })).toMatch(/^<p [^>]*>No deliveries yet\.<\/p>$/);
    expect(table({ rows: undefined, empty: "No deliveries yet." })).toBe("");
  });

  it("renders an empty table when no empty message is given (the caller handles it)", () => {
    expect(table({ rows: [] })).toContain("<tbody");
  });
});

describe("form fields", () => {
  it("binds the label to the control and describes it by its hint", () => {
    const html = renderToStaticMarkup(createElement(TextField, { label: "Webhook name", hint: "Shown in the list", defaultValue: "x" }));
    const id = /<label for="([^"]+)"/.exec(html)?.[1];
    expect(id).toBeTruthy();
    expect(html).toContain(`<input id="${id}"`);
    expect(html).toContain(`aria-describedby="${id}-hint"`);
    expect(html).toContain(`<p id="${id}-hint"`);
    expect(html).not.toContain("aria-invalid");
  });

  it("marks the control invalid and announces the error with the hint", () => {
    const html = renderToStaticMarkup(createElement(TextField, { label: "Pattern", hint: "i, m, s, u", error: "unterminated group", defaultValue: "(" }));
    const id = /<label for="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(`aria-describedby="${id}-hint ${id}-error"`);
    expect(html).toContain(">unterminated group</p>");
    expect(html).toContain("border-red-500");
  });

  it("passes attributes through to the control and the field class to the wrapper", () => {
    const html = renderToStaticMarkup(
      createElement(SelectField, { label: "Format", fieldClassName: "md:col-span-2", name: "format", defaultValue: "slack" }, createElement("option", { value: "slack" }, "Slack")),
    );
    expect(html).toMatch(/^<div class="space-y-1 md:col-span-2">/);
    expect(html).toMatch(/<select id="[^"]+"[^>]* name="format"/);
    expect(html).toContain(">Slack</option>");
  });
});
