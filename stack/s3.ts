// Makes a real S3 API answer at S3_ENDPOINT with the configured keys (reusing one or starting SeaweedFS) and creates the raw and processed buckets.
import { CreateBucketCommand, HeadBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { type StackContext, displayPath } from './context';
import { type PartStatus, type PartUp, type StackPart, StackPartError, errorMessage, isLoopbackHost, secondsSince, urlPort } from './part';
import { pidFromFile, removeFile, stopProcess } from './pid-files';
import { isPortOpen, logTail, waitFor } from './processes';
import { launchSeaweedfs, seaweedFiles } from './seaweedfs';

const PART = 's3';
const LABEL = 'S3';

function s3Client(ctx: StackContext): S3Client {
  const c = ctx.config;
  return new S3Client({
    endpoint: c.S3_ENDPOINT,
    region: c.S3_REGION,
    forcePathStyle: c.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 },
  });
}

/** `rejected`: the keys are refused (401/403); `broken`: something answers HTTP but not as a working S3 API. */
type Probe = { kind: 'ok'; buckets: string[] } | { kind: 'down' | 'rejected' | 'broken'; reason: string };
const CREDENTIAL_ERRORS = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'InvalidToken']);

async function probe(client: S3Client): Promise<Probe> {
  try {
    const out = await client.send(new ListBucketsCommand({}));
    return { kind: 'ok', buckets: (out.Buckets ?? []).map((b) => b.Name ?? '') };
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (!status) return { kind: 'down', reason: errorMessage(err) };
    const reason = `${(err as Error).name} (HTTP ${status})`;
    return status === 401 || status === 403 || CREDENTIAL_ERRORS.has((err as Error).name) ? { kind: 'rejected', reason } : { kind: 'broken', reason };
  }
}

const buckets = (ctx: StackContext) => [ctx.config.S3_RAW_BUCKET, ctx.config.S3_PROCESSED_BUCKET];

async function ensureBuckets(ctx: StackContext, client: S3Client): Promise<void> {
  for (const bucket of buckets(ctx)) {
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      ctx.progress(PART, 'created bucket', { bucket });
    } catch (err) {
      const name = (err as Error).name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') {
        throw new StackPartError(PART, `S3 at ${ctx.config.S3_ENDPOINT} answers but bucket ${bucket} could not be created: ${errorMessage(err)}`, { cause: err });
      }
    }
    await client.send(new HeadBucketCommand({ Bucket: bucket })).catch((err: unknown) => {
      throw new StackPartError(PART, `S3 bucket ${bucket} is not usable at ${ctx.config.S3_ENDPOINT}: ${errorMessage(err)}`, { cause: err });
    });
  }
}

async function up(ctx: StackContext): Promise<PartUp> {
  const started = Date.now();
  const endpoint = new URL(ctx.config.S3_ENDPOINT);
  const port = urlPort(endpoint, endpoint.protocol === 'https:' ? 443 : 80);
  const files = seaweedFiles(ctx);
  const client = s3Client(ctx);
  try {
    let pid = pidFromFile(files.pidFile);
    let action: PartUp['action'] = pid ? 'running' : 'reused';
    let state = await probe(client);
    if (state.kind === 'rejected' && pid) {
      // Ours, but started with other credentials: restart it with the current ones.
      ctx.progress(PART, 'restarting SeaweedFS with the configured credentials', { pid });
      await stopProcess(pid);
      removeFile(files.pidFile);
      pid = undefined;
      state = { kind: 'down', reason: 'restarted' };
    }
    if (state.kind === 'rejected') {
      throw new StackPartError(PART, `S3 at ${ctx.config.S3_ENDPOINT} answers but rejects S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY: ${state.reason}`);
    }
    if (state.kind === 'broken' && !pid) {
      throw new StackPartError(PART, `S3 at ${ctx.config.S3_ENDPOINT} answers HTTP but not as a working S3 API: ${state.reason}`);
    }
    if (state.kind === 'down' && !pid) {
      removeFile(files.pidFile);
      if (!isLoopbackHost(endpoint.hostname)) throw new StackPartError(PART, `S3 at ${ctx.config.S3_ENDPOINT} does not answer and is not on this machine, so it cannot be started here`);
      if (await isPortOpen(endpoint.hostname, port)) {
        throw new StackPartError(PART, `S3 could not be started: port ${port} (from S3_ENDPOINT) is in use by something that does not answer as S3 (${state.reason})`);
      }
      pid = await launchSeaweedfs(ctx, files, port);
      action = 'started';
    }
    if (state.kind !== 'ok') {
      const livePid = pid;
      const ready = await waitFor(async () => ((await probe(client)).kind === 'ok' ? true : undefined), {
        timeoutMs: ctx.timeoutMs,
        pid: livePid,
        onExit: () => new StackPartError(PART, `S3 (SeaweedFS) exited during start-up; see ${displayPath(ctx.paths, files.logFile)}:\n${logTail(files.logFile)}`),
      });
      if (!ready) throw new StackPartError(PART, `S3 at ${ctx.config.S3_ENDPOINT} did not answer within ${ctx.timeoutMs / 1000}s; see ${displayPath(ctx.paths, files.logFile)}`);
    }
    await waitFor(async () => ensureBuckets(ctx, client).then(() => true, (err: unknown) => {
      if (Date.now() - started > ctx.timeoutMs) throw err;
      return undefined; // a just-started SeaweedFS may refuse bucket creation for a moment
    }), { timeoutMs: ctx.timeoutMs, intervalMs: 500 });
    ctx.progress(PART, action === 'started' ? 'ready' : action === 'running' ? 'already running' : 'reusing server', { seconds: secondsSince(started), endpoint: ctx.config.S3_ENDPOINT });
    const summary: PartUp['summary'] = [['S3 endpoint', ctx.config.S3_ENDPOINT], ['S3 buckets', buckets(ctx).join(', ')]];
    return { ...(await status(ctx)), action, summary, warnings: [] };
  } finally {
    client.destroy();
  }
}

async function status(ctx: StackContext): Promise<PartStatus> {
  const pid = pidFromFile(seaweedFiles(ctx).pidFile);
  const owner = pid ? `started by the stack (pid ${pid})` : 'not started by the stack';
  const client = s3Client(ctx);
  try {
    const state = await probe(client);
    const base = { part: PART, label: LABEL, url: ctx.config.S3_ENDPOINT, pid } as const;
    const problem = { down: 'not answering', rejected: 'rejects the credentials', broken: 'not a working S3 API' } as const;
    if (state.kind !== 'ok') return { ...base, up: false, detail: `${problem[state.kind]}: ${state.reason}; ${owner}` };
    const missing = buckets(ctx).filter((b) => !state.buckets.includes(b));
    const facts = [missing.length ? `missing buckets ${missing.join(', ')}` : `buckets ${buckets(ctx).join(', ')}`, owner];
    return { ...base, up: missing.length === 0, detail: facts.join(', ') };
  } finally {
    client.destroy();
  }
}

export const s3Part: StackPart = { name: PART, label: LABEL, up, status };
