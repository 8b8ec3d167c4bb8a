// One local emulator of every API live mode calls, on 127.0.0.1 (port 0), speaking the real wire
// protocols so the real AWS SDK v3 clients and plain fetch can point at it:
// - IAM and STS: AWS Query (form-encoded POST, XML answers, `<member>` lists, policy documents
//   percent-encoded) https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
// - S3: REST-XML, path-style (`/BUCKET?policy`) https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
// - ECS, SSM, KMS, Secrets Manager, Organizations: JSON 1.1 (`X-Amz-Target`, `__type` errors)
//   https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
// - Vault: HTTP API incl. the LIST verb and `?list=true` https://developer.hashicorp.com/vault/api-docs#api-operations
// The caller's account comes from the SigV4 access key (AssumeRole hands out keys that name the
// account), the service and region from the credential scope. Every call is logged.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

export interface EmulatedRegion {
  /** `DescribeParameters` metadata entries (no values). */
  parameters?: JsonMap[];
  /** A parameter's resource policies (JSON texts) by ARN, served by GetResourcePolicies. */
  parameterPolicies?: Record<string, string[]>;
  /** `ListSecrets` entries; `ResourcePolicy` (JSON text) is served by GetResourcePolicy only. */
  secrets?: JsonMap[];
  /** KMS keys: `KeyMetadata`, the `default` key policy text and the grants (GrantListEntry, without KeyId). */
  keys?: { KeyMetadata: JsonMap; Policy?: string; Grants?: JsonMap[] }[];
  aliases?: JsonMap[];
  /** `DescribeTaskDefinition` `taskDefinition` objects. */
  taskDefinitions?: JsonMap[];
}

export interface EmulatedAccount {
  id: string;
  /** `aws iam get-account-authorization-details` output shape (documents as objects). */
  authorizationDetails: JsonMap;
  buckets?: EmulatedBucket[];
  regions?: Record<string, EmulatedRegion>;
}

export interface EmulatedBucket {
  name: string;
  region?: string;
  policy?: string;
  /**
   * Objects by key, with the group grants of their ACLs (`AllUsers`/`AuthenticatedUsers` URI and
   * permission) besides the owner's FULL_CONTROL. Absent: every key exists with a private ACL.
   */
  objects?: Record<string, { groupGrants?: { uri: string; permission: string }[] }>;
  /** Object Ownership (`BucketOwnerEnforced`…); absent: no ownership controls. */
  ownership?: string;
  /** Block Public Access; absent: none configured. */
  publicAccessBlock?: { BlockPublicAcls?: boolean; IgnorePublicAcls?: boolean; BlockPublicPolicy?: boolean; RestrictPublicBuckets?: boolean };
}

export interface EmulatedVault {
  token: string;
  /** ACL policy name → HCL text. */
  policies: Record<string, string>;
  /** Auth mount (`approle/`) → type and its roles (name → role data as `vault read` shows). */
  auth: Record<string, { type: string; roles?: Record<string, JsonMap> }>;
  /** Secret mount (`secret/`) → type and options; a database engine's role and static role names. */
  mounts: Record<string, { type: string; options?: Record<string, string> | null; roles?: string[]; staticRoles?: string[] }>;
  /** Identity groups and entities by name, as `GET identity/group/name/NAME` returns them. */
  identity?: { group?: Record<string, JsonMap>; entity?: Record<string, JsonMap> };
}

export interface EmulatedWorld {
  accounts: EmulatedAccount[];
  /** The account of the base credentials (AWS_ACCESS_KEY_ID `AKIDBASE…`); default the first. */
  baseAccount?: string;
  vault?: EmulatedVault;
  /** Organizations: SCPs and where they attach (target id → policy ids); roots/OUs/accounts tree. */
  organizations?: { rootId: string; ous: { id: string; parentId: string; name: string }[]; accounts: { id: string; parentId: string }[]; policies: { id: string; name: string; content: string }[]; targets: Record<string, string[]> };
}

export type FaultKind = 'AccessDenied' | 'Throttling' | 'Timeout' | 'Unreachable';

