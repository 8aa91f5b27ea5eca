/**
 * `tfdrift watch`: continuous detection from the command line. Runs `watchDrift` with the
 * scan options, prints every event as one JSON line on stdout, delivers drift events to
 * `--webhook` and `--slack`, serves `/healthz` and `/metrics` with `--listen`, and on
 * SIGTERM finishes the work in flight, flushes the store and exits 0.
 */
import { resolve } from 'node:path';
import type { Server } from 'node:http';
import { fileStore, parseConfig, slackSink, watchDrift, webhookSink } from '../index.js';
import type { Provider, WatchDriftOptions, WatchSink } from '../index.js';
import {
  SCAN_OPTIONS,
  SCAN_OPTIONS_HELP,
  UsageError,
  parse,
  positiveInt,
  remediationPolicy,
  seconds,
} from './args.js';
import { EXIT_IN_SYNC } from './exit-codes.js';
import type { CliIO } from './io.js';
import { reloadingSnapshotProvider } from './reloading-snapshot.js';
import { ignoreText, providersFrom, stateSources } from './scan.js';
import { changeSources, parseEventsSpec } from './watch-events.js';
import { WatchMetrics } from './watch-metrics.js';
import { parseListen, startWatchServer } from './watch-server.js';

const WATCH_HELP = `Usage: tfdrift watch [options]

Watch for drift continuously: a full scan now and every --interval, a re-check of exactly
what a change event touched, and one JSON line on stdout per event (drift-opened,
drift-updated, drift-resolved, scan-completed, scan-failed, state-changed, sink-failed).
Open drift is remembered in --store, so a restart announces nothing twice.
SIGTERM finishes the work in flight, saves the store and exits 0.

${SCAN_OPTIONS_HELP}

Watch:
  --interval SECONDS       between full scans (default 3600)
  --confirm-after SECONDS  re-read a new drift after this long and open it only if it is
                           still there (default 30; 0 opens at once)
  --events SPEC            change feed (repeatable): sqs://HOST/ACCOUNT/QUEUE (EventBridge
                           CloudTrail events in SQS; sqs+http:// for an emulator) or cloudtrail
  --trusted-principal P    changes by this principal (the apply role) wait for the state to
                           follow before they count as drift (repeatable)
  --state-poll SECONDS     between looks at the state for changes (default 30)
  --store FILE             open drift and undelivered alerts (default .tfdrift/watch.json)
  --webhook URL            POST drift events as JSON (repeatable); signed with HMAC-SHA256
                           when TFDRIFT_WEBHOOK_SECRET is set
  --slack URL              post drift events to a Slack incoming webhook (repeatable)
  --listen ADDR            serve /healthz and Prometheus /metrics on HOST:PORT or PORT

Examples:
  tfdrift watch --state terraform.tfstate --snapshot live.json --interval 60
  tfdrift watch --config . --aws --events sqs://sqs.eu-west-1.amazonaws.com/123456789012/drift \\
    --slack "$SLACK_WEBHOOK_URL" --listen :9090
`;

/** A seconds option that may be 0. */
function secondsOrZero(value: string | undefined, name: string): number | undefined {
  if (value !== undefined && Number(value) === 0 && value.trim() !== '') return 0;
  return seconds(value, name, 'watch');
}

function sinksFrom(webhooks: string[], slacks: string[], env: CliIO['env']): WatchSink[] {
  const secret = env.TFDRIFT_WEBHOOK_SECRET;
  try {
    return [
      ...webhooks.map((url) =>
        webhookSink({ url, ...(secret !== undefined && secret !== '' ? { secret } : {}) }),
      ),
      ...slacks.map((url) => slackSink({ url })),
    ];
  } catch {
    throw new UsageError('--webhook and --slack take http(s) URLs', 'watch');
  }
}

/** `tfdrift watch`. */
export async function watchCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(
    argv,
    {
      ...SCAN_OPTIONS,
      interval: { type: 'string' },
      'confirm-after': { type: 'string' },
      events: { type: 'string', multiple: true },
      'trusted-principal': { type: 'string', multiple: true },
      'state-poll': { type: 'string' },
      store: { type: 'string' },
      webhook: { type: 'string', multiple: true },
      slack: { type: 'string', multiple: true },
      listen: { type: 'string' },
    },
    'watch',
  );
  if (values.help === true) {
    io.stdout.write(WATCH_HELP);
    return EXIT_IN_SYNC;
  }
  const interval = seconds(values.interval, 'interval', 'watch');
  const confirmAfter = secondsOrZero(values['confirm-after'], 'confirm-after');
  const statePollInterval = seconds(values['state-poll'], 'state-poll', 'watch');
  const events = (values.events ?? []).map(parseEventsSpec);
  const listen = values.listen === undefined ? undefined : parseListen(values.listen);
  const sinks = sinksFrom(values.webhook ?? [], values.slack ?? [], io.env);
  const state = stateSources(values, io, 'watch');
  if (state?.includes('-')) throw new UsageError('watch cannot read the state from stdin', 'watch');
  const concurrency = positiveInt(values.concurrency, 'concurrency', 'watch');
  const readTimeoutMs = seconds(values['read-timeout'], 'read-timeout', 'watch');
  const remediation = remediationPolicy(values.remediation, 'watch');
  const ignore = ignoreText(values, io, 'watch');
  const providers: Provider[] =
    values.snapshot !== undefined
      ? [reloadingSnapshotProvider(resolve(io.cwd, values.snapshot))]
      : await providersFrom(values, io, 'watch');
  const config =
    values.config === undefined ? undefined : await parseConfig(resolve(io.cwd, values.config));
  const metrics = new WatchMetrics();
  let server: Server | undefined;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  io.signal?.addEventListener('abort', onAbort, { once: true });
  io.terminate?.addEventListener('abort', onAbort, { once: true });
  try {
    const options: WatchDriftOptions = {
      providers,
      store: fileStore(resolve(io.cwd, values.store ?? '.tfdrift/watch.json')),
      sinks,
      events: await changeSources(
        events,
        values.region?.[0],
        io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION,
        stop.signal,
        io.env.AWS_ENDPOINT_URL_SQS || undefined,
      ),
      unmanaged: values.unmanaged === true,
      revealSensitive: values['reveal-sensitive'] === true,
      signal: stop.signal,
    };
    if (state !== undefined) options.state = state;
    if (config !== undefined) options.config = config;
    if (ignore !== undefined) options.ignore = ignore;
    if (remediation !== undefined) options.remediation = remediation;
    if (concurrency !== undefined) options.concurrency = concurrency;
    if (readTimeoutMs !== undefined) options.readTimeoutMs = readTimeoutMs;
    if (interval !== undefined) options.interval = interval;
    if (confirmAfter !== undefined) options.confirmAfter = confirmAfter;
    if (statePollInterval !== undefined) options.statePollInterval = statePollInterval;
    if (values['trusted-principal'] !== undefined)
      options.trustedPrincipals = values['trusted-principal'];
    const watch = watchDrift(options);
    if (listen !== undefined) {
      const started = await startWatchServer(listen, metrics);
      server = started.server;
      if (values.quiet !== true) io.stderr.write(`tfdrift: listening on ${started.url}\n`);
    }
    for await (const event of watch) {
      metrics.observe(event);
      io.stdout.write(`${JSON.stringify(event)}\n`);
    }
    return EXIT_IN_SYNC;
  } finally {
    io.signal?.removeEventListener('abort', onAbort);
    io.terminate?.removeEventListener('abort', onAbort);
    server?.closeAllConnections();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    await Promise.allSettled(providers.map(async (p) => p.close?.()));
  }
}
