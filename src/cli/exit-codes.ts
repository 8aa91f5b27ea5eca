/**
 * The CLI's exit codes, like `terraform plan -detailed-exitcode`: 0 in sync, 2 drift found,
 * 1 error; 130 when interrupted (Ctrl-C), as shells expect.
 */
export const EXIT_IN_SYNC = 0;
/**
 * A usage, configuration, state or provider-configuration error, or an incomplete scan
 * (resources that could not be read, unless the user accepts them).
 */
export const EXIT_ERROR = 1;
/** The scan found statuses that `--fail-on` counts. */
export const EXIT_DRIFT = 2;
/** The scan was aborted with Ctrl-C (SIGINT). */
export const EXIT_INTERRUPTED = 130;
