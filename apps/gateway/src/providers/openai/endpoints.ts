export type OpenAIEndpoint = "chat" | "completions" | "embeddings" | "responses" | "other";

/** Recognises the endpoint by the path's tail, so upstream URLs with or without `/v1` both work. */
export function openAIEndpoint(path: string): OpenAIEndpoint {
  const p = path.endsWith("/") ? path.slice(0, -1) : path;
  if (p.endsWith("chat/completions")) return "chat";
  if (p === "completions" || p.endsWith("/completions")) return "completions";
  if (p.endsWith("embeddings")) return "embeddings";
  if (p.endsWith("responses")) return "responses";
  return "other";
}
