import type { Issue } from '../../../model/issue.js';
import { duplicateKeyIssues } from '../json/parse-json-with-positions.js';
import type { JsonObject, JsonValue } from '../../../model/source.js';
import type { FileLoadResult, LoadContext } from '../file-loader.js';
import { joinPointer } from '../json/parse-json-with-positions.js';
import { isKnownMap, isUnknown, NO_VALUE } from './cfn-value.js';
import { TemplateEvaluator } from './evaluate-template.js';
import { isJsonObject } from '../../json-guards.js';
import { FragmentBuilder } from './fragment-builder.js';
import { mapIamAttachment, mapIamIdentity } from './map-iam.js';
import { mapDataResource } from './map-resources.js';
import { parseTemplate } from './parse-template.js';
import { expandSamFunctions } from './sam-function.js';
import { noEchoDefaults, writtenSecretProperties } from './written-secret-properties.js';
import { onlyInvokes } from '../../lambda-permissions.js';

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html

/** Types read in the first pass: what others attach to or name. */
const FIRST_PASS = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::KMS::ReplicaKey', 'AWS::SecretsManager::Secret']);

/** Types under services that hold or guard secrets that change nothing about who reads one. */
const HARMLESS = new Set([
  'AWS::IAM::AccessKey', 'AWS::IAM::ServiceLinkedRole', 'AWS::IAM::OIDCProvider', 'AWS::IAM::SAMLProvider',
  'AWS::IAM::VirtualMFADevice', 'AWS::IAM::ServerCertificate',
  'AWS::SecretsManager::SecretTargetAttachment',
  'AWS::SSM::Document', 'AWS::SSM::Association', 'AWS::SSM::MaintenanceWindow', 'AWS::SSM::MaintenanceWindowTarget',
  'AWS::SSM::MaintenanceWindowTask', 'AWS::SSM::PatchBaseline', 'AWS::SSM::ResourceDataSync',
  'AWS::ECS::Cluster', 'AWS::ECS::Service', 'AWS::ECS::CapacityProvider', 'AWS::ECS::ClusterCapacityProviderAssociations',
  'AWS::ECS::TaskSet', 'AWS::ECS::PrimaryTaskSet',
  'AWS::Serverless::SimpleTable', 'AWS::Serverless::LayerVersion',
  // Its permissions are its role: `Role`, or the `<LogicalId>Role` expanded from it (sam-function.ts).
  'AWS::Serverless::Function',
]);
/** Nested stacks, and the property naming the template they deploy. */
const NESTED_STACKS: Record<string, string> = { 'AWS::CloudFormation::Stack': 'TemplateURL', 'AWS::Serverless::Application': 'Location' };
/** Services whose other resource types could grant or hold access to a secret. */
// A function permission other than to invoke (load/lambda-permissions.ts) is not read either.
// A Batch job definition injects `Secrets` into its job role's containers as ECS does: not read yet, so said.
const GUARDED = /^AWS::(IAM|S3|KMS|SecretsManager|SSM|ECS|Serverless)::|^AWS::CloudFormation::Stack$|^AWS::Organizations::Policy$|^AWS::Batch::JobDefinition$|^AWS::Lambda::Permission$/;

/**
 * True when the parsed document is a CloudFormation template: it has `AWSTemplateFormatVersion`,
 * the SAM transform, or a `Resources` map whose entries have an `AWS::`/`Custom::` `Type` (CDK
 * output has no format version).
 */
