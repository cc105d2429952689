// Starts the writer thread from TypeScript sources (tests, `tsx src/main.ts`): a worker thread does
// not inherit the parent's module loader, so tsx is loaded here. The built gateway starts its
// bundled entry (dist/recorder-writer.js) instead.
import { tsImport } from "tsx/esm/api";

await tsImport("./worker.ts", import.meta.url);
