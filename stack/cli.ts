// Entry point of `npm run stack:up|down|status`: parses the command, calls stack.ts, prints the result and sets the exit code.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/env';
import { StackUpError } from './part';
import { stackDown, stackStatus, stackUp } from './stack';

const USAGE = `Usage: tsx stack/cli.ts <up|down|status> [options]   (npm run stack:up | stack:down | stack:status)

Commands:
  up       Start (or reuse) Temporal dev server + Web UI, MariaDB, Redis and S3 (SeaweedFS), health-check them,
           create the database and the S3 buckets, and print every URL. Idempotent.
  down     Stop every process with a pid file in <DATA_DIR>/run (workers too): SIGTERM, then SIGKILL after 15 s.
           Servers that were already running before \`up\` (no pid file) are left alone.
  status   Print each part as up/down with its URL; exit 0 when all are up, 1 otherwise.

Options:
  --with-metrics   also start Prometheus (Debian's package, installed when missing) on PROMETHEUS_URL's port, scraping
                   every worker and long command registered in <DATA_DIR>/prometheus/targets (or STACK_METRICS=true)
  --no-install     never apt-get/pip install a missing binary (fail instead)
  --timeout <s>    seconds each part may take to answer after starting (default 60)
  -h, --help       this help

Configuration comes from the environment (see .env.example); data, logs and pid files go under DATA_DIR (default .data).`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { 'no-install': { type: 'boolean' }, 'with-metrics': { type: 'boolean' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (positionals.length > 1) {
    console.error(`Unexpected argument ${JSON.stringify(positionals[1])}.\n\n${USAGE}`);
    return 2;
  }
  if (values.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const timeoutSeconds = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    console.error(`--timeout must be a positive number of seconds (got ${JSON.stringify(values.timeout)})`);
    return 2;
  }
  const options = { allowInstall: !values['no-install'], timeoutMs: timeoutSeconds * 1000, ...(values['with-metrics'] ? { withMetrics: true } : {}) };
  const config = loadConfig();

  switch (command) {
    case 'up': {
      const result = await stackUp(config, options);
      for (const warning of result.warnings) console.warn(`warning: ${warning}`);
      console.log('\nLocal stack is up:');
      const width = Math.max(...result.summary.map(([label]) => label.length));
      for (const [label, value] of result.summary) console.log(`  ${label.padEnd(width)}  ${value}`);
      return 0;
    }
    case 'status': {
      const result = await stackStatus(config, options);
      for (const p of result.parts) console.log(`${p.label.padEnd(9)} ${p.up ? 'up  ' : 'DOWN'}  ${p.url}  (${p.detail})`);
      for (const o of result.others) console.log(`${o.name.padEnd(9)} up    pid ${o.pid} (pid file in ${result.dataDir}/run)`);
      console.log(`${'Data dir'.padEnd(9)}       ${result.dataDir}`);
      return result.allUp ? 0 : 1;
    }
    case 'down': {
      const stopped = await stackDown(config, options);
      console.log(stopped.length ? `Stopped ${stopped.filter((s) => s.pid).length} process(es).` : 'Nothing to stop: no pid files.');
      return 0;
    }
    default:
      console.error(command ? `Unknown command ${JSON.stringify(command)}.\n` : '');
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof StackUpError) console.error(`\nstack:up failed:\n${err.message}`);
    else if (err instanceof ConfigError) console.error(err.message);
    else console.error(`stack failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
