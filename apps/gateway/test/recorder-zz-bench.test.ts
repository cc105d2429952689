import { it } from "vitest";
import { Registry } from "prom-client";
import { createRecorderWorld, httpKey, serviceAccount, chunkEvent, metricValue } from "./recorder-fixtures";
it("bench", async () => {
  const world = await createRecorderWorld();
  const metrics = new Registry();
  const { recorder } = await world.start({ metrics, env: { AIRLOCK_RECORDER_BATCH_SIZE: process.env.BS ?? "500" } });
  const chains = await Promise.all([1,2,3,4].map(() => recorder.openChain({ ...httpKey(world.connection, serviceAccount()), protocol: "postgres" })));
  await recorder.flush();
  const N = 20000;
  let t = performance.now();
  for (let i = 0; i < N; i++) chains[i % 4]!.append(chunkEvent(i));
  const appendMs = performance.now() - t;
  await recorder.flush();
  const total = performance.now() - t;
  const h = await metrics.getSingleMetric("airlock_recorder_batch_duration_seconds")!.get();
  const sum = h.values.find(v => v.metricName?.endsWith("_sum"))!.value, count = h.values.find(v => v.metricName?.endsWith("_count"))!.value;
  console.log(`DBG append ${appendMs.toFixed(0)}ms (${(appendMs*1000/N).toFixed(1)}us/event) total ${total.toFixed(0)}ms => ${(N/total*1000).toFixed(0)} ev/s; batches ${count} avg ${(sum/count*1000).toFixed(1)}ms`);
  // prisma createMany comparison
  const s = chains[0]!.sessionId;
  const rows = Array.from({ length: N }, (_, i) => ({ sessionId: s, chainId: "bench-" + Math.floor(i / 500), seq: i + 1, at: new Date(), offsetMs: i, type: "exchange.chunks", payload: chunkEvent(i).payload, prevHash: "0".repeat(64), hash: "1".repeat(64) }));
  t = performance.now();
  for (let i = 0; i < N; i += 500) await world.db.sessionEvent.createMany({ data: rows.slice(i, i + 500), skipDuplicates: true });
  const pm = performance.now() - t;
  console.log(`DBG prisma createMany(500) ${pm.toFixed(0)}ms => ${(N/pm*1000).toFixed(0)} rows/s, ${(pm/(N/500)).toFixed(1)}ms/batch`);
  await world.close();
}, 120000);
