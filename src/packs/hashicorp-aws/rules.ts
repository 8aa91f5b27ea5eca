/**
 * Normalization rules for common terraform-provider-aws resource types. Sources: the
 * provider's schema (which attributes are `TypeSet`, `Computed`-only, `Sensitive`, which use
 * `SuppressEquivalentPolicyDiffs`, `CIDRBlocksEqual`, case-insensitive suppressors) and the
 * attribute shapes of real states. Configuration-only arguments (`force_destroy`,
 * `skip_final_snapshot`…) are never returned by AWS and are listed as computed.
 */
import { mergeTypeRules } from '../../diff/compiled-rules.js';
import { compare } from '../compare.js';
import type { RuleSet, TypeRules } from '../../diff/types.js';

/** Security group rule blocks (`ingress`/`egress` of aws_security_group, aws_default_security_group). */
function securityGroupBlocks(...blocks: string[]): TypeRules {
  const at = (suffix: string): string[] => blocks.map((b) => `/${b}/*/${suffix}`);
  return {
    sets: [
      ...blocks.map((b) => `/${b}`),
      ...at('cidr_blocks'),
      ...at('ipv6_cidr_blocks'),
      ...at('prefix_list_ids'),
      ...at('security_groups'),
    ],
    compare: {
      ...compare('ip-protocol', at('protocol')),
      ...compare('cidr', [...at('cidr_blocks/*'), ...at('ipv6_cidr_blocks/*')]),
    },
    coerce: Object.fromEntries([...at('from_port'), ...at('to_port')].map((p) => [p, 'number'])),
  };
}

function merge(...parts: TypeRules[]): TypeRules {
  return mergeTypeRules(parts);
}

const ARN: TypeRules = { computed: ['/arn'] };

const securityGroup = merge(ARN, securityGroupBlocks('ingress', 'egress'), {
  computed: ['/owner_id', '/revoke_rules_on_delete', '/name_prefix'],
});

const securityGroupRule: TypeRules = {
  sets: ['/cidr_blocks', '/ipv6_cidr_blocks', '/prefix_list_ids'],
  compare: {
    ...compare('ip-protocol', ['/protocol']),
    ...compare('cidr', ['/cidr_blocks/*', '/ipv6_cidr_blocks/*']),
  },
  coerce: { '/from_port': 'number', '/to_port': 'number' },
  computed: ['/security_group_rule_id'],
};

const vpcSecurityGroupRule: TypeRules = merge(ARN, {
  compare: {
    ...compare('ip-protocol', ['/ip_protocol']),
    ...compare('cidr', ['/cidr_ipv4', '/cidr_ipv6']),
  },
  coerce: { '/from_port': 'number', '/to_port': 'number' },
  computed: ['/security_group_rule_id'],
});

const iamPolicyHolder: TypeRules = { compare: compare('iam-policy', ['/policy']) };

const lbListener: TypeRules = merge(ARN, {
  coerce: { '/port': 'number' },
  caseInsensitive: ['/protocol'],
});

