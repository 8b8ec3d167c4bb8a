import type { HclAttribute, HclBlock } from '../hcl/hcl-ast.js';
import type { TfFile } from './tf-file.js';

/** A declaration and the file it is written in. */
export interface Declared<T> {
  node: T;
  file: TfFile;
}

export interface ResourceDeclaration extends Declared<HclBlock> {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** `TYPE.NAME` or `data.TYPE.NAME`, without the module prefix. */
  key: string;
}

/** The declarations of one module (one directory), gathered from all its `.tf` files. */
export interface ModuleConfig {
  /** Directory as the walker names it (forward slashes, '.' for the scan root). */
  dir: string;
  files: TfFile[];
  variables: Map<string, Declared<HclBlock>>;
  locals: Map<string, Declared<HclAttribute>>;
  outputs: Map<string, Declared<HclBlock>>;
  resources: Map<string, ResourceDeclaration>;
  moduleCalls: Map<string, Declared<HclBlock>>;
  /** `provider` blocks, in file order (default and aliased configurations). */
  providers: Declared<HclBlock>[];
}

/**
 * Collects the top-level declarations of a module's files. Later duplicates are ignored (Terraform
 * rejects them); blocks Terraform uses only for providers and state change nothing here.
 * https://developer.hashicorp.com/terraform/language/modules#module-structure
 */
export function collectModuleConfig(dir: string, files: TfFile[]): ModuleConfig {
  const config: ModuleConfig = {
    dir, files, variables: new Map(), locals: new Map(), outputs: new Map(), resources: new Map(), moduleCalls: new Map(), providers: [],
  };
  for (const file of files) {
    for (const item of file.body.items) {
      if (item.kind !== 'block') continue;
      const [a, b] = item.labels;
      switch (item.type) {
        case 'variable':
          if (a !== undefined && !config.variables.has(a)) config.variables.set(a, { node: item, file });
          break;
        case 'output':
          if (a !== undefined && !config.outputs.has(a)) config.outputs.set(a, { node: item, file });
          break;
        case 'locals':
          for (const attr of item.body.items) {
            if (attr.kind === 'attribute' && !config.locals.has(attr.name)) config.locals.set(attr.name, { node: attr, file });
          }
          break;
        case 'provider':
          config.providers.push({ node: item, file });
          break;
        case 'module':
          if (a !== undefined && !config.moduleCalls.has(a)) config.moduleCalls.set(a, { node: item, file });
          break;
        case 'resource':
        case 'data': {
          if (a === undefined || b === undefined) break;
          const mode = item.type === 'data' ? 'data' : 'managed';
          const key = mode === 'data' ? `data.${a}.${b}` : `${a}.${b}`;
          if (!config.resources.has(key)) config.resources.set(key, { node: item, file, mode, type: a, name: b, key });
          break;
        }
        default:
          break;
      }
    }
  }
  return config;
}

/** The `source` of a module block when it is a literal string. */
export function moduleSource(block: HclBlock): string | undefined {
  const attr = block.body.items.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === 'source');
  const expr = attr?.expression;
  if (expr?.kind === 'literal' && typeof expr.value === 'string') return expr.value;
  if (expr?.kind === 'template' && expr.parts.length === 1 && expr.parts[0]?.kind === 'text') return expr.parts[0].value;
  if (expr?.kind === 'template' && expr.parts.length === 0) return '';
  return undefined;
}

/** Local module sources are paths starting with `./` or `../`; anything else is fetched (registry, git, s3…). */
export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

/** The directory a file is in, as the walker names directories (`.` for a file in the scan root). */
export function dirOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '.' : path.slice(0, at);
}

/** Joins a module directory and a relative path, resolving `.` and `..` (forward slashes; '.' is the scan root). */
export function joinModulePath(dir: string, relative: string): string {
  const parts = dir === '.' || dir === '' ? [] : dir.split('/');
  for (const seg of relative.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else parts.push('..');
    } else parts.push(seg);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}
