/**
 * The `sarif` format: SARIF 2.1.0 for GitHub code scanning. One rule per status kind; one
 * result per drifted attribute (and per missing, unknown, unsupported or unmanaged resource),
 * each with a fingerprint built from its rule, address and JSON Pointer only, so an alert keeps
 * its identity across runs while values change.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import type { FormatReportOptions, SourceLocation } from './format-report.js';
import { escapeControlsKeepingLines } from '../shared/escape-controls.js';
import { changeValue } from './redact.js';
import { renderValue } from './render-value.js';
import { locationLookup } from './source-locations.js';
import type { Change, DriftReport, Remediation, ResourceReport } from './types.js';

/** GitHub keeps at most this many results per run. */
const MAX_RESULTS = 25_000;

type RuleId = 'drifted' | 'missing' | 'unknown' | 'unsupported' | 'unmanaged';
type Level = 'error' | 'warning' | 'note';

const RULES: readonly {
  id: RuleId;
  name: string;
  level: Level;
  short: string;
  full: string;
}[] = [
  {
    id: 'drifted',
    name: 'DriftedAttribute',
    level: 'warning',
    short: 'A live attribute differs from Terraform state.',
    full: 'The live resource has an attribute value that differs from the value in Terraform state. Replace it from code (`terraform apply -replace=ADDRESS`, the default remediation), revert it in place (`terraform apply -target=ADDRESS`), or run `terraform apply -refresh-only` and update the code to accept the change. Each result names the exact command.',
  },
  {
    id: 'missing',
    name: 'MissingResource',
    level: 'error',
    short: 'A resource in Terraform state no longer exists.',
    full: 'The provider found evidence that the object recorded in Terraform state does not exist any more. The next `terraform apply` will create it again.',
  },
  {
    id: 'unknown',
    name: 'UnreadableResource',
    level: 'note',
    short: 'A resource could not be read.',
    full: 'The live side of the resource could not be read (permissions, throttling, timeout). Its drift status is unknown; it is not reported as missing.',
  },
  {
    id: 'unsupported',
    name: 'UnsupportedResource',
    level: 'note',
    short: 'No provider reads this resource type.',
    full: 'No configured tfdrift provider handles this resource type, so its drift was not checked.',
  },
  {
    id: 'unmanaged',
    name: 'UnmanagedResource',
    level: 'warning',
    short: 'A live resource is not managed by Terraform.',
    full: 'A live resource of a type the state manages exists but is in no scanned state. Import it with a Terraform `import` block or delete it.',
  },
];

const RULE_INDEX = new Map(RULES.map((r, i) => [r.id, i]));

