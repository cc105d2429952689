import { z } from "zod";
import { buildOpenApi } from "../api/openapi";
import { route } from "../api/route";
import { ALL_ROUTES } from "./index";

let cached: unknown;

export const getOpenApi = route({
  method: "GET",
  path: "/openapi.json",
  summary: "This document",
  tag: "meta",
  permission: "public",
  response: z.record(z.string(), z.unknown()),
  async handler() {
    cached ??= buildOpenApi([...ALL_ROUTES, getOpenApi]);
    return cached as Record<string, unknown>;
  },
});
