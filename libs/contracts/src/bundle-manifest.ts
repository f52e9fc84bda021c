/**
 * The bundle manifest is OPA's `.manifest`, defined with the bundle reader/writer in
 * libs/rego; re-exported here so protocol users need only this library.
 */
export type { BundleManifest } from '@vigil/rego';
