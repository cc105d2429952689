// Reads the JSON reports that vitest and Playwright write into .test-results/ and sums them up.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface SuiteCount {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
}

interface VitestReport { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests?: number }
interface PlaywrightReport { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }

export function readSuiteCounts(dir: string): SuiteCount[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  } catch {
    return [];
  }
  return files.map((file) => {
    const name = path.basename(file, ".json");
    const data = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as VitestReport | PlaywrightReport;
    if ("stats" in data) {
      return { name, passed: data.stats.expected + data.stats.flaky, failed: data.stats.unexpected, skipped: data.stats.skipped };
    }
    return { name, passed: data.numPassedTests, failed: data.numFailedTests, skipped: data.numPendingTests + (data.numTodoTests ?? 0) };
  });
}