/** A stable fingerprint of an alert's identity (never of its values). */
function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** A SARIF artifact URI: relative paths stay relative to the repository root. */
function artifactUri(file: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const posix = file.replace(/\\/g, '/').replace(/^\.\//, '');
  return { uri: posix.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** Whether a state source is a local file (not an `s3://`, `https://`, `tfc://`… URL). */
function isLocalPath(source: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(source) || /^[a-z]:[\\/]/i.test(source);
}

/** The SARIF `locations` of a result. */
function locations(
  address: string,
  declared: SourceLocation | undefined,
  fallbackFile: string | undefined,
): unknown[] {
  const logical = [{ fullyQualifiedName: address, kind: 'resource' }];
  const file = declared?.file ?? fallbackFile;
  if (file === undefined) return [{ logicalLocations: logical }];
  const region = declared?.line !== undefined ? { region: { startLine: declared.line } } : {};
  return [
    {
      physicalLocation: { artifactLocation: artifactUri(file), ...region },
      logicalLocations: logical,
    },
  ];
}

/** What a change did, in words, without any sensitive value. */
function describeChange(c: Change, reveal: boolean): string {
  if (c.sensitive && !reveal) return `${c.path} changed (sensitive value)`;
  const expected = renderValue(changeValue(c, 'expected', reveal));
  const actual = renderValue(changeValue(c, 'actual', reveal));
  if (c.op === 'add') return `${c.path} was added live: ${actual}`;
  if (c.op === 'remove') return `${c.path} was removed live (state: ${expected})`;
  return `${c.path} changed from ${expected} to ${actual}`;
}

/** The text of a non-drift result. */
function resourceMessage(r: ResourceReport): string {
  switch (r.status) {
    case 'missing':
      return `${r.address} is in Terraform state but was not found live${r.id === undefined ? '' : ` (id ${r.id})`}.`;
    case 'unknown':
      return `${r.address} could not be read${r.error === undefined ? '' : `: ${r.error.code}: ${r.error.message}`}.`;
    default:
      return `${r.address} (${r.type}) was not checked: no provider reads this type.`;
  }
}

interface ResultInput {
  ruleId: RuleId;
  message: string;
  key: string[];
  address: string;
  properties: Record<string, unknown>;
  fix?: Remediation | undefined;
}

/** Where a SARIF fix puts the import block of an unmanaged resource. */
const IMPORTS_FILE = 'imports.tf';

/** The remediation said in the result's message: `Fix: summary: command`. */
function withFix(message: string, fix: Remediation | undefined): string {
  if (fix === undefined) return message;
  return `${message} Fix: ${fix.summary}${fix.command === undefined ? '.' : `: ${fix.command}`}`;
}

/**
 * SARIF `fixes` for a remediation that adds code (an `import` block): an insertion at the top
 * of {@link IMPORTS_FILE} at the repository root. Remediations that are commands only have no
 * file change to describe; their command is in the message and in `properties.remediation`.
 */
function sarifFixes(fix: Remediation | undefined): unknown[] | undefined {
  if (fix?.code === undefined) return undefined;
  return [
    {
      description: { text: fix.summary },
      artifactChanges: [
        {
          artifactLocation: { uri: IMPORTS_FILE, uriBaseId: '%SRCROOT%' },
          replacements: [
            {
              deletedRegion: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
              insertedContent: { text: `${fix.code}\n\n` },
            },
          ],
        },
      ],
    },
  ];
}

/** The report as a SARIF 2.1.0 log. @internal */
export function formatSarif(report: DriftReport, options: FormatReportOptions): string {
  const reveal = options.revealSensitive === true;
  const lookup = locationLookup(options);
  const stateFile = report.states.map((s) => s.source).find(isLocalPath);
  const inputs: ResultInput[] = [];
  for (const r of report.resources) {
    const who = r.deposed === undefined ? r.address : `${r.address} (deposed ${r.deposed})`;
    // The state source keeps equal addresses of two workspaces apart in a merged report.
    const identity = [r.source ?? '', r.address, r.deposed ?? ''];
    const properties = { address: r.address, type: r.type, provider: r.provider, status: r.status };
    if (r.status === 'drifted') {
      for (const c of r.changes) {
        inputs.push({
          ruleId: 'drifted',
          message: withFix(`${who}: ${describeChange(c, reveal)}`, r.remediation),
          key: ['drifted', ...identity, c.path],
          address: r.address,
          properties: { ...properties, pointer: c.path, op: c.op },
          fix: r.remediation,
        });
      }
    } else if (r.status !== 'in-sync') {
      inputs.push({
        ruleId: r.status,
        message: withFix(resourceMessage(r), r.remediation),
        key: [r.status, ...identity],
        address: r.address,
        properties,
        fix: r.remediation,
      });
    }
  }
  for (const u of report.unmanaged) {
    inputs.push({
      ruleId: 'unmanaged',
      message: withFix(
        `Unmanaged ${u.type} ${u.id}${u.location === undefined ? '' : ` in ${u.location}`} is in no scanned state.`,
        u.remediation,
      ),
      key: ['unmanaged', u.type, u.id],
      address: `${u.type}.${u.id}`,
      properties: { type: u.type, id: u.id },
      fix: u.remediation,
    });
  }

  const kept = inputs.slice(0, MAX_RESULTS);
  const results = kept.map((input) => ({
    ruleId: input.ruleId,
    ruleIndex: RULE_INDEX.get(input.ruleId),
    level: RULES[RULE_INDEX.get(input.ruleId) ?? 0]?.level,
    message: { text: input.message },
    locations: locations(
      input.address,
      input.ruleId === 'unmanaged' ? undefined : lookup(input.address),
      input.ruleId === 'unmanaged' ? undefined : stateFile,
    ),
    partialFingerprints: { 'tfdriftAlert/v1': fingerprint(...input.key) },
    ...(input.fix === undefined ? {} : { fixes: sarifFixes(input.fix) }),
    properties:
      input.fix === undefined ? input.properties : { ...input.properties, remediation: input.fix },
  }));
  const notifications =
    inputs.length > kept.length
      ? [
          {
            level: 'warning',
            message: {
              text: `${inputs.length - kept.length} results left out: GitHub keeps at most ${MAX_RESULTS} per run.`,
            },
          },
        ]
      : [];

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tfdrift',
            informationUri: 'https://www.npmjs.com/package/tfdrift',
            ...(options.toolVersion === undefined
              ? {}
              : { version: options.toolVersion, semanticVersion: options.toolVersion }),
            rules: RULES.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.short },
              fullDescription: { text: rule.full },
              help: { text: rule.full },
              defaultConfiguration: { level: rule.level },
              properties: { tags: ['terraform', 'drift'] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: notifications,
          },
        ],
        results,
        properties: { summary: report.summary },
      },
    ],
  };
  return `${escapeControlsKeepingLines(JSON.stringify(log, null, 2))}\n`;
}