/** @internal */
export const awsRules: RuleSet = {
  aws_instance: merge(ARN, {
    sets: [
      '/vpc_security_group_ids',
      '/security_groups',
      '/ebs_block_device',
      '/ephemeral_block_device',
      '/network_interface',
      '/ipv6_addresses',
      '/secondary_private_ips',
    ],
    computed: [
      '/instance_state',
      '/public_ip',
      '/public_dns',
      '/private_dns',
      '/primary_network_interface_id',
      '/outpost_arn',
      '/password_data',
      '/host_id',
      '/instance_lifecycle',
      '/spot_instance_request_id',
      '/root_block_device/*/volume_id',
      '/root_block_device/*/device_name',
      '/ebs_block_device/*/volume_id',
      '/user_data_replace_on_change',
      '/get_password_data',
      '/source_dest_check_override',
    ],
    compare: {
      ...compare('cidr', ['/private_ip', '/ipv6_addresses/*', '/secondary_private_ips/*']),
      ...compare('arn-name', ['/iam_instance_profile']),
    },
  }),
  aws_security_group: securityGroup,
  aws_default_security_group: securityGroup,
  aws_security_group_rule: securityGroupRule,
  aws_vpc_security_group_ingress_rule: vpcSecurityGroupRule,
  aws_vpc_security_group_egress_rule: vpcSecurityGroupRule,
  aws_network_acl: merge(ARN, {
    sets: ['/ingress', '/egress', '/subnet_ids'],
    compare: {
      ...compare('ip-protocol', ['/ingress/*/protocol', '/egress/*/protocol']),
      ...compare('cidr', [
        '/ingress/*/cidr_block',
        '/egress/*/cidr_block',
        '/ingress/*/ipv6_cidr_block',
        '/egress/*/ipv6_cidr_block',
      ]),
    },
    caseInsensitive: ['/ingress/*/action', '/egress/*/action'],
    computed: ['/owner_id'],
  }),
  aws_vpc: merge(ARN, {
    compare: compare('cidr', ['/cidr_block', '/ipv6_cidr_block']),
    computed: [
      '/default_network_acl_id',
      '/default_route_table_id',
      '/default_security_group_id',
      '/main_route_table_id',
      '/owner_id',
      '/dhcp_options_id',
      '/ipv6_association_id',
    ],
    defaults: { '/instance_tenancy': 'default', '/enable_dns_support': true },
  }),
  aws_subnet: merge(ARN, {
    compare: compare('cidr', ['/cidr_block', '/ipv6_cidr_block']),
    computed: ['/owner_id', '/ipv6_cidr_block_association_id'],
    defaults: { '/map_public_ip_on_launch': false, '/assign_ipv6_address_on_creation': false },
  }),
  aws_route_table: merge(ARN, {
    sets: ['/route', '/propagating_vgws'],
    compare: compare('cidr', ['/route/*/cidr_block', '/route/*/ipv6_cidr_block']),
    computed: ['/owner_id'],
  }),
  aws_route: {
    compare: compare('cidr', ['/destination_cidr_block', '/destination_ipv6_cidr_block']),
    computed: ['/instance_owner_id', '/origin', '/state'],
  },
  aws_internet_gateway: merge(ARN, { computed: ['/owner_id'] }),
  aws_nat_gateway: {
    computed: ['/network_interface_id', '/public_ip', '/association_id'],
    compare: compare('cidr', ['/private_ip', '/public_ip']),
  },
  aws_eip: merge(ARN, {
    computed: [
      '/allocation_id',
      '/association_id',
      '/carrier_ip',
      '/customer_owned_ip',
      '/private_dns',
      '/public_dns',
      '/ptr_record',
    ],
    compare: compare('cidr', ['/public_ip', '/private_ip']),
  }),
  aws_vpc_endpoint: merge(ARN, {
    sets: ['/route_table_ids', '/subnet_ids', '/security_group_ids'],
    compare: compare('iam-policy', ['/policy']),
    computed: [
      '/cidr_blocks',
      '/dns_entry',
      '/network_interface_ids',
      '/owner_id',
      '/prefix_list_id',
      '/requester_managed',
      '/state',
    ],
  }),
  aws_s3_bucket: merge(ARN, {
    compare: compare('iam-policy', ['/policy']),
    sets: [
      '/grant',
      '/grant/*/permissions',
      '/cors_rule/*/allowed_methods',
      '/cors_rule/*/allowed_origins',
    ],
    computed: [
      '/bucket_domain_name',
      '/bucket_regional_domain_name',
      '/hosted_zone_id',
      '/region',
      '/website_endpoint',
      '/website_domain',
      '/force_destroy',
      '/bucket_prefix',
      '/grant/*/id',
    ],
    defaults: { '/request_payer': 'BucketOwner', '/object_lock_enabled': false },
  }),
  aws_s3_bucket_policy: iamPolicyHolder,
  aws_s3_bucket_acl: { sets: ['/access_control_policy/*/grant'] },
  // `mfa` (device serial and a one-time code) is sent to S3 and never returned.
  aws_s3_bucket_versioning: { writeOnly: ['/mfa'] },
  aws_s3_bucket_server_side_encryption_configuration: { sets: ['/rule'] },
  aws_s3_bucket_public_access_block: { computed: ['/skip_destroy'] },
  aws_s3_bucket_lifecycle_configuration: { keyedLists: { '/rule': 'id' } },
  aws_s3_bucket_cors_configuration: {
    sets: [
      '/cors_rule',
      '/cors_rule/*/allowed_methods',
      '/cors_rule/*/allowed_origins',
      '/cors_rule/*/allowed_headers',
      '/cors_rule/*/expose_headers',
    ],
  },
  aws_s3_bucket_notification: {
    sets: [
      '/queue',
      '/topic',
      '/lambda_function',
      '/queue/*/events',
      '/topic/*/events',
      '/lambda_function/*/events',
    ],
  },
  aws_s3_object: {
    computed: [
      '/etag',
      '/version_id',
      '/source',
      '/source_hash',
      '/force_destroy',
      '/content_base64',
    ],
    caseInsensitive: ['/content_type'],
  },
  aws_iam_role: merge(ARN, {
    compare: compare('iam-policy', ['/assume_role_policy', '/inline_policy/*/policy']),
    sets: ['/managed_policy_arns', '/inline_policy'],
    computed: [
      '/create_date',
      '/unique_id',
      '/role_last_used',
      '/force_detach_policies',
      '/name_prefix',
    ],
    defaults: { '/max_session_duration': 3600, '/path': '/' },
  }),
  aws_iam_policy: merge(ARN, {
    compare: compare('iam-policy', ['/policy']),
    computed: ['/policy_id', '/attachment_count', '/name_prefix'],
    defaults: { '/path': '/' },
  }),
  aws_iam_role_policy: iamPolicyHolder,
  aws_iam_user_policy: iamPolicyHolder,
  aws_iam_group_policy: iamPolicyHolder,
  aws_iam_policy_attachment: { sets: ['/users', '/roles', '/groups'] },
  aws_iam_user: merge(ARN, {
    computed: ['/unique_id', '/force_destroy'],
    defaults: { '/path': '/' },
  }),
  aws_iam_instance_profile: merge(ARN, {
    computed: ['/create_date', '/unique_id'],
    defaults: { '/path': '/' },
  }),
  aws_iam_access_key: {
    sensitive: [
      '/secret',
      '/ses_smtp_password_v4',
      '/encrypted_secret',
      '/encrypted_ses_smtp_password_v4',
    ],
    writeOnly: [
      '/secret',
      '/ses_smtp_password_v4',
      '/encrypted_secret',
      '/encrypted_ses_smtp_password_v4',
      '/pgp_key',
    ],
    computed: ['/create_date', '/key_fingerprint'],
  },
  aws_db_instance: merge(ARN, {
    sets: ['/vpc_security_group_ids', '/enabled_cloudwatch_logs_exports'],
    sensitive: ['/password'],
    writeOnly: ['/password'],
    coerce: { '/port': 'number', '/allocated_storage': 'number' },
    caseInsensitive: ['/engine', '/storage_type', '/license_model'],
    computed: [
      '/address',
      '/endpoint',
      '/hosted_zone_id',
      '/latest_restorable_time',
      '/resource_id',
      '/status',
      '/replicas',
      '/engine_version_actual',
      '/listener_endpoint',
      '/master_user_secret',
      '/apply_immediately',
      '/skip_final_snapshot',
      '/final_snapshot_identifier',
      '/delete_automated_backups',
      '/identifier_prefix',
    ],
  }),
  aws_db_subnet_group: merge(ARN, {
    sets: ['/subnet_ids', '/supported_network_types'],
    computed: ['/vpc_id', '/name_prefix'],
  }),
  aws_rds_cluster: merge(ARN, {
    sets: [
      '/vpc_security_group_ids',
      '/availability_zones',
      '/enabled_cloudwatch_logs_exports',
      '/iam_roles',
      '/cluster_members',
    ],
    sensitive: ['/master_password'],
    writeOnly: ['/master_password'],
    computed: [
      '/endpoint',
      '/reader_endpoint',
      '/hosted_zone_id',
      '/cluster_resource_id',
      '/apply_immediately',
      '/skip_final_snapshot',
      '/final_snapshot_identifier',
      '/cluster_members',
    ],
  }),
  aws_lambda_function: merge(ARN, {
    sets: ['/vpc_config/*/subnet_ids', '/vpc_config/*/security_group_ids'],
    computed: [
      '/invoke_arn',
      '/last_modified',
      '/qualified_arn',
      '/qualified_invoke_arn',
      '/version',
      '/source_code_size',
      '/signing_job_arn',
      '/signing_profile_version_arn',
      '/filename',
      '/publish',
      '/s3_key',
      '/s3_bucket',
      '/s3_object_version',
      '/source_code_hash',
      '/vpc_config/*/vpc_id',
      '/skip_destroy',
      '/replace_security_groups_on_destroy',
      '/replacement_security_group_ids',
    ],
    defaults: {
      '/memory_size': 128,
      '/timeout': 3,
      '/package_type': 'Zip',
      '/reserved_concurrent_executions': -1,
    },
  }),
  aws_dynamodb_table: merge(ARN, {
    sets: [
      '/attribute',
      '/global_secondary_index',
      '/local_secondary_index',
      '/global_secondary_index/*/non_key_attributes',
      '/replica',
    ],
    computed: ['/stream_arn', '/stream_label'],
    defaults: { '/billing_mode': 'PROVISIONED' },
  }),
  aws_route53_record: {
    sets: ['/records', '/alias'],
    trailingDot: ['/name', '/alias/*/name', '/fqdn'],
    caseInsensitive: ['/name', '/alias/*/name', '/fqdn'],
    coerce: { '/ttl': 'number' },
    computed: ['/allow_overwrite', '/fqdn'],
  },
  aws_route53_zone: merge(ARN, {
    trailingDot: ['/name'],
    caseInsensitive: ['/name'],
    computed: ['/name_servers', '/zone_id', '/primary_name_server', '/force_destroy'],
    sets: ['/vpc'],
  }),
  aws_ecs_cluster: merge(ARN, {
    sets: ['/setting', '/capacity_providers', '/default_capacity_provider_strategy'],
  }),
  aws_ecs_service: {
    sets: [
      '/load_balancer',
      '/capacity_provider_strategy',
      '/network_configuration/*/subnets',
      '/network_configuration/*/security_groups',
      '/placement_constraints',
      '/service_registries',
    ],
    caseInsensitive: ['/ordered_placement_strategy/*/field'],
    compare: compare('arn-name', ['/cluster', '/iam_role']),
    computed: ['/force_new_deployment', '/wait_for_steady_state', '/triggers', '/force_delete'],
  },
  aws_ecs_task_definition: merge(ARN, {
    json: ['/container_definitions'],
    sets: ['/requires_compatibilities', '/volume', '/placement_constraints'],
    computed: ['/revision', '/arn_without_revision', '/skip_destroy'],
    coerce: { '/cpu': 'number', '/memory': 'number' },
  }),
  aws_lb: merge(ARN, {
    sets: ['/subnets', '/security_groups', '/subnet_mapping'],
    computed: ['/arn_suffix', '/dns_name', '/zone_id', '/vpc_id', '/name_prefix'],
    caseInsensitive: ['/load_balancer_type'],
  }),
  aws_lb_target_group: merge(ARN, {
    computed: ['/arn_suffix', '/load_balancer_arns', '/name_prefix'],
    coerce: {
      '/port': 'number',
      '/deregistration_delay': 'number',
      '/health_check/*/port': 'string',
    },
    caseInsensitive: ['/protocol', '/health_check/*/protocol'],
  }),
  aws_lb_listener: lbListener,
  aws_alb_listener: lbListener,
  aws_lb_listener_rule: merge(ARN, {
    sets: [
      '/condition',
      '/condition/*/host_header/*/values',
      '/condition/*/path_pattern/*/values',
      '/condition/*/http_request_method/*/values',
      '/condition/*/source_ip/*/values',
    ],
    coerce: { '/priority': 'number' },
  }),
  aws_lb_target_group_attachment: { coerce: { '/port': 'number' } },
  aws_autoscaling_group: merge(ARN, {
    sets: [
      '/vpc_zone_identifier',
      '/load_balancers',
      '/target_group_arns',
      '/availability_zones',
      '/tag',
      '/enabled_metrics',
      '/suspended_processes',
    ],
    computed: [
      '/desired_capacity',
      '/predicted_capacity',
      '/force_delete',
      '/force_delete_warm_pool',
      '/wait_for_capacity_timeout',
      '/wait_for_elb_capacity',
      '/min_elb_capacity',
      '/ignore_failed_scaling_activities',
      '/name_prefix',
    ],
  }),
  aws_launch_template: merge(ARN, {
    sets: ['/vpc_security_group_ids', '/security_group_names'],
    computed: ['/latest_version', '/default_version', '/name_prefix'],
  }),
  aws_cloudwatch_log_group: merge(ARN, {
    computed: ['/skip_destroy', '/name_prefix'],
    defaults: { '/retention_in_days': 0 },
  }),
  aws_kms_key: merge(ARN, {
    compare: compare('iam-policy', ['/policy']),
    computed: ['/key_id', '/deletion_window_in_days', '/bypass_policy_lockout_safety_check'],
  }),
  aws_sqs_queue: merge(ARN, {
    compare: compare('iam-policy', ['/policy']),
    json: ['/redrive_policy', '/redrive_allow_policy'],
    computed: ['/url', '/name_prefix'],
  }),
  aws_sqs_queue_policy: iamPolicyHolder,
  aws_sns_topic: merge(ARN, {
    compare: compare('iam-policy', ['/policy']),
    json: ['/delivery_policy'],
    computed: ['/owner', '/beginning_archive_time', '/name_prefix'],
  }),
  aws_sns_topic_policy: iamPolicyHolder,
  aws_ecr_repository: merge(ARN, {
    computed: ['/registry_id', '/repository_url', '/force_delete'],
  }),
  aws_ecr_repository_policy: iamPolicyHolder,
  aws_ecr_lifecycle_policy: { json: ['/policy'], computed: ['/registry_id'] },
  aws_secretsmanager_secret: merge(ARN, {
    compare: compare('iam-policy', ['/policy']),
    computed: ['/recovery_window_in_days', '/force_overwrite_replica_secret', '/name_prefix'],
  }),
  aws_secretsmanager_secret_version: {
    sensitive: ['/secret_string', '/secret_binary'],
    computed: ['/version_id', '/arn'],
    sets: ['/version_stages'],
  },
  aws_ssm_parameter: merge(ARN, {
    sensitive: ['/value', '/insecure_value'],
    computed: ['/version', '/overwrite'],
  }),
  aws_eks_cluster: merge(ARN, {
    sets: [
      '/vpc_config/*/subnet_ids',
      '/vpc_config/*/security_group_ids',
      '/vpc_config/*/public_access_cidrs',
      '/enabled_cluster_log_types',
    ],
    compare: compare('cidr', [
      '/vpc_config/*/public_access_cidrs/*',
      '/kubernetes_network_config/*/service_ipv4_cidr',
    ]),
    computed: [
      '/endpoint',
      '/certificate_authority',
      '/identity',
      '/platform_version',
      '/status',
      '/created_at',
      '/cluster_id',
      '/vpc_config/*/cluster_security_group_id',
      '/vpc_config/*/vpc_id',
    ],
  }),
  aws_eks_node_group: merge(ARN, {
    sets: ['/subnet_ids', '/instance_types'],
    computed: ['/resources', '/status', '/scaling_config/*/desired_size'],
  }),
  aws_cloudfront_distribution: merge(ARN, {
    sets: [
      '/aliases',
      '/origin',
      '/ordered_cache_behavior/*/allowed_methods',
      '/ordered_cache_behavior/*/cached_methods',
      '/default_cache_behavior/*/allowed_methods',
      '/default_cache_behavior/*/cached_methods',
      '/custom_error_response',
    ],
    computed: [
      '/caller_reference',
      '/domain_name',
      '/etag',
      '/hosted_zone_id',
      '/in_progress_validation_batches',
      '/last_modified_time',
      '/status',
      '/trusted_key_groups',
      '/trusted_signers',
      '/wait_for_deployment',
      '/retain_on_delete',
    ],
  }),
  aws_api_gateway_rest_api: merge(ARN, {
    compare: compare('iam-policy', ['/policy']),
    computed: ['/created_date', '/execution_arn', '/root_resource_id'],
  }),
};
