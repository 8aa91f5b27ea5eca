/**
 * Normalization rules for common terraform-provider-google resource types. Self links and
 * fingerprints are computed. Labels are compared through `effective_labels`, which holds
 * the labels added outside Terraform (see diff-resource.ts), like AWS `tags_all`.
 */
import { compare } from '../compare.js';
import type { RuleSet } from '../../diff/types.js';

/** @internal */
export const googleRules: RuleSet = {
  'google_*': {
    computed: ['/self_link', '/creation_timestamp', '/fingerprint', '/label_fingerprint'],
  },
  google_compute_instance: {
    sets: ['/tags', '/service_account/*/scopes', '/resource_policies'],
    computed: [
      '/cpu_platform',
      '/current_status',
      '/instance_id',
      '/metadata_fingerprint',
      '/tags_fingerprint',
      '/network_interface/*/name',
      '/network_interface/*/network_ip',
      '/network_interface/*/access_config/*/nat_ip',
      '/boot_disk/*/source',
      '/allow_stopping_for_update',
      '/desired_status',
    ],
    compare: compare('cidr', ['/network_interface/*/network_ip']),
  },
  google_compute_network: {
    computed: ['/gateway_ipv4', '/numeric_id', '/delete_default_routes_on_create'],
    caseInsensitive: ['/routing_mode'],
  },
  google_compute_subnetwork: {
    compare: compare('cidr', [
      '/ip_cidr_range',
      '/secondary_ip_range/*/ip_cidr_range',
      '/gateway_address',
    ]),
    sets: ['/secondary_ip_range'],
    computed: [
      '/gateway_address',
      '/ipv6_cidr_range',
      '/external_ipv6_prefix',
      '/internal_ipv6_prefix',
    ],
  },
  google_compute_firewall: {
    sets: [
      '/allow',
      '/deny',
      '/allow/*/ports',
      '/deny/*/ports',
      '/source_ranges',
      '/destination_ranges',
      '/source_tags',
      '/target_tags',
      '/source_service_accounts',
      '/target_service_accounts',
    ],
    caseInsensitive: ['/allow/*/protocol', '/deny/*/protocol', '/direction'],
    compare: {
      ...compare('ip-protocol', ['/allow/*/protocol', '/deny/*/protocol']),
      ...compare('cidr', ['/source_ranges/*', '/destination_ranges/*']),
    },
    defaults: { '/priority': 1000, '/direction': 'INGRESS' },
  },
  google_storage_bucket: {
    sets: ['/cors', '/cors/*/origin', '/cors/*/method', '/lifecycle_rule'],
    caseInsensitive: ['/location', '/storage_class'],
    computed: ['/url', '/project_number', '/force_destroy'],
    defaults: { '/storage_class': 'STANDARD' },
  },
  google_storage_bucket_iam_member: { computed: ['/etag'] },
  google_storage_bucket_iam_binding: { sets: ['/members'], computed: ['/etag'] },
  google_project_iam_member: { computed: ['/etag'] },
  google_project_iam_binding: { sets: ['/members'], computed: ['/etag'] },
  google_project_iam_policy: { json: ['/policy_data'], computed: ['/etag'] },
  google_service_account: { computed: ['/email', '/member', '/unique_id', '/name'] },
  google_service_account_key: {
    sensitive: ['/private_key'],
    writeOnly: ['/private_key'],
    computed: ['/public_key', '/valid_after', '/valid_before'],
  },
  google_project_service: { computed: ['/disable_on_destroy', '/disable_dependent_services'] },
  google_sql_database_instance: {
    sensitive: ['/root_password'],
    writeOnly: ['/root_password'],
    sets: ['/settings/*/ip_configuration/*/authorized_networks', '/settings/*/database_flags'],
    computed: [
      '/connection_name',
      '/first_ip_address',
      '/ip_address',
      '/private_ip_address',
      '/public_ip_address',
      '/server_ca_cert',
      '/service_account_email_address',
      '/deletion_protection',
      '/dns_name',
      '/psc_service_attachment_link',
    ],
  },
  google_container_cluster: {
    computed: [
      '/endpoint',
      '/master_version',
      '/services_ipv4_cidr',
      '/tpu_ipv4_cidr_block',
      '/label_fingerprint',
      '/operation',
      '/master_auth/*/cluster_ca_certificate',
      '/remove_default_node_pool',
      '/initial_node_count',
    ],
    sensitive: ['/master_auth/*/client_key', '/master_auth/*/client_certificate'],
  },
};
