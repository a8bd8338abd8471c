// Entry of every worker thread: loads the TypeScript module named in workerData.entry (through tsx, as the
// worker process itself runs), since a thread does not inherit the process's --import hooks on Node 20.
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
if (workerData.entry.endsWith('.ts')) require('tsx/cjs/api').register();
require(workerData.entry);
