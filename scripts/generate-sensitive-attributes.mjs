#!/usr/bin/env node
/**
 * Generates src/packs/schema-secrets.generated.ts: for every resource type, the JSON
 * Pointer globs of the attributes its provider schema marks `sensitive: true`. States written
 * by Terraform 1.7 and older often record `sensitive_attributes: []`, so these schema facts are
 * what protects their secrets.
 *
 * Usage:
 *   node scripts/generate-sensitive-attributes.mjs [schema.json ...]
 *
 * Each argument is the output of `terraform providers schema -json`. Without arguments, the
 * script runs `terraform init` and `terraform providers schema -json` in a temporary directory
 * for every provider found in a filesystem mirror (`TFDRIFT_PLUGIN_MIRROR`, default
 * `/opt/tf-plugins`), never reaching the network. Providers not in the mirror come from
 * KNOWN_SENSITIVE below, written from those providers' published schemas.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OUT = new URL('../src/packs/schema-secrets.generated.ts', import.meta.url);

/**
 * Sensitive attributes of providers whose binaries are not in the mirror, from their
 * schemas (`Sensitive: true`). `*` stands for any element of a list, set or map.
 */
const KNOWN_SENSITIVE = {
  // hashicorp/random
  random_password: ['/result', '/bcrypt_hash'],
  // hashicorp/tls
  tls_private_key: ['/private_key_pem', '/private_key_openssh', '/private_key_pem_pkcs8'],
  tls_self_signed_cert: ['/private_key_pem'],
  tls_cert_request: ['/private_key_pem'],
  tls_locally_signed_cert: ['/ca_private_key_pem'],
  // hashicorp/local
  local_sensitive_file: ['/content', '/content_base64'],
  // hashicorp/kubernetes
  kubernetes_secret: ['/data', '/binary_data'],
  kubernetes_secret_v1: ['/data', '/binary_data'],
  kubernetes_certificate_signing_request: ['/certificate'],
  kubernetes_service_account_token: ['/token'],
  // hashicorp/helm
  helm_release: ['/set_sensitive', '/repository_password', '/repository_key_file'],
  // integrations/github
  github_actions_secret: ['/plaintext_value', '/encrypted_value'],
  github_actions_environment_secret: ['/plaintext_value', '/encrypted_value'],
  github_actions_organization_secret: ['/plaintext_value', '/encrypted_value'],
  github_codespaces_secret: ['/plaintext_value', '/encrypted_value'],
  github_codespaces_organization_secret: ['/plaintext_value', '/encrypted_value'],
  github_dependabot_secret: ['/plaintext_value', '/encrypted_value'],
  github_dependabot_organization_secret: ['/plaintext_value', '/encrypted_value'],
  github_repository_webhook: ['/configuration/*/secret', '/configuration/*/url'],
  github_organization_webhook: ['/configuration/*/secret', '/configuration/*/url'],
  github_user_ssh_key: [],
  // hashicorp/vault
  vault_generic_secret: ['/data_json', '/data'],
  vault_kv_secret: ['/data_json', '/data'],
  vault_kv_secret_v2: ['/data_json', '/data'],
  vault_token: ['/client_token', '/wrapped_token', '/wrapping_accessor'],
  vault_approle_auth_backend_role_secret_id: ['/secret_id', '/wrapping_token'],
  vault_aws_secret_backend: ['/access_key', '/secret_key'],
  vault_database_secret_backend_connection: [
    '/*/*/password',
    '/*/*/private_key',
    '/*/*/connection_url',
  ],
  vault_transit_secret_backend_key: ['/keys'],
  // DataDog/datadog
  datadog_api_key: ['/key'],
  datadog_application_key: ['/key'],
  // cloudflare/cloudflare
  cloudflare_api_token: ['/value'],
  cloudflare_account_token: ['/value'],
  cloudflare_tunnel: ['/secret', '/tunnel_token'],
  cloudflare_zero_trust_tunnel_cloudflared: ['/secret', '/tunnel_secret', '/tunnel_token'],
  cloudflare_workers_secret: ['/secret_text', '/text'],
  cloudflare_worker_secret: ['/secret_text'],
  cloudflare_origin_ca_certificate: ['/csr'],
  cloudflare_access_service_token: ['/client_secret'],
  cloudflare_zero_trust_access_service_token: ['/client_secret'],
  // hashicorp/google
  google_service_account_key: ['/private_key'],
  google_sql_user: ['/password', '/password_wo'],
  google_sql_database_instance: ['/root_password', '/server_ca_cert/*/cert'],
  google_sql_ssl_cert: ['/private_key'],
  google_container_cluster: [
    '/master_auth/*/client_key',
    '/master_auth/*/password',
    '/master_auth/*/client_certificate',
  ],
  google_secret_manager_secret_version: ['/secret_data', '/secret_data_wo'],
  google_storage_hmac_key: ['/secret'],
  google_compute_instance: [
    '/boot_disk/*/disk_encryption_key_raw',
    '/attached_disk/*/disk_encryption_key_raw',
  ],
  google_compute_disk: [
    '/disk_encryption_key/*/raw_key',
    '/disk_encryption_key/*/rsa_encrypted_key',
  ],
  google_compute_vpn_tunnel: ['/shared_secret'],
  google_compute_ssl_certificate: ['/private_key'],
  google_apikeys_key: ['/key_string'],
  // hashicorp/azurerm
  azurerm_storage_account: [
    '/primary_access_key',
    '/secondary_access_key',
    '/primary_connection_string',
    '/secondary_connection_string',
    '/primary_blob_connection_string',
    '/secondary_blob_connection_string',
  ],
  azurerm_kubernetes_cluster: [
    '/kube_config',
    '/kube_config_raw',
    '/kube_admin_config',
    '/kube_admin_config_raw',
    '/windows_profile/*/admin_password',
    '/service_principal/*/client_secret',
  ],
  azurerm_key_vault_secret: ['/value', '/value_wo'],
  azurerm_key_vault_certificate: ['/certificate/*/contents', '/certificate/*/password'],
  azurerm_mssql_server: ['/administrator_login_password', '/administrator_login_password_wo'],
  azurerm_sql_server: ['/administrator_login_password'],
  azurerm_postgresql_server: ['/administrator_login_password'],
  azurerm_postgresql_flexible_server: ['/administrator_password', '/administrator_password_wo'],
  azurerm_mysql_flexible_server: ['/administrator_password', '/administrator_password_wo'],
  azurerm_linux_virtual_machine: ['/admin_password', '/custom_data'],
  azurerm_windows_virtual_machine: ['/admin_password', '/custom_data'],
  azurerm_virtual_machine: ['/os_profile/*/admin_password', '/os_profile/*/custom_data'],
  azurerm_linux_virtual_machine_scale_set: ['/admin_password', '/custom_data'],
  azurerm_windows_virtual_machine_scale_set: ['/admin_password', '/custom_data'],
  azurerm_application_insights: ['/instrumentation_key', '/connection_string'],
  azurerm_cosmosdb_account: [
    '/primary_key',
    '/secondary_key',
    '/primary_readonly_key',
    '/secondary_readonly_key',
    '/connection_strings',
    '/primary_sql_connection_string',
    '/secondary_sql_connection_string',
    '/primary_readonly_sql_connection_string',
    '/secondary_readonly_sql_connection_string',
    '/primary_mongodb_connection_string',
    '/secondary_mongodb_connection_string',
  ],
  azurerm_redis_cache: [
    '/primary_access_key',
    '/secondary_access_key',
    '/primary_connection_string',
    '/secondary_connection_string',
  ],
  azurerm_container_registry: ['/admin_password'],
  azurerm_servicebus_namespace: [
    '/default_primary_key',
    '/default_secondary_key',
    '/default_primary_connection_string',
    '/default_secondary_connection_string',
  ],
  azurerm_eventhub_namespace: [
    '/default_primary_key',
    '/default_secondary_key',
    '/default_primary_connection_string',
    '/default_secondary_connection_string',
  ],
  azurerm_linux_web_app: [
    '/app_settings',
    '/connection_string/*/value',
    '/site_credential',
    '/custom_domain_verification_id',
  ],
  azurerm_windows_web_app: ['/app_settings', '/connection_string/*/value', '/site_credential'],
  azurerm_linux_function_app: [
    '/app_settings',
    '/storage_account_access_key',
    '/connection_string/*/value',
    '/site_credential',
  ],
  azurerm_windows_function_app: [
    '/app_settings',
    '/storage_account_access_key',
    '/connection_string/*/value',
    '/site_credential',
  ],
  azurerm_app_service: ['/connection_string/*/value', '/site_credential', '/app_settings'],
  azurerm_function_app: [
    '/connection_string/*/value',
    '/site_credential',
    '/storage_account_access_key',
    '/app_settings',
  ],
  azurerm_service_principal_password: ['/value'],
  azurerm_virtual_network_gateway_connection: ['/shared_key'],
  azurerm_log_analytics_workspace: ['/primary_shared_key', '/secondary_shared_key'],
  azurerm_search_service: ['/primary_key', '/secondary_key', '/query_keys'],
  azurerm_cognitive_account: ['/primary_access_key', '/secondary_access_key'],
  azurerm_signalr_service: [
    '/primary_access_key',
    '/secondary_access_key',
    '/primary_connection_string',
    '/secondary_connection_string',
  ],
  azurerm_container_group: [
    '/container/*/secure_environment_variables',
    '/image_registry_credential/*/password',
  ],
  // hashicorp/azuread
  azuread_application_password: ['/value'],
  azuread_service_principal_password: ['/value'],
  azuread_user: ['/password'],
  // hashicorp/tfe
  tfe_team_token: ['/token'],
  tfe_organization_token: ['/token'],
  tfe_agent_token: ['/token'],
  tfe_variable: ['/value'],
  // databricks/databricks
  databricks_token: ['/token_value'],
  databricks_secret: ['/string_value'],
  databricks_mws_credentials: [],
  // hetznercloud/hcloud
  hcloud_server: ['/user_data'],
  // oracle/oci
  oci_identity_auth_token: ['/token'],
  oci_identity_customer_secret_key: ['/key'],
  oci_identity_smtp_credential: ['/password'],
  oci_identity_ui_password: ['/password'],
  oci_database_autonomous_database: ['/admin_password'],
  // yandex-cloud/yandex
  yandex_iam_service_account_static_access_key: ['/secret_key'],
  yandex_iam_service_account_key: ['/private_key'],
  yandex_iam_service_account_api_key: ['/secret_key'],
  yandex_kubernetes_cluster: [],
  // terraform-provider-openstack/openstack
  openstack_compute_instance_v2: ['/admin_pass'],
  openstack_identity_application_credential_v3: ['/secret'],
  openstack_identity_user_v3: ['/password'],
  openstack_objectstorage_tempurl_v1: [],
  // ciscodevnet/iosxr
  iosxr_username: ['/secret', '/password'],
  // aztfmod/azurecaf
  // cloudstack
  cloudstack_instance: ['/user_data'],
  // libvirt
  libvirt_cloudinit_disk: ['/user_data'],
  // hashicorp/null: nothing sensitive
};

