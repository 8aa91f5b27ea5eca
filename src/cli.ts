import { main } from './cli/main.js';
import { EXIT_INTERRUPTED } from './cli/exit-codes.js';
import { processIO } from './cli/io.js';

// Ctrl-C aborts the scan cleanly through its AbortSignal; a second Ctrl-C exits at once.
const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
  controller.abort(new Error('interrupted'));
});

const code = await main(process.argv.slice(2), processIO(controller.signal));
process.exitCode = controller.signal.aborted ? EXIT_INTERRUPTED : code;
