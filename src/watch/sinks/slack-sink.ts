/**
 * `slackSink`: one Slack incoming-webhook message per drift event that says who changed
 * what, when, and what to do about it. Works with any Slack-compatible endpoint
 * (Mattermost, Rocket.Chat, Teams' Slack-compatible connectors).
 */
import { REDACTED } from '../../report/redact.js';
import { escapeControls } from '../../shared/escape-controls.js';
import type { DriftEvent } from '../watch-event.js';
import type { WatchSink } from '../watch-sink.js';
import { postJson, sinkUrl } from './post-json.js';
import { endpointName, sinkPayload } from './sink-payload.js';

/** Options of {@link slackSink}. @public */
export interface SlackSinkOptions {
  /** The incoming-webhook URL. */
  url: string | URL;
  /** Show secret values (default false: redacted). */
  revealSensitive?: boolean;
  /** The most changes listed in one message (default 10). */
  maxChanges?: number;
}

const TITLES: Record<DriftEvent['type'], string> = {
  'drift-opened': 'Drift detected',
  'drift-updated': 'Drift changed',
  'drift-resolved': 'Drift resolved',
};

const MAX_VALUE = 80;

/** Text safe inside a Slack message: no control characters, no markup, bounded. */
function slackText(text: string, max = 300): string {
  const plain = escapeControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  return plain.length > max ? `${plain.slice(0, max)}…` : plain;
}

function code(text: string, max?: number): string {
  return `\`${slackText(text, max).replace(/`/g, "'")}\``;
}

function shown(value: unknown): string {
  if (value === undefined) return '(none)';
  if (value === REDACTED) return REDACTED;
  return code(JSON.stringify(value) ?? typeof value, MAX_VALUE);
}

/** The Slack message for one drift event. @internal */
export function slackMessage(event: DriftEvent, maxChanges = 10): { text: string } {
  const lines: string[] = [];
  lines.push(
    `*${TITLES[event.type]}*: ${code(event.address)} (${slackText(event.resourceType)}) is ${slackText(event.status)}`,
  );
  if (event.actor) {
    const via = event.actor.userAgent ? ` via ${code(event.actor.userAgent, 60)}` : '';
    const from = event.actor.sourceIp ? ` from ${slackText(event.actor.sourceIp, 60)}` : '';
    const call = event.eventName ? ` (${code(event.eventName, 80)})` : '';
    lines.push(`*Who*: ${code(event.actor.principal)}${call}${via}${from}`);
  }
  const when =
    event.eventAt ?? (event.type === 'drift-resolved' ? event.lastSeen : event.firstSeen);
  lines.push(`*When*: ${slackText(when)}`);
  if (event.changes.length > 0) {
    lines.push('*What*:');
    for (const change of event.changes.slice(0, maxChanges)) {
      lines.push(
        `• ${code(change.path, 120)}: ${shown(change.expected)} → ${shown(change.actual)}`,
      );
    }
    if (event.changes.length > maxChanges) {
      lines.push(`• … and ${event.changes.length - maxChanges} more`);
    }
  }
  if (event.remediation && event.type !== 'drift-resolved') {
    const command = event.remediation.command ? `: ${code(event.remediation.command)}` : '';
    lines.push(`*Do*: ${slackText(event.remediation.summary)}${command}`);
  }
  return { text: lines.join('\n') };
}

/**
 * A sink that posts each drift event to a Slack incoming webhook as one message: what
 * drifted, who changed it (from the change event), when, the changes (secrets redacted) and
 * the remediation command.
 *
 * @example
 * ```ts
 * import { watchDrift, slackSink, snapshotProvider } from 'tfdrift';
 *
 * watchDrift({
 *   state: './terraform.tfstate',
 *   providers: [snapshotProvider({ file: './live.json' })],
 *   sinks: [slackSink({ url: process.env.SLACK_WEBHOOK_URL! })],
 * });
 * ```
 * @public
 */
export function slackSink(options: SlackSinkOptions): WatchSink {
  const url = sinkUrl(options?.url, 'slackSink');
  const reveal = options.revealSensitive === true;
  const max = options.maxChanges ?? 10;
  const sink = async (
    event: Parameters<WatchSink>[0],
    context: Parameters<WatchSink>[1],
  ): Promise<void> => {
    const body = JSON.stringify(slackMessage(sinkPayload(event, reveal), max));
    await postJson(url, body, {}, context.signal);
  };
  return Object.assign(sink, { sinkId: `slack:${endpointName(url)}` });
}
