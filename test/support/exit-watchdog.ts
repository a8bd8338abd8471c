// Loaded into every test file's process (test/run.sh --import): once the file's last test and hook have run,
// the process must exit by itself. If a hung promise's socket, a worker or a timer still holds it after
// EXIT_GRACE_MS, this names what holds it and exits with a failure, so one hang cannot stall the whole run
// (node's --test-force-exit would do it at once, but it can drop the file's last results on the way out).
import { after } from 'node:test';

const EXIT_GRACE_MS = 20_000;

after(() => {
  const timer = setTimeout(() => {
    const held = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles().map((h) => h.constructor.name);
    process.stderr.write(`${process.argv[1] ?? 'test file'}: still running ${EXIT_GRACE_MS / 1000}s after its last test, held by ${held.join(', ') || 'nothing visible'}; failing it\n`);
    process.exit(1);
  }, EXIT_GRACE_MS);
  // Unreferenced: a file that releases everything exits at once, as it should.
  timer.unref();
});
