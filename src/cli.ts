import { main } from './cli/main.js';
import { EXIT_ERROR, EXIT_INTERRUPTED } from './cli/exit-codes.js';
import { processIO, watchOutputStreams } from './cli/io.js';

// A closed stdout (`tfdrift scan | head`) ends the CLI quietly; see watchOutputStreams.
const streams = watchOutputStreams([process.stdout, process.stderr]);

// On Node < 22 the AWS SDK prints an eight-line NodeVersionSupportWarning on every run with
// --aws or an s3:// state. The CLI stays quiet through the SDK's documented switch; a user
// who sets the variable (to anything) gets the SDK's own behaviour.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Ctrl-C aborts the scan cleanly through its AbortSignal; a second Ctrl-C exits at once.
const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
  controller.abort(new Error('interrupted'));
});

// `tfdrift watch` runs in containers: SIGTERM is a request to stop, not an interruption. The
// watch finishes its work in flight, saves its store and exits 0.
const terminate = new AbortController();
if (process.argv[2] === 'watch') process.on('SIGTERM', () => terminate.abort());

const code = await main(process.argv.slice(2), processIO(controller.signal, terminate.signal));
// Write errors are emitted on a later tick than the write.
await new Promise((resolve) => setImmediate(resolve));
const lost = streams.failure();
if (lost !== undefined) process.stderr.write(`tfdrift: cannot write the output: ${lost}\n`);
process.exitCode = controller.signal.aborted
  ? EXIT_INTERRUPTED
  : lost !== undefined
    ? EXIT_ERROR
    : code;