export interface Fault {
  kind: FaultKind;
  /** Operation name (`GetBucketPolicy`, `sys/policies/acl`…), optionally narrowed further. */
  operation: string;
  service?: string;
  region?: string;
  account?: string;
  /** A substring of the resource (bucket name, key id, secret id, Vault path). */
  resource?: string;
  /** How many times it fires (default: always). */
  times?: number;
  /** How many matching calls succeed before it fires: `skip: 2` on a listing fails its third page (and every retry of it). */
  skip?: number;
}

export interface LoggedCall {
  service: string;
  operation: string;
  region: string;
  account: string;
  resource?: string;
  status: number;
}

export interface Emulator {
  url: string;
  log: LoggedCall[];
  faults: Fault[];
  /** Milliseconds added before every answer (bench: network latency). */
  delayMs: number;
  /**
   * At most this many items a page (default: each API's own cap). The APIs may return fewer items
   * than asked while more remain (e.g. IAM's IsTruncated); tests use it to make short listings span pages.
   */
  pageCap?: number;
  /** How long AssumeRole credentials live (default one hour, as STS's default DurationSeconds). */
  credentialLifetimeMs: number;
  /** Expiry (epoch ms) of every access key AssumeRole handed out: a request signed with an expired one is refused. */
  issuedKeys: Map<string, number>;
  close(): Promise<void>;
}

/** Page sizes the real APIs cap at (the SDK paginators ask for these or less). */
const PAGE = { iam: 100, ssm: 50, secrets: 100, kms: 100, ecs: 100, s3: 1000 };

