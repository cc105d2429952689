// One process per spool directory: two writers appending to the same segments would interleave
// and replay each other's files. The lock file holds the owner's pid; a lock left by a process
// that no longer runs (a crash) is taken over.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

const heldByThisProcess = new Set<string>();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the directory's lock; resolves to the function that releases it. */
export async function lockSpoolDir(dir: string): Promise<() => Promise<void>> {
  const key = resolve(dir);
  if (heldByThisProcess.has(key)) throw new Error(`spool directory ${dir} is already used by another recorder in this process`);
  const path = join(dir, "lock");
  try {
    await writeFile(path, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const owner = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
    // Our own pid in the file means a previous run of this container (pids restart at 1).
    if (Number.isSafeInteger(owner) && owner !== process.pid && isRunning(owner)) {
      throw new Error(`spool directory ${dir} is in use by process ${owner}: every gateway replica needs its own AIRLOCK_REPLICA_ID`);
    }
    await writeFile(path, String(process.pid));
  }
  heldByThisProcess.add(key);
  return async () => {
    heldByThisProcess.delete(key);
    await rm(path, { force: true });
  };
}
