/**
 * A fake IAM (query protocol) with roles, managed policies and attachments. Policy
 * documents go out URL-encoded, as IAM sends them.
 */
import { xml } from './fake-http.js';
import type { FakeServer } from './fake-http.js';
import { queryError, startQueryServer } from './query-server.js';

export interface FakeRole {
  name: string;
  permissionsBoundary?: string;
  path?: string;
  description?: string;
  maxSessionDuration?: number;
  assumeRolePolicy: string;
  tags?: Record<string, string>;
  attached: string[];
}

export interface FakePolicy {
  arn: string;
  name: string;
  path?: string;
  document: string;
  description?: string;
  tags?: Record<string, string>;
}

export interface IamModel {
  roles: Map<string, FakeRole>;
  policies: Map<string, FakePolicy>;
}

const tags = (t: Record<string, string> | undefined) =>
  Object.entries(t ?? {}).map(([Key, Value]) => ({ Key, Value }));
const noSuchEntity = (what: string) =>
  queryError(404, 'NoSuchEntity', `The ${what} cannot be found.`);

export async function startIamServer(
  model: IamModel = { roles: new Map(), policies: new Map() },
): Promise<FakeServer & { model: IamModel }> {
  const roleXml = (role: FakeRole) =>
    xml(
      {
        Path: role.path ?? '/',
        RoleName: role.name,
        RoleId: `AROA${role.name.toUpperCase()}`,
        Arn: `arn:aws:iam::123456789012:role${role.path ?? '/'}${role.name}`,
        CreateDate: '2024-01-01T00:00:00Z',
        AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicy),
        Description: role.description,
        MaxSessionDuration: role.maxSessionDuration ?? 3600,
        PermissionsBoundary:
          role.permissionsBoundary === undefined
            ? undefined
            : {
                PermissionsBoundaryType: 'Policy',
                PermissionsBoundaryArn: role.permissionsBoundary,
              },
        Tags: tags(role.tags),
      },
      'member',
    );
  const server = await startQueryServer('https://iam.amazonaws.com/doc/2010-05-08/', {
    GetRole: (p) => {
      const role = model.roles.get(p.get('RoleName') ?? '');
      return role === undefined
        ? noSuchEntity(`role with name ${p.get('RoleName')}`)
        : `<Role>${roleXml(role)}</Role>`;
    },
    ListRoles: () =>
      `<Roles>${[...model.roles.values()].map((r) => `<member>${roleXml(r)}</member>`).join('')}</Roles><IsTruncated>false</IsTruncated>`,
    GetPolicy: (p) => {
      const policy = model.policies.get(p.get('PolicyArn') ?? '');
      if (policy === undefined) return noSuchEntity(`policy ${p.get('PolicyArn')}`);
      return `<Policy>${xml({ PolicyName: policy.name, PolicyId: `ANPA${policy.name.toUpperCase()}`, Arn: policy.arn, Path: policy.path ?? '/', DefaultVersionId: 'v3', AttachmentCount: 1, IsAttachable: true, Description: policy.description, Tags: tags(policy.tags) }, 'member')}</Policy>`;
    },
    GetPolicyVersion: (p) => {
      const policy = model.policies.get(p.get('PolicyArn') ?? '');
      if (policy === undefined || p.get('VersionId') !== 'v3')
        return noSuchEntity('policy version');
      return `<PolicyVersion><Document>${encodeURIComponent(policy.document)}</Document><VersionId>v3</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>2024-01-01T00:00:00Z</CreateDate></PolicyVersion>`;
    },
    ListPolicies: () =>
      `<Policies>${xml(
        [...model.policies.values()].map((p) => ({
          PolicyName: p.name,
          Arn: p.arn,
          DefaultVersionId: 'v3',
        })),
        'member',
      )}</Policies><IsTruncated>false</IsTruncated>`,
    ListAttachedRolePolicies: (p) => {
      const role = model.roles.get(p.get('RoleName') ?? '');
      if (role === undefined) return noSuchEntity(`role with name ${p.get('RoleName')}`);
      return `<AttachedPolicies>${xml(
        role.attached.map((arn) => ({ PolicyArn: arn, PolicyName: arn.split('/').pop() })),
        'member',
      )}</AttachedPolicies><IsTruncated>false</IsTruncated>`;
    },
  });
  return Object.assign(server, { model });
}
