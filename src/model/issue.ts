import type { SourceRef } from './source.js';

/**
 * Every code an issue may carry: stable (SS011 fingerprints and `coverage.skipped` reasons name
 * them), camelCase, one per meaning — a new kind of problem gets a code here first.
 */
export type IssueCode =
  // Reading files and directories.
  | 'fileUnreadable' | 'invalidUtf8' | 'directoryTooDeep' | 'symlinkLoop'
  // Parsing a format.
  | 'jsonParseError' | 'yamlParseError' | 'hclParseError' | 'xmlParseError' | 'policyParseError' | 'duplicateJsonKey'
  | 'unsupportedFormatVersion' | 'snapshotInvalid'
  // A dump or template whose shape or name does not say what it holds.
  | 'malformedEntry' | 'malformedProperty' | 'unnamedDump' | 'truncatedInventory' | 'incompletePlan' | 'invalidParameterName'
  | 'plaintextValueInDump' | 'secretInEnvironment' | 'plaintextCredentialInConfiguration' | 'plaintextSecretInConfiguration'
  // Something that may grant or restrict access and is not read.
  | 'unsupportedResource' | 'unsupportedPolicyType' | 'terraformModuleNotLoaded' | 'nestedStackNotLoaded'
  | 'policyStatementNotUnderstood' | 'tooManyInstances'
  // A value the inputs cannot settle (symbolic unknowns and missing definitions).
  | 'unresolvedExpression' | 'generatedName' | 'unknownManagedPolicy' | 'undefinedPrincipal' | 'unknownResourceAccount'
  | 'unknownAccountPlacement' | 'unknownScpTargets' | 'executionRoleUnknown' | 'approleCredentialsUnknown'
  | 'kmsKeyPolicyMissing'
  // Vault inputs.
  | 'vaultPolicyInvalid' | 'vaultPolicyMissing' | 'conflictingVaultPolicy' | 'vaultRoleInvalid' | 'vaultRoleUnrecognized'
  | 'vaultNotConfigured'
  // Live reads (SDK and HTTP calls).
  | 'apiAccessDenied' | 'apiTimeout' | 'apiUnreachable' | 'apiThrottled' | 'apiNotFound' | 'apiError' | 'apiRegionUnknown';

/**
 * Something the scan could not read or understand. Issues never stop a scan; they become SS011
 * findings and entries in the report's `coverage`, and the reader sets they touch only grow.
 */
export interface Issue {
  code: IssueCode;
  message: string;
  source: SourceRef;
}
