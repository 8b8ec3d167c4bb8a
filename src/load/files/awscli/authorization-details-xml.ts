import type { JsonObject, JsonValue } from '../../../model/source.js';
import { joinPointer } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';
import { type AwsCliContext, type ShapeResult } from './aws-cli-context.js';
import { loadAccountAuthorizationDetails } from './account-authorization-details.js';

// The IAM Query API answers in XML, with every policy document percent-encoded (RFC 3986):
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
// No XML library is a dependency, and the response is machine-written with no attributes that
// matter, so a small strict tokenizer suffices: elements, text, entities, comments, CDATA.

const ROOT = 'GetAccountAuthorizationDetailsResponse';

/** Element names that are lists in the API model; an empty one (`<Tags/>`) is an empty list. */
const LIST_NAMES = new Set([
  'UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies', 'InstanceProfileList', 'Roles',
  'RolePolicyList', 'UserPolicyList', 'GroupPolicyList', 'GroupList', 'AttachedManagedPolicies',
  'PolicyVersionList', 'Tags',
]);

interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
  line: number;
}

/** True when the text holds a raw `GetAccountAuthorizationDetails` XML response. */
export function isAuthorizationDetailsXml(text: string): boolean {
  return text.includes(`<${ROOT}`);
}

/**
 * Loads the XML response into the same model as the CLI's JSON: it is converted to the CLI's
 * shape (member lists become arrays) with the line of every element, then read by
 * `loadAccountAuthorizationDetails`, which percent-decodes the documents. Malformed XML yields
 * `xmlParseError` with its line and nothing else. Text outside the response (comments) is ignored.
 */
export function loadAuthorizationDetailsXml(relativePath: string, text: string, context: AwsCliContext): ShapeResult {
  const start = text.indexOf(`<${ROOT}`);
  const closing = `</${ROOT}>`;
  const endAt = text.indexOf(closing, start);
  const firstLine = countLines(text, 0, start) + 1;
  const fail = (message: string, line: number): ShapeResult => ({
    fragment: {},
    issues: [{ code: 'xmlParseError', message, source: { file: relativePath, line } }],
  });
  if (endAt < 0) return fail(`${ROOT} is not closed`, firstLine);
  let root: XmlElement;
  try {
    root = parseXml(text.slice(start, endAt + closing.length), firstLine);
  } catch (error) {
    const e = error as Error & { line?: number };
    return fail(e.message, e.line ?? firstLine);
  }
  const result = root.children.find((c) => c.name === 'GetAccountAuthorizationDetailsResult');
  if (result === undefined) return fail(`${ROOT} has no GetAccountAuthorizationDetailsResult`, root.line);
  const lines = new Map<string, number>();
  const json = toJson(result, '', lines);
  if (!isJsonObject(json)) return fail('GetAccountAuthorizationDetailsResult is empty', result.line);
  return loadAccountAuthorizationDetails({ relativePath, json, lineOf: (p) => lines.get(p), context });
}

function toJson(element: XmlElement, pointer: string, lines: Map<string, number>): JsonValue {
  lines.set(pointer, element.line);
  if (element.children.length === 0) return LIST_NAMES.has(element.name) ? [] : element.text;
  if (element.children.every((c) => c.name === 'member')) {
    return element.children.map((c, i) => toJson(c, joinPointer(pointer, i), lines));
  }
  const out: JsonObject = {};
  for (const child of element.children) {
    Object.defineProperty(out, child.name, {
      value: toJson(child, joinPointer(pointer, child.name), lines), enumerable: true, writable: true, configurable: true,
    });
  }
  return out;
}

function parseXml(text: string, firstLine: number): XmlElement {
  const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|</g;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let line = firstLine;
  let last = 0;
  const fail = (message: string): never => {
    throw Object.assign(new Error(message), { line });
  };
  for (let m = token.exec(text); m !== null; m = token.exec(text)) {
    line += countLines(text, last, m.index);
    last = m.index;
    const [whole, cdata, slash, name, , selfClosing, chars] = m;
    const top = stack[stack.length - 1];
    if (whole === '<') fail('malformed tag');
    if (whole.startsWith('<!--') || whole.startsWith('<?')) continue;
    if (cdata !== undefined || chars !== undefined) {
      const value = cdata ?? decodeEntities(chars ?? '', fail);
      if (top) top.text += value;
      else if (value.trim() !== '') fail('text outside the root element');
      continue;
    }
    if (slash === '/') {
      if (top?.name !== name) fail(`closing tag </${name ?? ''}> does not match <${top?.name ?? ''}>`);
      stack.pop();
      continue;
    }
    const element: XmlElement = { name: name ?? '', children: [], text: '', line };
    if (top) top.children.push(element);
    else if (root === undefined) root = element;
    else fail('more than one root element');
    if (selfClosing !== '/') stack.push(element);
  }
  line += countLines(text, last, text.length);
  if (stack.length > 0) fail(`<${stack[stack.length - 1]?.name ?? ''}> is not closed`);
  return root ?? fail('no element');
}

function decodeEntities(text: string, fail: (message: string) => never): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (whole, entity: string | undefined) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (entity === undefined) return fail('bare & in text');
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return named[entity] ?? fail(`unknown entity ${whole}`);
  });
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
