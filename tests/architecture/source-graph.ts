/**
 * The project's import graph, as the architecture tests read it: every source file of the layers
 * (kernel, hosts, skills, main, renderer), every import it makes (static `import`, `export … from`,
 * `import('literal')`, `require('literal')`, `import x = require()`, and `import('literal')` in a
 * type position), and the file each relative import resolves to.
 *
 * Imports are read with the TypeScript parser, not with regular expressions: an import-shaped
 * line inside a template string (generated C, a child program in a string) is no import, and a
 * comment is no import. Not followed: `import(expression)` and `require(expression)` (no literal to
 * resolve), files loaded by path at run time (a skill's entry, the sandbox's child program), and
 * test files (`*.test.*`, `*.spec.*`), which may import anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const LAYERS = ['kernel', 'hosts', 'skills', 'main', 'renderer'] as const;

/** How an import is made. 'type-query' is `import('…')` in a type position, erased like `import type`. */
export type ImportKind = 'static' | 'reexport' | 'dynamic' | 'require' | 'type-query';

export interface ImportRef {
  specifier: string;
  kind: ImportKind;
  /** `import type`, `export type … from`, every named binding `type`, or `import('…')` in a type: erased at compile time. */
  typeOnly: boolean;
  /** 1-based line of the import in its file. */
  line: number;
}

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  text: string;
}

export interface Edge extends ImportRef {
  from: string;
  /** The repository-relative file a relative specifier names (its .ts source for a .js specifier); undefined for a package or builtin. */
  to?: string;
}

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const TEST = /\.(test|spec)\.[cm]?[jt]sx?$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'fixtures', 'problems']);

export const isTestFile = (file: string) => TEST.test(file);

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(file)) return ts.ScriptKind.TS;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

const allTypes = (elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>) => elements.length > 0 && elements.every((e) => e.isTypeOnly);

/** Every import of one file's text (see the module comment for what counts). */
export function importsOf(file: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(file));
  const out: ImportRef[] = [];
  const add = (node: ts.Node, literal: ts.Node | undefined, kind: ImportKind, typeOnly: boolean) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    out.push({ specifier: literal.text, kind, typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!bindings && ts.isNamedImports(bindings) && allTypes(bindings.elements)));
      add(node, node.moduleSpecifier, 'static', typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause;
      add(node, node.moduleSpecifier, 'reexport', node.isTypeOnly || (!!clause && ts.isNamedExports(clause) && allTypes(clause.elements)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, 'require', node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, 'type-query', true);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0], 'dynamic', false);
      else if (ts.isIdentifier(callee) && callee.text === 'require' && node.arguments.length === 1) add(node, node.arguments[0], 'require', false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const norm = (p: string) => p.split(path.sep).join('/');

/**
 * The repository-relative file a relative specifier names: `.js` means the `.ts`/`.tsx` source
 * beside it (NodeNext style), `.mjs` a `.mts` or `.mjs`, no extension a file or a folder's index.
 * `exists` says which candidates are real; when none is, the first candidate is returned, so that
 * rules about paths work on examples that name files which do not exist.
 */
export function resolveImport(from: string, specifier: string, exists: (file: string) => boolean = () => false): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const joined = norm(path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)));
  const ext = /\.[a-z]+$/.exec(joined)?.[0] ?? '';
  const stem = joined.slice(0, joined.length - ext.length);
  const candidates =
    ext === '.js' ? [`${stem}.ts`, `${stem}.tsx`, joined]
    : ext === '.jsx' ? [`${stem}.tsx`, joined]
    : ext === '.mjs' ? [`${stem}.mts`, joined]
    : ext === '.cjs' ? [`${stem}.cts`, joined]
    : ext === '' ? ['.ts', '.tsx', '.mts', '.js', '.mjs', '/index.ts', '/index.tsx', '/index.js'].map((e) => joined + e)
    : [joined];
  return candidates.find(exists) ?? candidates[0];
}

/** Every source file of the layers, tests, fixtures and built output excluded. */
export function sourceFiles(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(rel);
      } else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts') && !isTestFile(e.name)) {
        out.push({ file: rel, text: fs.readFileSync(path.join(root, rel), 'utf8') });
      }
    }
  };
  for (const layer of LAYERS) if (fs.existsSync(path.join(root, layer))) walk(layer);
  return out;
}

/** The import edges of a set of files, each relative one resolved against the set (then the disk). */
export function edgesOf(files: SourceFile[], root?: string): Edge[] {
  const known = new Set(files.map((f) => f.file));
  const exists = (f: string) => known.has(f) || (root !== undefined && fs.existsSync(path.join(root, f)));
  return files.flatMap(({ file, text }) => importsOf(file, text).map((ref) => ({ ...ref, from: file, to: resolveImport(file, ref.specifier, exists) })));
}
