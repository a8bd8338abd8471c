// LOG_LEVEL sets the level of the worker's own JSON lines and of the Temporal runtime's logger (SDK and activity logs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createJsonLog, runtimeLogger } from '../../workers/log';
import { uniqueName } from '../support/services';

const ROOT = path.resolve(__dirname, '../..');

function capture(): { lines: Array<Record<string, unknown>>; streams: string[]; sink: (line: string, level: string) => void } {
  const lines: Array<Record<string, unknown>> = [];
  const streams: string[] = [];
  return { lines, streams, sink: (line, level) => { lines.push(JSON.parse(line) as Record<string, unknown>); streams.push(level); } };
}

test('the JSON log drops lines below its level and writes the rest as one JSON object each', () => {
  const out = capture();
  const log = createJsonLog('warn', out.sink);
  log.debug('not written', { a: 1 });
  log.info('not written either');
  log.warn('slow batch', { batchNo: 7, big: 10n, cause: new TypeError('boom') });
  log.error('batch failed');
  log.always('worker started', { taskQueue: 'q' });
  assert.deepEqual(out.lines.map((l) => [l.level, l.msg]), [['warn', 'slow batch'], ['error', 'batch failed'], ['info', 'worker started']]);
  assert.deepEqual({ ...out.lines[0], time: undefined }, { time: undefined, level: 'warn', msg: 'slow batch', batchNo: 7, big: '10', cause: { name: 'TypeError', message: 'boom' } });
  assert.ok(!Number.isNaN(Date.parse(String(out.lines[0]!.time))));
  const debug = capture();
  createJsonLog('debug', debug.sink).debug('written', { a: 1 });
  assert.deepEqual(debug.lines.map((l) => l.msg), ['written']);
});

test('the Temporal runtime logger has the same level and writes the same JSON lines', () => {
  const out = capture();
  const logger = runtimeLogger('info', out.sink);
  logger.trace('no');
  logger.debug('no');
  logger.info('Worker state changed', { sdkComponent: 'worker', state: 'RUNNING' });
  logger.error('Activity failed', { activityType: 'ingestBatch', attempt: 2 });
  assert.deepEqual(out.lines.map((l) => ({ ...l, time: undefined })), [
    { time: undefined, level: 'info', msg: 'Worker state changed', sdkComponent: 'worker', state: 'RUNNING' },
    { time: undefined, level: 'error', msg: 'Activity failed', activityType: 'ingestBatch', attempt: 2 },
  ]);
  assert.equal(runtimeLogger('error', out.sink).level, 'ERROR');
});

/** Runs a worker process at `level` until it has started, stops it, and returns its JSON lines; killed if it takes too long. */
async function workerOutput(level: string): Promise<Array<Record<string, unknown>>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: level, TEMPORAL_TASK_QUEUE: uniqueName('log'), INGEST_THREADS: '0' },
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const collect = (d: Buffer) => {
    out += d.toString();
    if (out.includes('worker started')) child.kill('SIGTERM');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  try {
    await exited;
  } finally {
    clearTimeout(killer);
  }
  assert.ok(out.includes('worker started'), `the LOG_LEVEL=${level} worker started within 90 s: ${out.slice(-2000)}`);
  return out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('a worker process logs at LOG_LEVEL: SDK lines at debug, only its start-up line at warn', { timeout: 240_000 }, async () => {
  const verbose = await workerOutput('debug');
  assert.ok(verbose.some((l) => l.level === 'debug' && l.sdkComponent === 'worker'), 'the SDK logs at debug through the installed runtime logger');
  assert.ok(verbose.some((l) => l.level === 'info' && l.sdkComponent === 'worker'), 'and at info');
  const quiet = await workerOutput('warn');
  assert.ok(quiet.some((l) => l.msg === 'worker started' && l.logLevel === 'warn'), 'the start-up line is written at every level');
  const below = quiet.filter((l) => (l.level === 'debug' || l.level === 'info' || l.level === 'trace') && l.msg !== 'worker started');
  assert.deepEqual(below, [], 'nothing below warn but the start-up line');
});
