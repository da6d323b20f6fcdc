import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeCycle, findCycles, runtimeEdges } from './cycles.js';
import { edgesOf, sourceFiles, type SourceFile } from './source-graph.js';

const root = path.resolve(__dirname, '../..');
const cyclesOf = (files: SourceFile[], runtimeOnly = false) => {
  const edges = edgesOf(files);
  return findCycles(runtimeOnly ? runtimeEdges(edges) : edges);
};
const file = (name: string, ...lines: string[]): SourceFile => ({ file: name, text: lines.join('\n') });

describe('finding cycles', () => {
  it('finds a two-file cycle, with a loop and every import that ties it', () => {
    const cycles = cyclesOf([
      file('kernel/intent/compiler.ts', `import { templateNeed } from './prefilter.js';`),
      file('kernel/intent/prefilter.ts', `import type { Node } from './grammar.js';`, `import { listForms } from './compiler.js';`),
      file('kernel/intent/grammar.ts', ''),
    ]);
    expect(cycles.map((c) => c.loop)).toEqual([['kernel/intent/compiler.ts', 'kernel/intent/prefilter.ts', 'kernel/intent/compiler.ts']]);
    expect(describeCycle(cycles[0]!)).toContain('kernel/intent/prefilter.ts:2 → kernel/intent/compiler.ts  (static "./compiler.js")');
  });

  it('follows dynamic imports and re-exports across subsystems', () => {
    const cycles = cyclesOf(
      [
        file('kernel/packages/index.ts', `export const installSkill = async () => (await import('./install.js')).installSkill();`),
        file('kernel/packages/install.ts', `import { listMcpTools } from '../mcp/index.js';`),
        file('kernel/mcp/index.ts', `export { connectMcp } from './server.js';`),
        file('kernel/mcp/server.ts', `import { buildCommand } from '../sandbox/index.js';`),
        file('kernel/sandbox/index.ts', `export { SandboxRunner } from './runner.js';`),
        file('kernel/sandbox/runner.ts', `import { checkInstalled } from '../packages/index.js';`),
      ],
      true,
    );
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.files).toHaveLength(6);
    expect(cycles[0]!.loop[0]).toBe(cycles[0]!.loop.at(-1));
    expect(cycles[0]!.edges.map((e) => e.kind)).toContain('dynamic');
  });

  it('counts a type-only cycle in the whole graph, not in the run-time one', () => {
    const files = [
      file('renderer/stores/types.ts', `import type { ChatSlice } from './slices/chat/slice.js';`),
      file('renderer/stores/slices/chat/slice.ts', `import type { SliceCreator } from '../../types.js';`),
    ];
    expect(cyclesOf(files, true)).toEqual([]);
    expect(cyclesOf(files).map((c) => c.files)).toEqual([['renderer/stores/slices/chat/slice.ts', 'renderer/stores/types.ts']]);
  });

  it('finds a file importing itself, and nothing in a graph without loops', () => {
    expect(cyclesOf([file('kernel/a/x.ts', `import { y } from './x.js';`)]).map((c) => c.loop)).toEqual([['kernel/a/x.ts', 'kernel/a/x.ts']]);
    expect(cyclesOf([file('kernel/a/x.ts', `import { y } from './y.js';`), file('kernel/a/y.ts', `import { z } from './z.js';`), file('kernel/a/z.ts', '')])).toEqual([]);
  });

  it('separates independent cycles', () => {
    const cycles = cyclesOf([
      file('kernel/a/x.ts', `import './y.js';`),
      file('kernel/a/y.ts', `import './x.js';`),
      file('kernel/b/x.ts', `import './y.js';`),
      file('kernel/b/y.ts', `import './z.js';`),
      file('kernel/b/z.ts', `import './x.js';`),
    ]);
    expect(cycles.map((c) => c.files.length)).toEqual([2, 3]);
  });
});

describe('the repository', () => {
  const edges = edgesOf(sourceFiles(root), root);

  it('has no import cycle that runs when modules load (static imports, re-exports, dynamic imports)', () => {
    expect(findCycles(runtimeEdges(edges)).map(describeCycle)).toEqual([]);
  });

  it('has no import cycle through type imports either', () => {
    // A cycle without any type import is the run-time test's to report.
    expect(findCycles(edges).filter((c) => c.edges.some((e) => e.typeOnly)).map(describeCycle)).toEqual([]);
  });
});
