/**
 * Normalization rules for common terraform-provider-azurerm resource types. Azure returns
 * locations and many enums in another spelling than configured (`West Europe` vs
 * `westeurope`), and ids with varying case.
 */
import { compare } from '../compare.js';
import type { RuleSet, TypeRules } from '../../diff/types.js';

/** A storage account's keys: secret, and rotated by Azure, so never compared. */
const STORAGE_ACCOUNT_KEYS = [
  '/primary_access_key',
  '/secondary_access_key',
  '/primary_connection_string',
  '/secondary_connection_string',
  '/primary_blob_connection_string',
  '/secondary_blob_connection_string',
];

/** What Linux and Windows virtual machines share: secrets Azure never returns, and IPs it assigns. */
const VIRTUAL_MACHINE: TypeRules = {
  sensitive: ['/admin_password', '/custom_data'],
  writeOnly: ['/admin_password', '/custom_data'],
  computed: [
    '/private_ip_address',
    '/private_ip_addresses',
    '/public_ip_address',
    '/public_ip_addresses',
    '/virtual_machine_id',
  ],
};

/** @internal */
export const azurermRules: RuleSet = {
  'azurerm_*': {
    compare: compare('azure-location', ['/location']),
  },
  azurerm_storage_account: {
    sensitive: STORAGE_ACCOUNT_KEYS,
    computed: [
      ...STORAGE_ACCOUNT_KEYS,
      '/primary_location',
      '/secondary_location',
      '/primary_blob_endpoint',
      '/primary_blob_host',
      '/secondary_blob_endpoint',
      '/secondary_blob_host',
      '/primary_dfs_endpoint',
      '/primary_dfs_host',
      '/primary_file_endpoint',
      '/primary_file_host',
      '/primary_queue_endpoint',
      '/primary_queue_host',
      '/primary_table_endpoint',
      '/primary_table_host',
      '/primary_web_endpoint',
      '/primary_web_host',
      '/secondary_dfs_endpoint',
      '/secondary_dfs_host',
      '/secondary_file_endpoint',
      '/secondary_file_host',
      '/secondary_queue_endpoint',
      '/secondary_queue_host',
      '/secondary_table_endpoint',
      '/secondary_table_host',
      '/secondary_web_endpoint',
      '/secondary_web_host',
    ],
    caseInsensitive: [
      '/account_tier',
      '/account_replication_type',
      '/account_kind',
      '/access_tier',
    ],
    sets: [
      '/network_rules/*/ip_rules',
      '/network_rules/*/virtual_network_subnet_ids',
      '/network_rules/*/bypass',
    ],
  },
  azurerm_virtual_network: {
    sets: ['/address_space', '/subnet'],
    compare: compare('cidr', ['/address_space/*', '/subnet/*/address_prefix', '/dns_servers/*']),
    computed: ['/guid'],
  },
  azurerm_subnet: {
    sets: ['/address_prefixes', '/service_endpoints'],
    compare: compare('cidr', ['/address_prefixes/*']),
  },
  azurerm_network_security_group: {
    sets: [
      '/security_rule',
      '/security_rule/*/source_address_prefixes',
      '/security_rule/*/destination_address_prefixes',
      '/security_rule/*/source_port_ranges',
      '/security_rule/*/destination_port_ranges',
    ],
    caseInsensitive: [
      '/security_rule/*/protocol',
      '/security_rule/*/access',
      '/security_rule/*/direction',
    ],
  },
  azurerm_network_security_rule: {
    sets: [
      '/source_address_prefixes',
      '/destination_address_prefixes',
      '/source_port_ranges',
      '/destination_port_ranges',
    ],
    caseInsensitive: ['/protocol', '/access', '/direction'],
  },
  azurerm_public_ip: {
    computed: ['/ip_address', '/fqdn'],
    caseInsensitive: ['/allocation_method', '/sku'],
    sets: ['/zones'],
  },
  azurerm_network_interface: {
    computed: [
      '/mac_address',
      '/private_ip_address',
      '/private_ip_addresses',
      '/virtual_machine_id',
      '/applied_dns_servers',
      '/internal_domain_name_suffix',
    ],
    caseInsensitive: ['/ip_configuration/*/private_ip_address_allocation'],
  },
  azurerm_linux_virtual_machine: {
    ...VIRTUAL_MACHINE,
    sets: ['/admin_ssh_key', '/network_interface_ids'],
  },
  azurerm_windows_virtual_machine: VIRTUAL_MACHINE,
  azurerm_key_vault: {
    sets: ['/access_policy', '/network_acls/*/ip_rules'],
    caseInsensitive: ['/sku_name'],
    computed: ['/vault_uri'],
  },
  azurerm_kubernetes_cluster: {
    sensitive: ['/kube_config', '/kube_admin_config', '/kube_config_raw', '/kube_admin_config_raw'],
    computed: [
      '/kube_config',
      '/kube_admin_config',
      '/kube_config_raw',
      '/kube_admin_config_raw',
      '/fqdn',
      '/private_fqdn',
      '/node_resource_group_id',
      '/oidc_issuer_url',
      '/current_kubernetes_version',
      '/portal_fqdn',
    ],
  },
  azurerm_dns_a_record: { sets: ['/records'], computed: ['/fqdn'] },
  azurerm_dns_ns_record: { sets: ['/records'], computed: ['/fqdn'] },
  azurerm_dns_cname_record: { trailingDot: ['/record'], computed: ['/fqdn'] },
};