/** Starts the emulator; the tests point the SDK clients (`endpoint`, `forcePathStyle`) and Vault at `url`. */
export async function startEmulator(world: EmulatedWorld): Promise<Emulator> {
  const log: LoggedCall[] = [];
  const emulator: Emulator = { url: '', log, faults: [], delayMs: 0, credentialLifetimeMs: 3600_000, issuedKeys: new Map(), close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = (): void => {
        try {
          handle(world, emulator, req, body, res);
        } catch (error) {
          send(res, 500, 'text/plain', String(error));
        }
      };
      if (emulator.delayMs > 0) setTimeout(answer, emulator.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  emulator.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  emulator.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return emulator;
}

interface Call {
  service: string;
  operation: string;
  region: string;
  account: string;
  resource?: string;
}

function handle(world: EmulatedWorld, emulator: Emulator, req: IncomingMessage, body: string, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://emulator');
  if (url.pathname.startsWith('/v1/')) return handleVault(world, emulator, req, url, res);
  const scope = /Credential=([^/]+)\/[^/]+\/([^/]+)\/([^/]+)\//.exec(req.headers.authorization ?? '');
  const accessKey = scope?.[1] ?? '';
  const region = scope?.[2] ?? 'us-east-1';
  const service = scope?.[3] ?? 'unknown';
  const account = accessKey.startsWith('ASIA') ? accessKey.slice(4, 16) : world.baseAccount ?? world.accounts[0]?.id ?? '';
  // Temporary credentials past their Expiration are refused, as STS-issued ones are
  // (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html: ExpiredTokenException).
  const expires = emulator.issuedKeys.get(accessKey);
  if (expires !== undefined && Date.now() >= expires) return refuseExpired(emulator, { service, region, account }, req, body, res);
  if (service === 'iam' || service === 'sts') return handleQuery(world, emulator, { service, region, account }, new URLSearchParams(body), res);
  if (service === 's3') return handleS3(world, emulator, { service, region, account }, req, url, res);
  const target = String(req.headers['x-amz-target'] ?? '');
  const operation = target.slice(target.indexOf('.') + 1);
  const input = body === '' ? {} : (JSON.parse(body) as JsonMap);
  return handleJson(world, emulator, { service, region, account, operation }, input, res);
}

function refuseExpired(emulator: Emulator, base: Omit<Call, 'operation'>, req: IncomingMessage, body: string, res: ServerResponse): void {
  const target = String(req.headers['x-amz-target'] ?? '');
  const operation = target !== '' ? target.slice(target.indexOf('.') + 1) : new URLSearchParams(body).get('Action') ?? `${req.method ?? 'GET'} (S3)`;
  emulator.log.push({ ...base, operation, status: 403 });
  const message = 'The security token included in the request is expired';
  if (target !== '') return send(res, 400, 'application/x-amz-json-1.1', JSON.stringify({ __type: 'ExpiredTokenException', message }));
  if (base.service === 's3') return send(res, 400, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?><Error><Code>ExpiredToken</Code><Message>${message}</Message><RequestId>emulated</RequestId></Error>`);
  send(res, 403, 'text/xml', `<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>${message}</Message></Error><RequestId>emulated</RequestId></ErrorResponse>`);
}

/** Logs the call and answers with a fault when one matches; true when it did. */
function faulted(emulator: Emulator, call: Call, res: ServerResponse, protocol: 'query' | 'rest-xml' | 'json' | 'vault'): boolean {
  const fault = emulator.faults.find((f) => f.operation === call.operation && (f.service === undefined || f.service === call.service)
    && (f.region === undefined || f.region === call.region) && (f.account === undefined || f.account === call.account)
    && (f.resource === undefined || (call.resource ?? '').includes(f.resource)) && (f.times === undefined || f.times > 0));
  if (!fault) return false;
  if (fault.skip !== undefined && fault.skip > 0) {
    fault.skip -= 1;
    return false;
  }
  if (fault.times !== undefined) fault.times -= 1;
  const status = fault.kind === 'AccessDenied' ? 403 : fault.kind === 'Throttling' ? 400 : 0;
  emulator.log.push({ ...call, status });
  if (fault.kind === 'Timeout') return true; // never answers: the client's request timeout fires
  if (fault.kind === 'Unreachable') { res.socket?.destroy(); return true; }
  const code = fault.kind === 'AccessDenied' ? (protocol === 'json' ? 'AccessDeniedException' : 'AccessDenied') : protocol === 'json' ? 'ThrottlingException' : protocol === 'rest-xml' ? 'SlowDown' : 'Throttling';
  const message = `emulated ${fault.kind} for ${call.operation}`;
  if (protocol === 'json') send(res, status, 'application/x-amz-json-1.1', JSON.stringify({ __type: code, message }));
  else if (protocol === 'vault') send(res, fault.kind === 'AccessDenied' ? 403 : 429, 'application/json', JSON.stringify({ errors: ['permission denied'] }));
  else if (protocol === 'rest-xml') send(res, fault.kind === 'Throttling' ? 503 : 403, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>emulated</RequestId></Error>`);
  else send(res, status, 'text/xml', `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>emulated</RequestId></ErrorResponse>`);
  return true;
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'content-type': type, 'x-amzn-requestid': 'emulated', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function accountOf(world: EmulatedWorld, id: string): EmulatedAccount {
  const account = world.accounts.find((a) => a.id === id);
  if (!account) throw new Error(`no emulated account ${id}`);
  return account;
}

// ---- AWS Query (IAM, STS) ----

function handleQuery(world: EmulatedWorld, emulator: Emulator, base: Omit<Call, 'operation'>, form: URLSearchParams, res: ServerResponse): void {
  const operation = form.get('Action') ?? '';
  const call: Call = { ...base, operation, ...(form.get('RoleArn') ? { resource: form.get('RoleArn') ?? '' } : {}) };
  if (faulted(emulator, call, res, 'query')) return;
  let result: string;
  if (operation === 'GetCallerIdentity') {
    result = xml({ Account: base.account, Arn: `arn:aws:iam::${base.account}:user/scanner`, UserId: 'AIDAEMULATED' });
  } else if (operation === 'AssumeRole') {
    const roleArn = form.get('RoleArn') ?? '';
    const target = roleArn.split(':')[4] ?? '';
    if (!world.accounts.some((a) => a.id === target)) {
      emulator.log.push({ ...call, status: 403 });
      return send(res, 403, 'text/xml', `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to assume ${roleArn}</Message></Error><RequestId>emulated</RequestId></ErrorResponse>`);
    }
    // Each AssumeRole hands out a new key, so a refresh is visible in the log and an old key can expire.
    const accessKeyId = `ASIA${target}${String(emulator.issuedKeys.size).padStart(4, '0')}`;
    const expires = Date.now() + emulator.credentialLifetimeMs;
    emulator.issuedKeys.set(accessKeyId, expires);
    result = xml({
      Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: 'emulated', SessionToken: 'emulated', Expiration: new Date(expires).toISOString() },
      AssumedRoleUser: { Arn: `arn:aws:sts::${target}:assumed-role/${roleArn.split('/').pop() ?? ''}/${form.get('RoleSessionName') ?? ''}`, AssumedRoleId: 'AROAEMULATED:session' },
    });
  } else if (operation === 'GetAccountAuthorizationDetails') {
    const items = authorizationItems(accountOf(world, base.account));
    const start = Number(form.get('Marker') ?? '0');
    const size = Math.min(Number(form.get('MaxItems') ?? PAGE.iam), 1000, emulator.pageCap ?? Infinity);
    const page = items.slice(start, start + size);
    const members: Record<string, string> = { UserDetailList: '', GroupDetailList: '', RoleDetailList: '', Policies: '' };
    for (const [list, member] of page) members[list] += member;
    result = Object.entries(members).map(([list, text]) => `<${list}>${text}</${list}>`).join('')
      + `<IsTruncated>${start + size < items.length}</IsTruncated>${start + size < items.length ? `<Marker>${start + size}</Marker>` : ''}`;
  } else {
    emulator.log.push({ ...call, status: 400 });
    return send(res, 400, 'text/xml', `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${operation}</Message></Error></ErrorResponse>`);
  }
  emulator.log.push({ ...call, status: 200 });
  const ns = base.service === 'sts' ? 'https://sts.amazonaws.com/doc/2011-06-15/' : 'https://iam.amazonaws.com/doc/2010-05-08/';
  send(res, 200, 'text/xml', `<?xml version="1.0" encoding="UTF-8"?><${operation}Response xmlns="${ns}"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>emulated</RequestId></ResponseMetadata></${operation}Response>`);
}

const encodedItems = new WeakMap<EmulatedAccount, [string, string][]>();
/** The account's IAM entities in page order, each already as its XML member (built once, not per page). */
function authorizationItems(account: EmulatedAccount): [string, string][] {
  let items = encodedItems.get(account);
  if (!items) {
    items = [];
    for (const list of ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies']) {
      const entries = account.authorizationDetails[list];
      if (Array.isArray(entries)) for (const e of entries) items.push([list, `<member>${xml(encodeDocuments(e))}</member>`]);
    }
    encodedItems.set(account, items);
  }
  return items;
}

/** IAM returns every policy document as percent-encoded JSON text (RFC 3986). */
function encodeDocuments(value: Json, key = ''): Json {
  if (/Document$/.test(key) && value !== null && typeof value === 'object') return encodeURIComponent(JSON.stringify(value));
  if (Array.isArray(value)) return value.map((v) => encodeDocuments(v));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeDocuments(v, k)]));
  return value;
}

