import type { SessionFilters } from "@/hooks/use-sessions";

const KEYS = ["connectionId", "identityId", "from", "to", "status", "hasBlock", "hasApproval", "q"] as const;

/** The filters as the page URL carries them (so a search can be bookmarked and shared). */
export function filtersFromSearch(params: URLSearchParams): SessionFilters {
  const out: SessionFilters = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (!value) continue;
    if (key === "status") {
      if (value === "active" || value === "closed") out.status = value;
    } else if (key === "hasBlock" || key === "hasApproval") {
      if (value === "true") out[key] = "true";
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function searchFromFilters(filters: SessionFilters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  const qs = params.toString();
  return qs ? `?${qs}` : "";
}
