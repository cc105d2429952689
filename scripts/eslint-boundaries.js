// A local ESLint rule for the dependency direction (docs/architecture.md):
//  - packages never import apps;
//  - policy and recording import nothing of ours (they are pure);
//  - db imports nothing of ours;
//  - browser code (files marked "use client") never imports the database package.
// A dedicated plugin (eslint-plugin-boundaries) needs per-element configuration that is larger than
// these twenty lines, so the rule is kept here.
import path from "node:path";

const ROOT = path.dirname(path.dirname(new URL(import.meta.url).pathname));

function areaOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep);
  return rel.length > 1 ? `${rel[0]}/${rel[1]}` : rel[0];
}

function violation(area, source, isClient) {
  const ours = source.startsWith("@airlock/") ? source.slice("@airlock/".length).split("/")[0] : null;
  const reachesApps = /(^|\/)apps\//.test(source) || ["gateway", "console"].includes(ours ?? "");
  if (area.startsWith("packages/") && reachesApps) return "packages must never import apps";
  if ((area === "packages/policy" || area === "packages/recording") && (ours || source.startsWith("../../")))
    return `${area} is pure: it imports nothing of ours`;
  if (area === "packages/db" && ours && ours !== "db") return "packages/db imports nothing of ours but Prisma";
  if (isClient && (ours === "db" || /packages\/db/.test(source)))
    return "browser code ('use client') must never import @airlock/db";
  return null;
}

export default {
  rules: {
    boundaries: {
      meta: { type: "problem", schema: [] },
      create(context) {
        const file = context.filename ?? context.getFilename();
        const area = areaOf(file);
        const body = context.sourceCode.ast.body;
        const isClient = body.some(
          (s) => s.type === "ExpressionStatement" && s.directive === "use client",
        );
        const check = (node, source) => {
          if (typeof source !== "string") return;
          const message = violation(area, source, isClient);
          if (message) context.report({ node, message: `${message} (imports '${source}')` });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
        };
      },
    },
  },
};
