// Reads the JSON reports that vitest and Playwright write into .test-results/ and sums them up.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface SuiteCount {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
  testResults?: { status: string; assertionResults?: unknown[] }[];
}
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
    // A test file that throws while loading has no tests to count; count it as one failure so the
    // summary cannot read "0 failed" while the run failed.
    const brokenFiles = (data.testResults ?? []).filter((r) => r.status === "failed" && (r.assertionResults?.length ?? 0) === 0).length;
    return { name, passed: data.numPassedTests, failed: data.numFailedTests + brokenFiles, skipped: data.numPendingTests + (data.numTodoTests ?? 0) };
  });
}