export function isCloudFormationTemplate(value: JsonValue | undefined): value is JsonObject {
  if (!isJsonObject(value)) return false;
  if ('AWSTemplateFormatVersion' in value) return true;
  const transform = value['Transform'];
  const transforms = Array.isArray(transform) ? transform : [transform];
  if (transforms.includes('AWS::Serverless-2016-10-31') || transforms.includes('AWS::LanguageExtensions')) return true;
  const resources = value['Resources'];
  if (!isJsonObject(resources)) return false;
  // Loops and transforms (`Fn::ForEach::Name`) aside, every entry has a resource type: AWS's, a
  // custom resource's, or a registry extension's (`Org::Service::Resource`); one at least is AWS's.
  const entries = Object.entries(resources).filter(([key]) => !key.startsWith('Fn::')).map(([, r]) => r);
  // A Rain module in place of a type (`Type: !Rain::Module ./bucket.yml`) is a resource `rain pkg` expands.
  const types = entries.map((r) => (isJsonObject(r) && typeof r['Type'] === 'string' ? r['Type'] : isJsonObject(r) && isJsonObject(r['Type']) && typeof r['Type']['Rain::Module'] === 'string' ? 'Rain::Module' : undefined));
  return types.length > 0 && types.every((t) => t !== undefined && /^(Custom::[\w-]+|[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+|Rain::Module)$/.test(t)) && types.some((t) => /^(AWS|Custom|Alexa)::/.test(t ?? ''));
}

/**
 * Loads one CloudFormation template (YAML with short or long intrinsics, JSON, SAM, CDK output) into
 * an inventory fragment shaped like the AWS CLI loaders' output: roles, users, groups, managed and
 * inline policies, bucket, key and secret policies, KMS keys and aliases, SSM parameters, secrets,
 * task definitions — every policy with its `source` and per-statement `statementSources`. Parameter
 * defaults, conditions, mappings and pseudo parameters (account and region from the manifest) are
 * evaluated; anything else widens the grants it touches and raises `unresolvedExpression` (SS011).
 * Stored secret values are never read. Pure; never throws. Issues are sorted by line.
 */
export function loadCloudFormationTemplate(relativePath: string, text: string, context: LoadContext): FileLoadResult {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  const isJson = /\.json$/i.test(relativePath) || first === '{';
  const looksLikeTemplate = /AWSTemplateFormatVersion|AWS::Serverless-2016-10-31/.test(body) || (/Resources/.test(body) && /["']?Type["']?\s*:\s*["']?(AWS|Custom)::/.test(body));
  if (!looksLikeTemplate) return { recognized: false, fragment: {}, issues: [] };
  const parsed = parseTemplate(body, isJson);
  if (parsed.errors.length > 0) {
    // A template with a syntax error is rejected by CloudFormation as a whole; what a lenient parser
    // recovers could nest values wrongly, so nothing is loaded and the first error is reported.
    const [error] = parsed.errors;
    const more = parsed.errors.length - 1;
    return {
      recognized: true, fragment: {},
      issues: [{
        code: isJson ? 'jsonParseError' : 'yamlParseError',
        message: `malformed template: ${error?.message ?? 'syntax error'}${more > 0 ? ` (${more} more syntax error${more === 1 ? '' : 's'} after it)` : ''}; nothing was loaded from this file`,
        source: { file: relativePath, line: error?.line ?? 1, ...(error?.column ? { column: error.column } : {}) },
      }],
    };
  }
  if (!isCloudFormationTemplate(parsed.value)) return { recognized: false, fragment: {}, issues: [] };
  const issues: Issue[] = duplicateKeyIssues(parsed.duplicates, relativePath);
  const sam = expandSamFunctions(parsed.value, parsed.lineOf);
  const ev = new TemplateEvaluator(sam.template, { ...(context.defaultAccount ? { account: context.defaultAccount } : {}), region: context.region });
  const b = new FragmentBuilder(relativePath, ev, sam.lineOf);

  const created: { id: string; type: string }[] = [];
  const irrelevant: { type: string; source: { file: string; line?: number; pointer: string } }[] = [];
  for (const id of ev.resourceIds()) {
    const type = ev.resourceType(id);
    const pointer = joinPointer('', 'Resources', id);
    const rainModule = type === undefined ? ev.rainModule(id) : undefined;
    if (rainModule !== undefined) {
      b.issue(joinPointer(pointer, 'Type'), 'unsupportedResource', `${id}: a Rain module (${rainModule}) is not expanded by secret-scan; the resources and grants it makes are not in the analysis (scan the template \`rain pkg\` writes instead)`);
      continue;
    }
    if (type === undefined) {
      // `Fn::ForEach::Name` (the AWS::LanguageExtensions transform) and `Fn::Transform` entries make resources the scan does not expand.
      const loop = /^Fn::(ForEach|Transform)\b/.exec(id);
      b.issue(pointer, loop ? 'unsupportedResource' : 'malformedEntry', loop
        ? `${id}: ${loop[1] === 'ForEach' ? 'an Fn::ForEach loop (AWS::LanguageExtensions)' : 'an Fn::Transform'} is not expanded by secret-scan; the resources and grants it makes are not in the analysis`
        : `resource ${id} has no Type; it is not in the analysis`);
      continue;
    }
    const exists = ev.resourceCreated(id);
    if (exists === false) continue;
    if (isUnknown(exists)) b.issue(joinPointer(pointer, 'Condition'), 'unresolvedExpression', `${exists.expression} cannot be decided from the template; ${id} is taken as created`);
    created.push({ id, type });
  }
  for (const name of noEchoDefaults(sam.template)) {
    b.issue(joinPointer('', 'Parameters', name, 'Default'), 'plaintextSecretInConfiguration',
      `parameter ${name} is NoEcho and its Default is written in the template (not shown): whoever reads the template reads it, and who that is is not in the analysis`);
  }
  for (const { id, type } of created) {
    if (FIRST_PASS.has(type)) void (mapIamIdentity(b, id, type) || mapDataResource(b, id, type));
    for (const name of writtenSecretProperties(ev, id, type)) {
      b.issue(joinPointer('', 'Resources', id, 'Properties', name), 'plaintextSecretInConfiguration',
        `${id}: ${name} is a secret's value written in the template (not shown): whoever reads the template reads it, and who that is is not in the analysis`);
    }
  }
  for (const { id, type } of created) {
    if (FIRST_PASS.has(type)) continue;
    if (mapIamAttachment(b, id, type) || mapDataResource(b, id, type)) continue;
    if (NESTED_STACKS[type] !== undefined) {
      const property = NESTED_STACKS[type];
      const location = ev.property(id, property);
      const application = location !== NO_VALUE && isKnownMap(location) ? location['ApplicationId'] : undefined;
      const where = typeof location === 'string' ? JSON.stringify(location)
        : typeof application === 'string' ? `application ${JSON.stringify(application)}` : `(${property} not known from the template)`;
      b.issue(joinPointer('', 'Resources', id), 'nestedStackNotLoaded',
        `${id}: nested stack ${where} is not followed: its template, if the scan holds it, is read on its own, without the parameters this stack passes it; otherwise the resources and grants it creates are not in the analysis; its outputs are unknown here`);
      continue;
    }
    if (GUARDED.test(type) && !HARMLESS.has(type) && !(type === 'AWS::Lambda::Permission' && onlyInvokes(ev.property(id, 'Action')))) {
      b.issue(joinPointer('', 'Resources', id), 'unsupportedResource',
        `${id}: resource type ${type} is not read by secret-scan; grants it may create are not in the analysis`);
    } else {
      // Seen, and unable to change who reads a secret: counted in coverage by type, never SS011.
      const line = parsed.lineOf(joinPointer('', 'Resources', id));
      irrelevant.push({ type, source: { file: relativePath, ...(line !== undefined ? { line } : {}), pointer: id } });
    }
  }
  issues.push(...b.issues);
  issues.sort((a, x) => (a.source.line ?? 0) - (x.source.line ?? 0) || (a.source.column ?? 0) - (x.source.column ?? 0) || a.code.localeCompare(x.code));
  const fragment = b.fragment();
  if (irrelevant.length > 0) fragment.irrelevantResources = irrelevant;
  return { recognized: true, fragment, issues: dedupe(issues) };
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.code}|${i.source.line ?? ''}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
