/** Public API of the Rego toolchain. Code outside libs/rego imports only from here. */
export * from './diagnostics';
export type * from './syntax/ast';
export type * from './api';
export * from './syntax/parse';
export { checkProgram, type CheckProgramOptions } from './check/check';
export type { CheckedProgram, CheckedRule, CheckedQuery, RuleTreeNode, RuleKind } from './check/program';
export { compilePolicy, checkModules, defaultEntrypoints } from './compile';
export { inputReads, policyReadsInput, QUERY_ENTRYPOINT, type InputReads, type InputReadSite, type InputReadKind, type PolicyReadsInputOptions } from './analysis/input-reads';
export { RegoPolicy, RegoEvalError, type LoadOptions, type ResultSet, type DataPatch, type DataHeapStats } from './engine/policy';
export { runRegoTests, discoverTests, type RunTestsOptions } from './testing/run-tests';
export { bundleFiles, writeBundle, readBundle, bundleManifest, BundleFormatError, type BundleManifest, type BundleFiles } from './bundle/bundle';
export { buildCommand, evalCommand, testCommand, checkCommand, type Io } from './cli/commands';
export { loadPaths, LoadPathError } from './cli/load-paths';
