// The one reading of src for the architecture tests: every file's imports (static, type-only,
// re-exports, dynamic) and its string literals, from the TypeScript parser itself, so a
// string or a comment that looks like an import never counts, and a comment is never a string.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { projectRoot } from './run-cli.js';

export const srcDir = path.join(projectRoot, 'src');

export interface Import {
  /** The file importing, relative to src ("commands/learn.ts"). */
  file: string;
  specifier: string;
  /** The imported file relative to src ("models/index.js"), or the package name. */
  target: string;
  /** Erased at build time: `import type`, `import { type A }`, `export type ... from`. */
  typeOnly: boolean;
  /** `import('x')`, loaded when the code runs rather than when the module loads. */
  dynamic: boolean;
}

export interface StringLiteral {
  file: string;
  line: number;
  /** The literal's text; a template's text parts, with `${...}` for each substitution. */
  text: string;
}

export function sourceFiles(dir: string = srcDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** A path relative to src with forward slashes. */
export function relativeToSrc(file: string): string {
  return path.relative(srcDir, file).split(path.sep).join('/');
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

function allTypeOnly(bindings: ts.NamedImportBindings | ts.NamedExportBindings | undefined) {
  if (bindings === undefined || !('elements' in bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((item) => item.isTypeOnly);
}

function declarationTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly || allTypeOnly(node.exportClause);
  const clause = node.importClause;
  if (clause === undefined) return false;
  return clause.isTypeOnly || (clause.name === undefined && allTypeOnly(clause.namedBindings));
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

export function importsOf(file: string): Import[] {
  const from = relativeToSrc(file);
  const make = (specifier: string, typeOnly: boolean, dynamic: boolean): Import => {
    const target = specifier.startsWith('.')
      ? relativeToSrc(path.resolve(path.dirname(file), specifier))
      : specifier;
    return { file: from, specifier, target, typeOnly, dynamic };
  };
  const result: Import[] = [];
  walk(parse(file), (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      const specifier = node.moduleSpecifier;
      if (specifier && ts.isStringLiteral(specifier)) {
        result.push(make(specifier.text, declarationTypeOnly(node), false));
      }
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) result.push(make(argument.text, false, true));
    } else if (ts.isImportTypeNode(node)) {
      const literal = ts.isLiteralTypeNode(node.argument) ? node.argument.literal : undefined;
      if (literal && ts.isStringLiteral(literal)) result.push(make(literal.text, true, false));
    }
  });
  return result;
}

function templateText(node: ts.TemplateExpression): string {
  return node.head.text + node.templateSpans.map((span) => `\${...}${span.literal.text}`).join('');
}

/** Every string and template literal of `file` that is not an import's module name. */
export function stringLiteralsOf(file: string): StringLiteral[] {
  const source = parse(file);
  const result: StringLiteral[] = [];
  const add = (node: ts.Node, text: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    result.push({ file: relativeToSrc(file), line, text });
  };
  walk(source, (node) => {
    const parent = node.parent;
    const isModuleName =
      parent !== undefined &&
      (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) &&
      parent.moduleSpecifier === node;
    if (isModuleName) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) add(node, node.text);
    else if (ts.isTemplateExpression(node)) add(node, templateText(node));
  });
  return result;
}