function blockPaths(block, prefix, out) {
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const path = `${prefix}/${name}`;
    if (attr.sensitive) out.add(path);
    else if (attr.nested_type) nestedPaths(attr.nested_type, path, out);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const mode = nested.nesting_mode;
    const path =
      mode === 'single' || mode === 'group' ? `${prefix}/${name}` : `${prefix}/${name}/*`;
    blockPaths(nested.block, path, out);
  }
}

function nestedPaths(nested, prefix, out) {
  const mode = nested.nesting_mode;
  const path = mode === 'single' ? prefix : `${prefix}/*`;
  blockPaths({ attributes: nested.attributes }, path, out);
}

function fromSchema(json, into) {
  for (const provider of Object.values(json.provider_schemas ?? {})) {
    for (const [type, schema] of Object.entries(provider.resource_schemas ?? {})) {
      const paths = new Set();
      blockPaths(schema.block, '', paths);
      if (paths.size > 0) into.set(type, [...paths].sort());
    }
  }
}

function mirrorProviders(mirror) {
  const found = [];
  for (const host of readdirSync(mirror)) {
    for (const namespace of readdirSync(join(mirror, host))) {
      for (const type of readdirSync(join(mirror, host, namespace))) {
        for (const version of readdirSync(join(mirror, host, namespace, type))) {
          found.push({ source: `${host}/${namespace}/${type}`, name: type, version });
        }
      }
    }
  }
  return found;
}

