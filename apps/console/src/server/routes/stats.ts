import { stats, statsQuery } from "@/lib/api/schemas/admin";
import { route } from "../api/route";
import { badRequest } from "../errors";
import { computeStats } from "../stats";

const MAX_BUCKETS = 2_000;
const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

export const getStats = route({
  method: "GET",
  path: "/stats",
  summary: "Requests, blocks, approvals, latency and tokens over time per connection (for the dashboard)",
  tag: "stats",
  permission: { resource: "stats", action: "read" },
  query: statsQuery,
  response: stats,
  async handler({ db, query }) {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 86_400_000);
    if (from >= to) throw badRequest("from must be before to");
    if ((to.getTime() - from.getTime()) / BUCKET_MS[query.bucket] > MAX_BUCKETS) {
      throw badRequest(`that range has more than ${MAX_BUCKETS} ${query.bucket} buckets; pick a larger bucket`);
    }
    return computeStats(db, { from, to, bucket: query.bucket, ...(query.connectionId ? { connectionId: query.connectionId } : {}) });
  },
});
