// Masking throughput on ~1 MB of mixed text, whole and streamed in 64-byte chunks.
// Run: npx tsx bench/mask-throughput.ts   (JSON on stdout, a short summary on stderr)
import { BUILTIN_DETECTORS, compileMasker, type MaskingRuleSpec } from "../src/index";

const TARGET_BYTES = 1024 * 1024;
const CHUNK = 64;
const WARMUP_RUNS = 5; // let the JIT settle before measuring
const RUNS = 9;

function mixedText(): string {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const words = "the gateway records every session and masks data inline while the model streams its answer back to the client".split(" ");
  const sensitive = [
    "jane.doe@example.com",
    "+1 415 555 0100",
    "4111 1111 1111 1111",
    "GB82 WEST 1234 5698 7654 32",
    "123-45-6789",
    "10.20.30.40",
    "2001:db8::8a2e:370:7334",
    "AKIAIOSFODNN7EXAMPLE",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
  ];
  const parts: string[] = [];
  let length = 0;
  while (length < TARGET_BYTES) {
    const part = random() < 0.03 ? pick(sensitive) : pick(words);
    parts.push(part);
    length += part.length + 1;
    if (random() < 0.08) parts.push(random() < 0.5 ? ".\n" : ",");
  }
  return parts.join(" ");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const rules: MaskingRuleSpec[] = BUILTIN_DETECTORS.map((detector) => ({
  id: detector,
  name: detector,
  enabled: true,
  detector,
  directions: ["response"],
  style: "label",
}));
const masker = compileMasker(rules, { hashKey: "bench", direction: "response" });
const text = mixedText();
const megabytes = Buffer.byteLength(text) / 1e6;

interface Timing {
  /** Wall-clock milliseconds. */
  ms: number;
  /** CPU milliseconds of this process: steadier than wall time on a machine shared with others. */
  cpuMs: number;
  output: string;
  findings: number;
}

function timed(run: () => { output: string; findings: number }): Timing {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = run();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, ...result };
}

const timeWhole = () =>
  timed(() => {
    const result = masker.maskText(text);
    return { output: result.text, findings: result.findings.length };
  });

const timeStreamed = () =>
  timed(() => {
    const stream = masker.createStream();
    let output = "";
    for (let i = 0; i < text.length; i += CHUNK) output += stream.push(text.slice(i, i + CHUNK));
    output += stream.flush();
    return { output, findings: stream.findings.length };
  });

const throughput = (runs: Timing[], pick: (t: Timing) => number) =>
  Number((megabytes / (median(runs.map(pick)) / 1000)).toFixed(1));

for (let i = 0; i < WARMUP_RUNS; i++) {
  timeWhole();
  timeStreamed();
}
// Interleaved, so drift on a shared machine hits both alike.
const whole: Timing[] = [];
const streamed: Timing[] = [];
for (let i = 0; i < RUNS; i++) {
  whole.push(timeWhole());
  streamed.push(timeStreamed());
}

const result = {
  benchmark: "policy-mask-throughput",
  inputMB: Number(megabytes.toFixed(3)),
  rules: rules.length,
  findings: whole[0]!.findings,
  chunkBytes: CHUNK,
  runs: RUNS,
  wholeMBps: throughput(whole, (t) => t.ms),
  streamedMBps: throughput(streamed, (t) => t.ms),
  wholeCpuMBps: throughput(whole, (t) => t.cpuMs),
  streamedCpuMBps: throughput(streamed, (t) => t.cpuMs),
  streamedEqualsWhole: streamed[0]!.output === whole[0]!.output,
  node: process.version,
};
console.error(
  `masking ${result.inputMB} MB: whole ${result.wholeMBps} MB/s (CPU ${result.wholeCpuMBps}), ` +
    `streamed in ${CHUNK} B chunks ${result.streamedMBps} MB/s (CPU ${result.streamedCpuMBps})`,
);
console.log(JSON.stringify(result));
