/**
 * IAM (a global service: read through `us-east-1`): `aws_iam_role`, `aws_iam_policy` and
 * `aws_iam_role_policy_attachment`. IAM returns policy documents URL-encoded (RFC 3986);
 * they are decoded here and compared semantically by the diff.
 */
import type {
  AttachedPolicy,
  GetPolicyCommandOutput,
  GetPolicyVersionCommandOutput,
  GetRoleCommandOutput,
  ListAttachedRolePoliciesCommandOutput,
  ListPoliciesCommandOutput,
  ListRolesCommandOutput,
} from '@aws-sdk/client-iam';
import type { ResourceInstance } from '../../model/state.js';
import type { ReadResult } from '../types.js';
import { toReadError } from './errors.js';
import type { AwsEnv, ResourceHandler } from './resource-handler.js';
import {
  failedWith,
  instanceId,
  missingIdError,
  missingIdResult,
  readEach,
} from './resource-handler.js';
import { tagMap } from './tags.js';
import { paginate } from './paginate.js';

/**
 * Decodes an IAM policy document; a document that is not URL-encoded is returned as is.
 * @internal
 */
function decodePolicyDocument(document: string | undefined): string {
  if (document === undefined) return '';
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}

const NO_ENTITY = ['NoSuchEntity', 'NoSuchEntityException'];

/** Follows IAM's `Marker`/`IsTruncated` pagination (bounded). */
async function* pages<T extends { IsTruncated?: boolean; Marker?: string }>(
  env: AwsEnv,
  operation: string,
  input: Record<string, unknown>,
): AsyncIterable<T> {
  yield* paginate(
    `iam:${operation}`,
    (marker) =>
      env.call<T>('iam', operation, {
        ...input,
        MaxItems: 1000,
        ...(marker === undefined ? {} : { Marker: marker }),
      }),
    (out) => (out.IsTruncated === true ? out.Marker : undefined),
  );
}

const ROLE_READS = [
  'name',
  'arn',
  'path',
  'description',
  'max_session_duration',
  'assume_role_policy',
  'permissions_boundary',
  'unique_id',
  'tags_all',
];

/**
 * `aws_iam_role`: GetRole. `managed_policy_arns` is not read: state keeps it empty when the
 * policies are attached by `aws_iam_role_policy_attachment` resources (seen in real states),
 * so comparing it would report those attachments as drift.
 * @internal
 */
export const iamRoleHandler: ResourceHandler = {
  type: 'aws_iam_role',
  service: 'iam',
  global: true,
  reads: ROLE_READS,
  notFoundCodes: NO_ENTITY,
  read: (instances, env) =>
    readEach(instances, iamRoleHandler, async (instance) => {
      const name = instanceId(instance, 'name');
      if (name === undefined) throw missingIdError(instance, 'role name');
      const { Role: role } = await env.call<GetRoleCommandOutput>('iam', 'GetRole', {
        RoleName: name,
      });
      if (role === undefined) return undefined;
      return {
        id: role.RoleName,
        name: role.RoleName,
        arn: role.Arn,
        path: role.Path ?? '/',
        description: role.Description ?? '',
        max_session_duration: role.MaxSessionDuration ?? 3600,
        assume_role_policy: decodePolicyDocument(role.AssumeRolePolicyDocument),
        permissions_boundary: role.PermissionsBoundary?.PermissionsBoundaryArn ?? '',
        unique_id: role.RoleId,
        tags_all: tagMap(role.Tags),
      };
    }),
  async *list(env) {
    for await (const page of pages<ListRolesCommandOutput>(env, 'ListRoles', {})) {
      for (const role of page.Roles ?? []) {
        // Service-linked roles belong to AWS services, not to anyone's configuration.
        if (role.RoleName === undefined || (role.Path ?? '').startsWith('/aws-service-role/'))
          continue;
        yield { type: 'aws_iam_role', id: role.RoleName, name: role.RoleName, location: 'global' };
      }
    }
  },
};

const POLICY_READS = ['name', 'arn', 'path', 'description', 'policy', 'policy_id', 'tags_all'];

