#!/usr/bin/env node
/**
 * Fails when the project's import graph has a cycle (docs/architecture.md: "No import cycles").
 *
 *   node scripts/check-cycles.mjs [--project path/to/tsconfig.json]
 *
 * The graph is built the way the compiler sees it: every file of the tsconfig, every static import, `export … from`,
 * `import x = require(…)`, dynamic `import(…)` and `import('…')` type, each resolved with ts.resolveModuleName under
 * the tsconfig's options, so `#core`-style specifiers go through package.json "imports" and `customConditions`.
 * Only edges between project files count (node_modules is not part of the graph). Type-only imports count too:
 * a type-only cycle is harmless at run time, but it still ties the modules together, and counting it keeps the rule
 * simple. Cycles are found as strongly connected components (Tarjan); for each, one concrete cycle is printed.
 *
 * Exit codes: 0 no cycles, 1 cycles found, 2 the tsconfig could not be read.
 */
import path from 'node:path';
import process from 'node:process';
import ts from 'typescript';

const repoRoot = path.resolve(import.meta.dirname, '..');

function parseArgs(argv) {
  let project = path.join(repoRoot, 'tsconfig.json');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--project' || arg === '-p') {
      const value = argv[++i];
      if (!value) fail(`${arg} needs a path to a tsconfig.json`);
      project = path.resolve(value);
    } else if (arg.startsWith('--project=')) {
      project = path.resolve(arg.slice('--project='.length));
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/check-cycles.mjs [--project path/to/tsconfig.json]');
      process.exit(0);
    } else {
      fail(`unknown argument ${arg}`);
    }
  }
  return { project };
}

function fail(message) {
  console.error(`check-cycles: ${message}`);
  process.exit(2);
}

function formatDiagnostics(diagnostics) {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => '\n',
  });
}

function loadProject(project) {
  const read = ts.readConfigFile(project, ts.sys.readFile);
  if (read.error) fail(formatDiagnostics([read.error]));
  const parsed = ts.parseJsonConfigFileContent(
    read.config,
    ts.sys,
    path.dirname(project),
    undefined,
    project,
  );
  // "No inputs were found" is not an error for this check: an empty project has no cycles.
  const errors = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003);
  if (errors.length > 0) fail(formatDiagnostics(errors));
  return parsed;
}

/** Every module specifier in a file, as string-literal nodes (so the resolution mode can be computed per use). */
function moduleSpecifiers(sourceFile) {
  const found = [];
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteralLike(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteralLike(node.moduleReference.expression)
    ) {
      found.push(node.moduleReference.expression);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0]);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteralLike(node.argument.literal)
    ) {
      found.push(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function buildGraph(parsed) {
  const options = parsed.options;
  const host = ts.createCompilerHost(options, true);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options, host });
  const canonical = (f) => path.normalize(host.getCanonicalFileName(path.resolve(f)));
  const projectFiles = new Map(); // canonical name → SourceFile
  for (const fileName of parsed.fileNames) {
    const sourceFile = program.getSourceFile(fileName);
    if (sourceFile) projectFiles.set(canonical(fileName), sourceFile);
  }
  const cache = ts.createModuleResolutionCache(
    host.getCurrentDirectory(),
    host.getCanonicalFileName,
    options,
  );
  const graph = new Map(); // canonical name → Set of canonical names
  const unresolved = [];
  for (const [file, sourceFile] of projectFiles) {
    const targets = new Set();
    for (const specifier of moduleSpecifiers(sourceFile)) {
      const mode = ts.getModeForUsageLocation(sourceFile, specifier, options);
      const { resolvedModule } = ts.resolveModuleName(
        specifier.text,
        sourceFile.fileName,
        options,
        host,
        cache,
        undefined,
        mode,
      );
      if (!resolvedModule) {
        // A project-looking specifier that does not resolve could hide an edge: say so, but leave the verdict
        // on missing modules to `npm run typecheck`.
        if (/^(\.|#)/.test(specifier.text)) {
          const { line } = sourceFile.getLineAndCharacterOfPosition(specifier.getStart(sourceFile));
          unresolved.push(`${relative(file)}:${line + 1} '${specifier.text}'`);
        }
        continue;
      }
      const target = canonical(resolvedModule.resolvedFileName);
      if (projectFiles.has(target)) targets.add(target);
    }
    graph.set(file, targets);
  }
  return { graph, unresolved };
}

/** Tarjan's strongly connected components, iterative (no recursion limit on deep import chains). */
function stronglyConnectedComponents(graph) {
  let nextIndex = 0;
  const index = new Map();
  const lowlink = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work = [{ node: root, successors: [...graph.get(root)], next: 0 }];
    index.set(root, nextIndex);
    lowlink.set(root, nextIndex++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.next < frame.successors.length) {
        const successor = frame.successors[frame.next++];
        if (!index.has(successor)) {
          index.set(successor, nextIndex);
          lowlink.set(successor, nextIndex++);
          stack.push(successor);
          onStack.add(successor);
          work.push({ node: successor, successors: [...graph.get(successor)], next: 0 });
        } else if (onStack.has(successor)) {
          lowlink.set(frame.node, Math.min(lowlink.get(frame.node), index.get(successor)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        lowlink.set(parent, Math.min(lowlink.get(parent), lowlink.get(frame.node)));
      }
      if (lowlink.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** A shortest cycle through `start` that stays inside its component (breadth-first search). */
function shortestCycle(graph, component, start) {
  const members = new Set(component);
  const previous = new Map();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    for (const successor of graph.get(node)) {
      if (!members.has(successor)) continue;
      if (successor === start) {
        const chain = [start];
        for (let at = node; at !== start; at = previous.get(at)) chain.splice(1, 0, at);
        chain.push(start);
        return chain;
      }
      if (!previous.has(successor)) {
        previous.set(successor, node);
        queue.push(successor);
      }
    }
  }
  return [start, start];
}

const { project } = parseArgs(process.argv.slice(2));
const projectDir = path.dirname(project);

/** Paths are printed relative to the tsconfig's folder (the repo root by default). */
function relative(file) {
  return path.relative(projectDir, file).split(path.sep).join('/') || file;
}

const parsed = loadProject(project);
const { graph, unresolved } = buildGraph(parsed);

for (const line of unresolved) console.warn(`check-cycles: warning: unresolved import ${line}`);

const cycles = stronglyConnectedComponents(graph)
  .filter((component) => component.length > 1 || graph.get(component[0]).has(component[0]))
  .map((component) => component.sort((a, b) => relative(a).localeCompare(relative(b))));

if (cycles.length === 0) {
  console.log(`no import cycles among ${graph.size} files`);
  process.exit(0);
}

console.error(`${cycles.length} import cycle${cycles.length === 1 ? '' : 's'} among ${graph.size} files:`);
for (const component of cycles) {
  const chain = shortestCycle(graph, component, component[0]);
  console.error(`\n  ${chain.map(relative).join('\n    -> ')}`);
  if (component.length > chain.length - 1) {
    console.error(`  (the same cycle group has ${component.length} files:`);
    for (const member of component) console.error(`     ${relative(member)}`);
    console.error('  )');
  }
}
console.error('\nBreak each cycle: move what both sides need into a third module both can import.');
process.exit(1);
