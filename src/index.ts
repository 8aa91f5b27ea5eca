/**
 * tfdrift: detect infrastructure drift for Terraform. Parse state, read the live resources
 * through pluggable providers, and get the difference as typed RFC 6902 JSON Patch documents.
 *
 * @example
 * ```ts
 * import { detectDrift, snapshotProvider, formatReport } from 'tfdrift';
 *
 * const report = await detectDrift({
 *   state: './terraform.tfstate',
 *   providers: [snapshotProvider({ file: './live.json' })],
 * });
 * console.log(formatReport(report, 'text'));
 * ```
 * @packageDocumentation
 */

// Errors
export {
  TfdriftError,
  StateParseError,
  UnsupportedStateError,
  StateSourceError,
  ConfigParseError,
  ProviderConfigError,
  ProviderError,
  InvalidOptionError,
  ReportParseError,
  WatchStoreError,
  isTfdriftError,
} from './errors.js';
export type {
  TfdriftErrorCode,
  TfdriftErrorOptions,
  StateParseIssue,
  StateParseErrorOptions,
  UnsupportedStateErrorOptions,
  StateSourceErrorOptions,
  ConfigParseErrorOptions,
  ProviderConfigErrorOptions,
  ProviderErrorOptions,
  InvalidOptionErrorOptions,
  ReportParseErrorOptions,
  WatchStoreErrorOptions,
} from './errors.js';

// State
export type {
  TerraformState,
  ResourceInstance,
  OutputValue,
  CheckResult,
  StateFormat,
} from './model/state.js';
export { parseState } from './state/parse-state.js';
export type { ParseStateOptions } from './state/parse-state.js';
export { loadState } from './state/load-state.js';
export type { LoadStateOptions } from './state/load-state.js';
export type { HttpRetryOptions } from './state/sources/fetch-with-retry.js';
export type { S3SourceOptions } from './state/sources/s3-source.js';
export type { AwsCredentials, AwsCredentialIdentity } from './shared/aws-credentials.js';
export type { GcsSourceOptions } from './state/sources/gcs-source.js';
export type { TfcSourceOptions } from './state/sources/tfc-source.js';
export { parseAddress, formatAddress } from './state/address.js';
export type { AddressParts } from './state/address.js';

// Configuration
export { parseConfig } from './config/parse-config.js';
export type {
  TerraformConfig,
  ParseConfigOptions,
  BackendConfigInput,
  DeclaredResource,
  Expansion,
  BackendBlock,
  CloudBlock,
} from './config/parse-config.js';

// Diff
export { diff } from './diff/diff.js';
export { parseDriftignore } from './diff/ignore.js';
export type { IgnoreRule } from './diff/ignore.js';
export type { Operation, TypeRules, RuleSet, ScalarType } from './diff/types.js';
export { definePack } from './packs/define-pack.js';
export { compare } from './packs/compare.js';
export { builtinPacks } from './packs/builtin-packs.js';
export type {
  AtomCodec,
  Claim,
  Comparator,
  DerivedMap,
  OwnedParent,
  OwnershipRelation,
  Pack,
  DeleteCommand,
  PackAttributes,
  PackOwnership,
  PackRemovals,
  RuleRemovals,
  SharedAttribute,
} from './packs/types.js';

// Providers
export type {
  Provider,
  ProviderContext,
  ReadResult,
  ReadError,
  ProgressEvent,
  Logger,
  RateLimiter,
  AttributionTarget,
} from './providers/types.js';
export type { LiveResource } from './model/live-resource.js';
export { defineProvider } from './providers/define-provider.js';
export { snapshotProvider } from './providers/snapshot-provider.js';
export type { SnapshotProviderOptions } from './providers/snapshot-provider.js';
export { terraformProvider } from './providers/terraform-provider.js';
export type { TerraformProviderOptions } from './providers/terraform-provider.js';

// Detection
export { detectDrift } from './detect/detect-drift.js';
export type { DetectDriftOptions, StateInput } from './detect/detect-drift.js';
export type { RetryOptions } from './detect/retry.js';
export type { ShardOptions } from './detect/shard.js';
export { mergeReports } from './detect/merge-reports.js';

// Report
export type {
  DriftReport,
  ResourceReport,
  ResourceStatus,
  ResourceError,
  DriftSummary,
  StateReference,
  Alert,
  Remediation,
} from './model/report.js';
export type { Change } from './model/change.js';
export { parseReport, isDriftReport } from './report/parse-report.js';
export { suggestRemediation } from './report/remediation.js';
export type {
  RemediationAction,
  RemediationPolicy,
  SuggestRemediation,
} from './report/remediation.js';
export { formatReport, REPORT_FORMATS } from './report/format-report.js';
export { scanVerdict, FAIL_ON_STATUSES } from './report/verdict.js';
export type { FailOnStatus, ScanVerdict, ScanVerdictOptions } from './report/verdict.js';
export { escapeControls } from './shared/escape-controls.js';
export type { ReportFormat, FormatReportOptions, SourceLocation } from './report/format-report.js';

// Continuous detection
export { watchDrift } from './watch/watch-drift.js';
export type { WatchDriftOptions } from './watch/watch-drift.js';
export { isDriftEvent } from './watch/watch-event.js';
export type {
  WatchEvent,
  DriftEvent,
  ScanCompletedEvent,
  ScanFailedEvent,
  StateChangedEvent,
  SinkFailedEvent,
  WatchTrigger,
  WatchDriftStatus,
} from './watch/watch-event.js';
export type {
  ChangeEvent,
  ChangeSource,
  ChangeActor,
  ChangeEventResource,
} from './watch/change-event.js';
export { fileStore, DEFAULT_WATCH_STORE_FILE } from './watch/file-store.js';
export type { WatchStore, WatchStoreData, OpenDrift, OutboxEntry } from './watch/watch-store.js';
export type { WatchSink, SinkContext } from './watch/watch-sink.js';
export type { SinkRetryOptions } from './watch/outbox.js';
export { webhookSink, webhookSignature } from './watch/sinks/webhook-sink.js';
export type { WebhookSinkOptions } from './watch/sinks/webhook-sink.js';
export { slackSink } from './watch/sinks/slack-sink.js';
export type { SlackSinkOptions } from './watch/sinks/slack-sink.js';