/** Query-protocol XML: lists as `<member>` items. */
function xml(value: Json): string {
  if (Array.isArray(value)) return value.map((v) => `<member>${xml(v)}</member>`).join('');
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => `<${k}>${xml(v)}</${k}>`).join('');
  return escapeXml(String(value ?? ''));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// ---- S3 REST-XML, path style ----

function handleS3(world: EmulatedWorld, emulator: Emulator, base: Omit<Call, 'operation'>, req: IncomingMessage, url: URL, res: ServerResponse): void {
  const bucketName = decodeURIComponent(url.pathname.split('/')[1] ?? '');
  const query = url.searchParams;
  const objectKey = url.pathname.split('/').slice(2).map(decodeURIComponent).join('/');
  const operation = bucketName === '' ? 'ListBuckets' : query.has('policy') ? 'GetBucketPolicy' : query.has('location') ? 'GetBucketLocation'
    : query.has('ownershipControls') ? 'GetBucketOwnershipControls' : query.has('publicAccessBlock') ? 'GetPublicAccessBlock'
      : req.method === 'GET' && objectKey !== '' ? (query.has('acl') ? 'GetObjectAcl' : 'GetObject') : `${req.method ?? 'GET'} bucket`;
  const call: Call = { ...base, operation, ...(bucketName ? { resource: objectKey !== '' ? `${bucketName}/${objectKey}` : bucketName } : {}) };
  if (faulted(emulator, call, res, 'rest-xml')) return;
  const account = accountOf(world, base.account);
  const ns = 'http://s3.amazonaws.com/doc/2006-03-01/';
  const notFound = (code: string): void => {
    emulator.log.push({ ...call, status: 404 });
    send(res, 404, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message><BucketName>${escapeXml(bucketName)}</BucketName><RequestId>emulated</RequestId></Error>`);
  };
  if (operation === 'ListBuckets') {
    const all = account.buckets ?? [];
    const start = Number(query.get('continuation-token') ?? '0');
    const size = Math.min(Number(query.get('max-buckets') ?? PAGE.s3), PAGE.s3, emulator.pageCap ?? Infinity);
    const page = all.slice(start, start + size);
    const buckets = page.map((b) => `<Bucket><Name>${escapeXml(b.name)}</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate><BucketRegion>${b.region ?? 'us-east-1'}</BucketRegion></Bucket>`).join('');
    const next = start + size < all.length ? `<ContinuationToken>${start + size}</ContinuationToken>` : '';
    emulator.log.push({ ...call, status: 200 });
    return send(res, 200, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="${ns}"><Owner><ID>emulated</ID></Owner><Buckets>${buckets}</Buckets>${next}</ListAllMyBucketsResult>`);
  }
  const bucket = (account.buckets ?? []).find((b) => b.name === bucketName);
  if (!bucket) return notFound('NoSuchBucket');
  if (operation === 'GetBucketLocation') {
    emulator.log.push({ ...call, status: 200 });
    const region = bucket.region && bucket.region !== 'us-east-1' ? bucket.region : '';
    return send(res, 200, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="${ns}">${region}</LocationConstraint>`);
  }
  if (operation === 'GetBucketPolicy') {
    if (bucket.policy === undefined) return notFound('NoSuchBucketPolicy');
    emulator.log.push({ ...call, status: 200 });
    return send(res, 200, 'application/json', bucket.policy);
  }
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html (with Bucket owner enforced, only the owner's grant)
  if (operation === 'GetObjectAcl') {
    const object = bucket.objects === undefined ? {} : bucket.objects[objectKey];
    if (object === undefined) return notFound('NoSuchKey');
    const grantee = (type: string, inner: string): string => `<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${type}">${inner}</Grantee>`;
    const groups = bucket.ownership === 'BucketOwnerEnforced' ? [] : object.groupGrants ?? [];
    const grants = [`<Grant>${grantee('CanonicalUser', '<ID>emulated</ID>')}<Permission>FULL_CONTROL</Permission></Grant>`,
      ...groups.map((g) => `<Grant>${grantee('Group', `<URI>${escapeXml(g.uri)}</URI>`)}<Permission>${escapeXml(g.permission)}</Permission></Grant>`)].join('');
    emulator.log.push({ ...call, status: 200 });
    return send(res, 200, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy xmlns="${ns}"><Owner><ID>emulated</ID></Owner><AccessControlList>${grants}</AccessControlList></AccessControlPolicy>`);
  }
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketOwnershipControls.html
  if (operation === 'GetBucketOwnershipControls') {
    if (bucket.ownership === undefined) return notFound('OwnershipControlsNotFoundError');
    emulator.log.push({ ...call, status: 200 });
    return send(res, 200, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?><OwnershipControls xmlns="${ns}"><Rule><ObjectOwnership>${escapeXml(bucket.ownership)}</ObjectOwnership></Rule></OwnershipControls>`);
  }
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html
  if (operation === 'GetPublicAccessBlock') {
    if (bucket.publicAccessBlock === undefined) return notFound('NoSuchPublicAccessBlockConfiguration');
    emulator.log.push({ ...call, status: 200 });
    const settings = Object.entries(bucket.publicAccessBlock).map(([k, v]) => `<${k}>${String(v)}</${k}>`).join('');
    return send(res, 200, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?><PublicAccessBlockConfiguration xmlns="${ns}">${settings}</PublicAccessBlockConfiguration>`);
  }
  emulator.log.push({ ...call, status: 405 });
  send(res, 405, 'application/xml', '<Error><Code>MethodNotAllowed</Code><Message>not emulated</Message></Error>');
}

// ---- JSON 1.1 (ECS, SSM, KMS, Secrets Manager, Organizations) ----

function handleJson(world: EmulatedWorld, emulator: Emulator, base: Call, input: JsonMap, res: ServerResponse): void {
  const resource = ['keyId', 'KeyId', 'SecretId', 'taskDefinition', 'ParentId', 'ChildId', 'TargetId', 'PolicyId', 'ResourceArn'].map((k) => input[k]).find((v) => typeof v === 'string') as string | undefined;
  const call: Call = { ...base, ...(resource ? { resource } : {}) };
  if (faulted(emulator, call, res, 'json')) return;
  const region = accountOf(world, base.account).regions?.[base.region] ?? {};
  const ok = (out: JsonMap): void => {
    emulator.log.push({ ...call, status: 200 });
    send(res, 200, 'application/x-amz-json-1.1', JSON.stringify(epochTimestamps(out)));
  };
  const fail = (type: string, message: string): void => {
    emulator.log.push({ ...call, status: 400 });
    send(res, 400, 'application/x-amz-json-1.1', JSON.stringify({ __type: type, message }));
  };
  /** One page of `list`, continuing after the token; `limitKey` is the request's page-size field. */
  const page = <T extends Json>(list: T[], tokenIn: string, tokenOut: string, limitKey: string, cap: number): { items: T[]; next: JsonMap } => {
    const start = Number(input[tokenIn] ?? '0');
    const size = Math.min(Number(input[limitKey] ?? cap), cap, emulator.pageCap ?? Infinity);
    const next: JsonMap = start + size < list.length ? { [tokenOut]: String(start + size) } : {};
    return { items: list.slice(start, start + size), next };
  };
  switch (`${base.service}:${base.operation}`) {
    case 'ssm:DescribeParameters': {
      const { items, next } = page(region.parameters ?? [], 'NextToken', 'NextToken', 'MaxResults', PAGE.ssm);
      return ok({ Parameters: items, ...next });
    }
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetResourcePolicies.html
    case 'ssm:GetResourcePolicies': {
      const arn = String(input['ResourceArn'] ?? '');
      if (!(region.parameters ?? []).some((p) => p['ARN'] === arn)) return fail('ResourceNotFoundException', 'The specified parameter does not exist.');
      const policies = (region.parameterPolicies?.[arn] ?? []).map((Policy, i) => ({ PolicyId: `policy-${i}`, PolicyHash: `hash-${i}`, Policy }));
      return ok({ Policies: policies });
    }
    case 'secretsmanager:ListSecrets': {
      const { items, next } = page((region.secrets ?? []).map(withoutPolicy), 'NextToken', 'NextToken', 'MaxResults', PAGE.secrets);
      return ok({ SecretList: items, ...next });
    }
    case 'secretsmanager:DescribeSecret': {
      // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html: metadata, ReplicationStatus included.
      const secret = (region.secrets ?? []).find((s) => s['ARN'] === input['SecretId'] || s['Name'] === input['SecretId']);
      if (!secret) return fail('ResourceNotFoundException', 'Secrets Manager can\'t find the specified secret.');
      const { ResourcePolicy: _policy, ...described } = secret;
      return ok(described);
    }
    case 'secretsmanager:GetResourcePolicy': {
      const secret = (region.secrets ?? []).find((s) => s['ARN'] === input['SecretId'] || s['Name'] === input['SecretId']);
      if (!secret) return fail('ResourceNotFoundException', 'Secrets Manager can\'t find the specified secret.');
      return ok({ ARN: secret['ARN'] ?? null, Name: secret['Name'] ?? null, ...(typeof secret['ResourcePolicy'] === 'string' ? { ResourcePolicy: secret['ResourcePolicy'] } : {}) });
    }
    case 'kms:ListKeys': {
      const keys = (region.keys ?? []).map((k) => ({ KeyId: k.KeyMetadata['KeyId'] ?? null, KeyArn: k.KeyMetadata['Arn'] ?? null }));
      const { items, next } = page(keys, 'Marker', 'NextMarker', 'Limit', PAGE.kms);
      return ok({ Keys: items, Truncated: next['NextMarker'] !== undefined, ...next });
    }
    case 'kms:ListAliases': {
      const { items, next } = page(region.aliases ?? [], 'Marker', 'NextMarker', 'Limit', PAGE.kms);
      return ok({ Aliases: items, Truncated: next['NextMarker'] !== undefined, ...next });
    }
    case 'kms:ListGrants': {
      // https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html: each entry names its key by ARN.
      const key = (region.keys ?? []).find((k) => k.KeyMetadata['KeyId'] === input['KeyId'] || k.KeyMetadata['Arn'] === input['KeyId']);
      if (!key) return fail('NotFoundException', `Key '${String(input['KeyId'])}' does not exist`);
      const grants = (key.Grants ?? []).map((g) => ({ KeyId: key.KeyMetadata['Arn'] ?? null, ...g }));
      const { items, next } = page(grants, 'Marker', 'NextMarker', 'Limit', PAGE.kms);
      return ok({ Grants: items, Truncated: next['NextMarker'] !== undefined, ...next });
    }
    case 'kms:DescribeKey':
    case 'kms:GetKeyPolicy': {
      const key = (region.keys ?? []).find((k) => k.KeyMetadata['KeyId'] === input['KeyId'] || k.KeyMetadata['Arn'] === input['KeyId']);
      if (!key) return fail('NotFoundException', `Key '${String(input['KeyId'])}' does not exist`);
      if (base.operation === 'DescribeKey') return ok({ KeyMetadata: key.KeyMetadata });
      return ok({ Policy: key.Policy ?? '', PolicyName: 'default' });
    }
    case 'ecs:ListTaskDefinitions': {
      const active = (region.taskDefinitions ?? []).filter((t) => (t['status'] ?? 'ACTIVE') === (input['status'] ?? 'ACTIVE'));
      const { items, next } = page(active.map((t) => t['taskDefinitionArn'] ?? ''), 'nextToken', 'nextToken', 'maxResults', PAGE.ecs);
      return ok({ taskDefinitionArns: items, ...next });
    }
    case 'ecs:DescribeTaskDefinition': {
      const td = (region.taskDefinitions ?? []).find((t) => t['taskDefinitionArn'] === input['taskDefinition']);
      if (!td) return fail('ClientException', 'Unable to describe task definition.');
      return ok({ taskDefinition: td });
    }
    default:
      return handleOrganizations(world, base, input, ok, fail);
  }
}

/** JSON 1.1 sends timestamps as epoch seconds (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html). */
function epochTimestamps(value: Json, key = ''): Json {
  if (typeof value === 'string' && /(Date|At)$/.test(key) && /^\d{4}-\d\d-\d\dT/.test(value)) return Date.parse(value) / 1000;
  if (Array.isArray(value)) return value.map((v) => epochTimestamps(v));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, epochTimestamps(v, k)]));
  return value;
}

/** A ListSecrets entry: neither the resource policy nor the replication status (DescribeSecret has it). */
function withoutPolicy(secret: JsonMap): JsonMap {
  const { ResourcePolicy: _policy, ReplicationStatus: _replicas, ...rest } = secret;
  return rest;
}

function handleOrganizations(world: EmulatedWorld, base: Call, input: JsonMap, ok: (out: JsonMap) => void, fail: (type: string, message: string) => void): void {
  const org = world.organizations;
  if (base.service !== 'organizations') return fail('UnknownOperationException', `${base.service}:${base.operation} is not emulated`);
  // https://docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html
  if (!org) return fail('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  switch (base.operation) {
    case 'ListRoots': return ok({ Roots: [{ Id: org.rootId, Arn: `arn:aws:organizations::${world.accounts[0]?.id ?? ''}:root/o-emul/${org.rootId}`, Name: 'Root' }] });
    case 'ListParents': {
      const child = String(input['ChildId']);
      const parent = org.accounts.find((a) => a.id === child)?.parentId ?? org.ous.find((o) => o.id === child)?.parentId;
      if (!parent) return fail('ChildNotFoundException', child);
      return ok({ Parents: [{ Id: parent, Type: parent === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] });
    }
    case 'ListPoliciesForTarget': {
      const ids = org.targets[String(input['TargetId'])] ?? [];
      return ok({ Policies: ids.map((id) => ({ Id: id, Name: org.policies.find((p) => p.id === id)?.name ?? id, Type: 'SERVICE_CONTROL_POLICY', AwsManaged: id === 'p-FullAWSAccess' })) });
    }
    case 'DescribePolicy': {
      const policy = org.policies.find((p) => p.id === input['PolicyId']);
      if (!policy) return fail('PolicyNotFoundException', String(input['PolicyId']));
      return ok({ Policy: { PolicySummary: { Id: policy.id, Name: policy.name, Type: 'SERVICE_CONTROL_POLICY' }, Content: policy.content } });
    }
    default: return fail('UnknownOperationException', base.operation);
  }
}

// ---- Vault ----

function handleVault(world: EmulatedWorld, emulator: Emulator, req: IncomingMessage, url: URL, res: ServerResponse): void {
  const vault = world.vault;
  const path = url.pathname.slice('/v1/'.length).replace(/\/$/, '');
  const list = req.method === 'LIST' || url.searchParams.get('list') === 'true';
  const named = path.replace(/^(sys\/policies\/acl|auth\/[^/]+\/role|identity\/(?:group|entity)\/name)\/.+$/, '$1/:name');
  const operation = `${list ? 'LIST' : req.method ?? 'GET'} ${named}`;
  const call: Call = { service: 'vault', operation, region: '', account: '', resource: path };
  const reply = (status: number, out: JsonMap): void => {
    emulator.log.push({ ...call, status });
    send(res, status, 'application/json', JSON.stringify(out));
  };
  if (!vault || req.headers['x-vault-token'] !== vault.token) return reply(403, { errors: ['permission denied'] });
  if (faulted(emulator, { ...call, operation: named }, res, 'vault')) return;
  const data = (d: JsonMap): void => reply(200, { request_id: 'emulated', lease_id: '', renewable: false, lease_duration: 0, data: d, wrap_info: null, warnings: null, auth: null });
  if (list && path === 'sys/policies/acl') return data({ keys: Object.keys(vault.policies).sort() });
  let m = /^sys\/policies\/acl\/(.+)$/.exec(path);
  if (m && !list) {
    const name = decodeURIComponent(m[1] ?? '');
    const policy = vault.policies[name];
    return policy === undefined ? reply(404, { errors: [] }) : data({ name, policy });
  }
  if (path === 'sys/auth' && !list) return data(Object.fromEntries(Object.entries(vault.auth).map(([mount, a]) => [mount, { type: a.type, accessor: `auth_${a.type}_emul`, local: false, options: null, config: {} }])));
  if (path === 'sys/mounts' && !list) return data(Object.fromEntries(Object.entries(vault.mounts).map(([mount, a]) => [mount, { type: a.type, options: a.options ?? null, local: false }])));
  m = /^identity\/(group|entity)\/name(?:\/([^/]+))?$/.exec(path);
  if (m) {
    const identities = vault.identity?.[m[1] === 'entity' ? 'entity' : 'group'] ?? {};
    if (m[2] === undefined) return list && Object.keys(identities).length > 0 ? data({ keys: Object.keys(identities).sort() }) : reply(404, { errors: [] });
    const found = list ? undefined : identities[decodeURIComponent(m[2])];
    return found === undefined ? reply(404, { errors: [] }) : data(found);
  }
  m = /^auth\/(.+)\/role$/.exec(path);
  if (m && list) {
    const roles = vault.auth[`${m[1] ?? ''}/`]?.roles;
    return roles === undefined || Object.keys(roles).length === 0 ? reply(404, { errors: [] }) : data({ keys: Object.keys(roles).sort() });
  }
  m = /^auth\/(.+)\/role\/([^/]+)$/.exec(path);
  if (m && !list) {
    const role = vault.auth[`${m[1] ?? ''}/`]?.roles?.[decodeURIComponent(m[2] ?? '')];
    return role === undefined ? reply(404, { errors: [] }) : data(role);
  }
  // A database engine's role lists: names only (https://developer.hashicorp.com/vault/api-docs/secret/databases#list-roles).
  m = /^(.+)\/(roles|static-roles)$/.exec(path);
  if (m && list) {
    const mount = vault.mounts[`${m[1] ?? ''}/`];
    const names = mount?.type === 'database' ? (m[2] === 'roles' ? mount.roles : mount.staticRoles) : undefined;
    return names === undefined || names.length === 0 ? reply(404, { errors: [] }) : data({ keys: [...names].sort() });
  }
  // Anything else (a secret path, role-id, secret-id) is a value read: the allow-list test catches it.
  reply(404, { errors: [] });
}
