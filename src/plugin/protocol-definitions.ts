/**
 * The messages of Terraform's plugin protocol (`tfplugin5` and `tfplugin6`) that a drift read
 * uses, written from the protocol's documentation. Field names and numbers are the
 * protocol's; messages and fields tfdrift never sends or reads are left out (protobuf skips
 * unknown fields), so a newer plugin's extra fields are harmless.
 */

/** The RPC names that differ between the two major protocol versions. @internal */
export interface ProtocolRpcs {
  getSchema: string;
  validateConfig: string;
  configure: string;
  stop: string;
}

/** RPC names per major protocol version. @internal */
export const RPCS: Record<5 | 6, ProtocolRpcs> = {
  5: {
    getSchema: 'GetSchema',
    validateConfig: 'PrepareProviderConfig',
    configure: 'Configure',
    stop: 'Stop',
  },
  6: {
    getSchema: 'GetProviderSchema',
    validateConfig: 'ValidateProviderConfig',
    configure: 'ConfigureProvider',
    stop: 'StopProvider',
  },
};

/** The `.proto` text of the messages used, for one major version. @internal */
export function protocolDefinition(version: 5 | 6): string {
  const nestedType =
    version === 6
      ? `Object nested_type = 10;
        bool write_only = 11;`
      : `bool write_only = 10;`;
  const objectMessage =
    version === 6
      ? `message Object {
        enum NestingMode { INVALID = 0; SINGLE = 1; LIST = 2; SET = 3; MAP = 4; }
        repeated Attribute attributes = 1;
        NestingMode nesting = 3;
      }`
      : '';
  const validate =
    version === 6
      ? `message ValidateProviderConfig {
    message Request { DynamicValue config = 1; }
    message Response { repeated Diagnostic diagnostics = 2; }
  }`
      : `message PrepareProviderConfig {
    message Request { DynamicValue config = 1; }
    message Response { DynamicValue prepared_config = 1; repeated Diagnostic diagnostics = 2; }
  }`;
  const configure = version === 6 ? 'ConfigureProvider' : 'Configure';
  const stop = version === 6 ? 'StopProvider' : 'Stop';
  return `syntax = "proto3";
package tfplugin${version};

message DynamicValue { bytes msgpack = 1; bytes json = 2; }

message Diagnostic {
  enum Severity { INVALID = 0; ERROR = 1; WARNING = 2; }
  Severity severity = 1;
  string summary = 2;
  string detail = 3;
  AttributePath attribute = 4;
}

message AttributePath {
  message Step {
    oneof selector {
      string attribute_name = 1;
      string element_key_string = 2;
      int64 element_key_int = 3;
    }
  }
  repeated Step steps = 1;
}

message ${stop} {
  message Request {}
  message Response { string Error = 1; }
}

message RawState { bytes json = 1; map<string, string> flatmap = 2; }

message Schema {
  message Block {
    int64 version = 1;
    repeated Attribute attributes = 2;
    repeated NestedBlock block_types = 3;
    string description = 4;
    bool deprecated = 6;
  }
  message Attribute {
    string name = 1;
    bytes type = 2;
    string description = 3;
    bool required = 4;
    bool optional = 5;
    bool computed = 6;
    bool sensitive = 7;
    bool deprecated = 9;
    ${nestedType}
  }
  message NestedBlock {
    enum NestingMode { INVALID = 0; SINGLE = 1; LIST = 2; SET = 3; MAP = 4; GROUP = 5; }
    string type_name = 1;
    Block block = 2;
    NestingMode nesting = 3;
    int64 min_items = 4;
    int64 max_items = 5;
  }
  ${objectMessage}
  int64 version = 1;
  Block block = 2;
}

message ServerCapabilities {
  bool plan_destroy = 1;
  bool get_provider_schema_optional = 2;
  bool move_resource_state = 3;
}

message ClientCapabilities {
  bool deferral_allowed = 1;
  bool write_only_attributes_allowed = 2;
}

message Deferred { int32 reason = 1; }

message GetProviderSchema {
  message Request {}
  message Response {
    Schema provider = 1;
    map<string, Schema> resource_schemas = 2;
    map<string, Schema> data_source_schemas = 3;
    repeated Diagnostic diagnostics = 4;
    Schema provider_meta = 5;
    ServerCapabilities server_capabilities = 6;
    map<string, Schema> list_resource_schemas = 9;
  }
}

${validate}

message ${configure} {
  message Request {
    string terraform_version = 1;
    DynamicValue config = 2;
    ClientCapabilities client_capabilities = 3;
  }
  message Response { repeated Diagnostic diagnostics = 1; }
}

message UpgradeResourceState {
  message Request { string type_name = 1; int64 version = 2; RawState raw_state = 3; }
  message Response { DynamicValue upgraded_state = 1; repeated Diagnostic diagnostics = 2; }
}

message ReadResource {
  message Request {
    string type_name = 1;
    DynamicValue current_state = 2;
    bytes private = 3;
    DynamicValue provider_meta = 4;
    ClientCapabilities client_capabilities = 5;
  }
  message Response {
    DynamicValue new_state = 1;
    repeated Diagnostic diagnostics = 2;
    bytes private = 3;
    Deferred deferred = 4;
  }
}

message ResourceIdentityData { DynamicValue identity_data = 1; }

message ListResource {
  message Request {
    string type_name = 1;
    DynamicValue config = 2;
    bool include_resource_object = 3;
    int64 limit = 4;
  }
  message Event {
    ResourceIdentityData identity = 1;
    string display_name = 2;
    DynamicValue resource_object = 3;
    repeated Diagnostic diagnostic = 4;
  }
}
`;
}