/** `aws_iam_policy` (id = ARN): GetPolicy, then the default version's document. @internal */
export const iamPolicyHandler: ResourceHandler = {
  type: 'aws_iam_policy',
  service: 'iam',
  global: true,
  reads: POLICY_READS,
  notFoundCodes: NO_ENTITY,
  read: (instances, env) =>
    readEach(instances, iamPolicyHandler, async (instance) => {
      const arn = instanceId(instance, 'arn');
      if (arn === undefined) throw missingIdError(instance, 'policy ARN');
      const { Policy: policy } = await env.call<GetPolicyCommandOutput>('iam', 'GetPolicy', {
        PolicyArn: arn,
      });
      if (policy === undefined) return undefined;
      const version = await env.call<GetPolicyVersionCommandOutput>('iam', 'GetPolicyVersion', {
        PolicyArn: arn,
        VersionId: policy.DefaultVersionId,
      });
      return {
        id: policy.Arn,
        name: policy.PolicyName,
        arn: policy.Arn,
        path: policy.Path ?? '/',
        description: policy.Description ?? '',
        policy: decodePolicyDocument(version.PolicyVersion?.Document),
        policy_id: policy.PolicyId,
        tags_all: tagMap(policy.Tags),
      };
    }),
  async *list(env) {
    for await (const page of pages<ListPoliciesCommandOutput>(env, 'ListPolicies', {
      Scope: 'Local',
    })) {
      for (const policy of page.Policies ?? []) {
        if (policy.Arn === undefined) continue;
        yield {
          type: 'aws_iam_policy',
          id: policy.Arn,
          ...(policy.PolicyName === undefined ? {} : { name: policy.PolicyName }),
          location: 'global',
        };
      }
    }
  },
};

const ATTACHMENT_READS = ['role', 'policy_arn'];

/** Every policy attached to a role, or `undefined` when the role does not exist. */
async function attachedPolicies(env: AwsEnv, role: string): Promise<AttachedPolicy[] | undefined> {
  const attached: AttachedPolicy[] = [];
  try {
    for await (const page of pages<ListAttachedRolePoliciesCommandOutput>(
      env,
      'ListAttachedRolePolicies',
      { RoleName: role },
    )) {
      attached.push(...(page.AttachedPolicies ?? []));
    }
  } catch (error) {
    if (failedWith(error, NO_ENTITY)) return undefined;
    throw error;
  }
  return attached;
}

/** `aws_iam_role_policy_attachment`: one ListAttachedRolePolicies per role, a membership test per attachment. @internal */
export const iamRolePolicyAttachmentHandler: ResourceHandler = {
  type: 'aws_iam_role_policy_attachment',
  service: 'iam',
  global: true,
  reads: ATTACHMENT_READS,
  notFoundCodes: NO_ENTITY,
  async read(instances, env) {
    const roleOf = (i: ResourceInstance): string | undefined =>
      typeof i.attributes.role === 'string' && i.attributes.role !== ''
        ? i.attributes.role
        : undefined;
    const byRole = new Map<string, ResourceInstance[]>();
    const results: ReadResult[] = [];
    for (const instance of instances) {
      const role = roleOf(instance);
      if (role === undefined || typeof instance.attributes.policy_arn !== 'string') {
        results.push(missingIdResult(instance));
        continue;
      }
      byRole.set(role, [...(byRole.get(role) ?? []), instance]);
    }
    await Promise.all(
      [...byRole].map(async ([role, group]) => {
        try {
          const attached = await attachedPolicies(env, role);
          for (const instance of group) {
            const policyArn = instance.attributes.policy_arn;
            const present = attached?.some((p) => p.PolicyArn === policyArn) ?? false;
            results.push(
              present
                ? {
                    address: instance.address,
                    status: 'found',
                    attributes: { id: instance.attributes.id, role, policy_arn: policyArn },
                    read: ATTACHMENT_READS,
                  }
                : { address: instance.address, status: 'not-found' },
            );
          }
        } catch (error) {
          for (const instance of group)
            results.push({ address: instance.address, status: 'error', error: toReadError(error) });
        }
      }),
    );
    return results;
  },
};