function schemaFromMirror(mirror) {
  const dir = mkdtempSync(join(tmpdir(), 'tfdrift-schema-'));
  try {
    const providers = mirrorProviders(mirror);
    const cli = join(dir, 'cli.tfrc');
    writeFileSync(
      cli,
      `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`,
    );
    const required = providers
      .map((p) => `    ${p.name} = { source = "${p.source}", version = "${p.version}" }`)
      .join('\n');
    writeFileSync(
      join(dir, 'main.tf'),
      `terraform {\n  required_providers {\n${required}\n  }\n}\n`,
    );
    const env = { ...process.env, TF_CLI_CONFIG_FILE: cli, CHECKPOINT_DISABLE: '1' };
    execFileSync('terraform', ['init', '-input=false', '-no-color'], {
      cwd: dir,
      env,
      stdio: 'ignore',
    });
    const text = execFileSync('terraform', ['providers', 'schema', '-json'], {
      cwd: dir,
      env,
      maxBuffer: 1 << 30,
    });
    return { json: JSON.parse(text.toString('utf8')), providers };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const byType = new Map(Object.entries(KNOWN_SENSITIVE).filter(([, paths]) => paths.length > 0));
const origin = [];
const args = process.argv.slice(2);
if (args.length > 0) {
  for (const file of args) fromSchema(JSON.parse(readFileSync(file, 'utf8')), byType);
  origin.push(`the schema files ${args.map((f) => f.split('/').pop()).join(', ')}`);
} else {
  const mirror = process.env.TFDRIFT_PLUGIN_MIRROR ?? '/opt/tf-plugins';
  const { json, providers } = schemaFromMirror(mirror);
  fromSchema(json, byType);
  origin.push(
    `\`terraform providers schema -json\` of ${providers.map((p) => `${p.source} ${p.version}`).join(', ')}`,
  );
}

const types = [...byType.keys()].sort();
const lines = types.map(
  (type) =>
    `  ${type}: [${byType
      .get(type)
      .map((p) => JSON.stringify(p))
      .join(', ')}],`,
);
const text = `/**
 * GENERATED by scripts/generate-sensitive-attributes.mjs from ${origin.join(', ')}
 * and the script's list of other providers' \`Sensitive: true\` attributes. Do not edit by hand:
 * re-run the script.
 *
 * For each resource type, JSON Pointer globs (\`*\` = any list/set element or map key) of the
 * attributes the provider marks sensitive. ${types.length} types.
 */
/** @internal */
export const SCHEMA_SECRETS: Readonly<Record<string, readonly string[]>> = {
${lines.join('\n')}
};
`;
writeFileSync(OUT, text);
execFileSync(join('node_modules', '.bin', 'prettier'), ['--write', OUT.pathname], {
  cwd: new URL('..', import.meta.url).pathname,
  stdio: 'ignore',
});
console.log(`wrote ${types.length} types to ${OUT.pathname}`);
