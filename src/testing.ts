/**
 * `tfdrift/testing`: the conformance suite every provider, built-in or third-party, passes.
 * @packageDocumentation
 */
export { checkProvider } from './testing/check-provider.js';
export type { ProviderFixtures } from './testing/check-provider.js';
export { makeInstance, makeState } from './testing/make-instance.js';
export type { MakeInstanceInput } from './testing/make-instance.js';
