/**
 * `tfdrift/plugin`: reads live resources by driving Terraform provider binaries directly over
 * the plugin protocol (`tfplugin5`/`tfplugin6`), without Terraform. Its gRPC, protobuf and
 * msgpack dependencies are optional peer dependencies, loaded on first read.
 * @packageDocumentation
 */
export { pluginProvider } from './plugin/plugin-provider.js';
export type { PluginProviderOptions, PluginProvider } from './plugin/plugin-provider.js';
