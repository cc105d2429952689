"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import type { SessionFilters } from "@/hooks/use-sessions";
import { filtersFromSearch, searchFromFilters } from "./session-filters-url";

/**
 * Filters held in state (so quick successive changes build on each other at once) and mirrored
 * into the URL (so a search can be bookmarked, shared and survives a reload). Changes that come
 * from the URL itself (back/forward, a link) are adopted; the URL's echo of our own changes is not.
 */
export function useUrlFilters(): [SessionFilters, (next: SessionFilters) => void] {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const fromUrl = useMemo(() => filtersFromSearch(new URLSearchParams(search.toString())), [search]);
  const urlKey = searchFromFilters(fromUrl);
  const [filters, setFilters] = useState(fromUrl);
  const ours = useRef(new Set<string>());

  useEffect(() => {
    if (ours.current.delete(urlKey)) return;
    setFilters((current) => (searchFromFilters(current) === urlKey ? current : filtersFromSearch(new URLSearchParams(urlKey))));
  }, [urlKey]);

  const update = (next: SessionFilters) => {
    const key = searchFromFilters(next);
    setFilters(next);
    if (key === urlKey) return;
    ours.current.add(key);
    router.replace(`${pathname}${key}`, { scroll: false });
  };
  return [filters, update];
}
