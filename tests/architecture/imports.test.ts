import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEdge, checkFile, describeViolation } from './import-rules.js';
import { edgesOf, importsOf, resolveImport, sourceFiles } from './source-graph.js';

const root = path.resolve(__dirname, '../..');
const bad = (file: string, text: string) => checkFile({ file, text }).map((v) => v.rule);

describe('reading imports', () => {
  it('sees static, re-export, dynamic and require imports, and which are erased types', () => {
    const text = [
      `import a from './a.js';`,
      `import type { B } from './b.js';`,
      `import { type C, type D } from './c.js';`,
      `import { type E, f } from './e.js';`,
      `export { g } from './g.js';`,
      `export type { H } from './h.js';`,
      `export * from './i.js';`,
      `const j = await import('./j.js');`,
      `const k = require('./k.cjs');`,
      `let l: import('./l.js').L;`,
      `import './side-effect.css';`,
    ].join('\n');
    expect(importsOf('kernel/x/y.ts', text).map((r) => `${r.specifier} ${r.kind}${r.typeOnly ? ' type' : ''} @${r.line}`)).toEqual([
      './a.js static @1',
      './b.js static type @2',
      './c.js static type @3',
      './e.js static @4',
      './g.js reexport @5',
      './h.js reexport type @6',
      './i.js reexport @7',
      './j.js dynamic @8',
      './k.cjs require @9',
      './l.js type-query type @10',
      './side-effect.css static @11',
    ]);
  });

  it('ignores import-shaped text in strings, template strings and comments, and computed dynamic imports', () => {
    const text = [
      'const program = `import fs from "node:fs";`;',
      "const s = \"import x from './x.js'\";",
      "// import y from './y.js';",
      "/* export * from './z.js'; */",
      'const m = await import(path.join(dir, "index.js"));',
    ].join('\n');
    expect(importsOf('kernel/x/y.ts', text)).toEqual([]);
  });

  it('resolves a .js specifier to the .ts source, .mjs to itself, a folder to its index', () => {
    const files = new Set(['kernel/a/b.ts', 'kernel/a/c.tsx', 'kernel/a/child/run.mjs', 'kernel/a/d/index.ts']);
    const exists = (f: string) => files.has(f);
    expect(resolveImport('kernel/a/x.ts', './b.js', exists)).toBe('kernel/a/b.ts');
    expect(resolveImport('kernel/a/x.ts', './c.js', exists)).toBe('kernel/a/c.tsx');
    expect(resolveImport('kernel/a/x.ts', './child/run.mjs', exists)).toBe('kernel/a/child/run.mjs');
    expect(resolveImport('kernel/a/x.ts', './d', exists)).toBe('kernel/a/d/index.ts');
    expect(resolveImport('kernel/a/x.ts', '../../hosts/cli/main.js')).toBe('hosts/cli/main.ts');
    expect(resolveImport('kernel/a/x.ts', 'zod', exists)).toBeUndefined();
  });
});

describe('the import rules themselves', () => {
  it('catch a kernel importing Electron, React, the renderer, a skill or a host', () => {
    expect(bad('kernel/voice/x.ts', `import { app } from 'electron';`)).toHaveLength(1);
    expect(bad('kernel/voice/x.ts', `import React from 'react';`)).toHaveLength(1);
    expect(bad('kernel/voice/x.ts', `import { a } from '../../renderer/app.js';`)).toHaveLength(1);
    expect(bad('kernel/voice/x.ts', `const m = await import('../../skills/notes/index.js');`)).toHaveLength(1);
    expect(bad('kernel/voice/x.ts', `import { main } from '../../hosts/cli/index.js';`)).toEqual(['kernel/ is a library: it never imports hosts/ (the hosts import the kernel)']);
    expect(bad('kernel/open.ts', `const { serve } = await import('../hosts/server/index.js');`)).toHaveLength(1);
  });

  it('catch a subsystem reaching past another subsystem’s index', () => {
    expect(bad('kernel/voice/x.ts', `import { a } from '../intent/compiler.js';`)).toEqual(['kernel/voice may use kernel/intent only through its index.ts']);
    expect(bad('kernel/voice/x.ts', `import { a } from '../intent/index.js';`)).toEqual([]);
    expect(bad('kernel/voice/x.ts', `import { rng } from '../sdk/random.js';`)).toEqual([]);
    expect(bad('kernel/voice/x.ts', `import type { SlotSpec } from '../contracts/manifest.js';`)).toEqual([]);
  });

  it('catch kernel/contracts importing anything of ours', () => {
    expect(bad('kernel/contracts/x.ts', `import { a } from '../store/index.js';`)).toEqual(['kernel/contracts imports nothing of ours']);
    expect(bad('kernel/contracts/x.ts', `import { a } from './card.js';`)).toEqual([]);
  });

  it('catch a lower subsystem importing a higher one, type imports included', () => {
    expect(bad('kernel/sandbox/x.ts', `import { checkInstalled } from '../packages/index.js';`)).toEqual([
      'kernel/sandbox sits below kernel/packages in the subsystem order: a lower subsystem never imports a higher one (give it a narrow interface it declares instead)',
    ]);
    expect(bad('kernel/voice/x.ts', `import type { Kernel } from '../kernel.js';`)).toHaveLength(1);
    expect(bad('kernel/packages/x.ts', `import { listMcpTools } from '../mcp/index.js';`)).toEqual([]);
  });

  it('catch a skill importing another skill, kernel internals, a host, or the file system and processes', () => {
    expect(bad('skills/notes/index.ts', `import { x } from '../reminders/index.js';`)).toEqual(['a skill never imports another skill']);
    expect(bad('skills/notes/index.ts', `import { x } from '../../kernel/store/index.js';`)).toHaveLength(1);
    expect(bad('skills/notes/index.ts', `import { x } from '../../hosts/cli/index.js';`)).toHaveLength(1);
    expect(bad('skills/notes/index.ts', `import { defineSkill } from '../../kernel/contracts/index.js';\nimport { y } from './parse.js';\nimport { rng } from '../../kernel/sdk/random.js';`)).toEqual([]);
    for (const mod of ['node:fs', 'node:fs/promises', 'node:child_process', 'fs', 'fs/promises', 'child_process']) {
      expect(bad('skills/tools/lib/run.ts', `import m from '${mod}';`)).toEqual(['skills never use the file system or processes directly: they use ctx.fs and ctx.exec']);
      expect(bad('skills/tools/lib/run.ts', `const m = await import('${mod}');`)).toHaveLength(1);
    }
    expect(bad('skills/tools/lib/run.ts', `import path from 'node:path';\nimport os from 'node:os';`)).toEqual([]);
    expect(bad('skills/tools/lib/run.test.ts', `import fs from 'node:fs';`)).toEqual([]);
  });

  it('catch a host reaching into kernel internals, main/, the renderer, a skill, or another host’s internals', () => {
    expect(bad('hosts/cli/commands/x.ts', `import { openKernel } from '../../../kernel/index.js';\nimport { installSkill } from '../../../kernel/packages/index.js';\nimport type { Response } from '../../../kernel/contracts/request.js';`)).toEqual([]);
    expect(bad('hosts/server/x.ts', `import type { Kernel } from '../../kernel/kernel.js';`)).toEqual(['hosts/ use the kernel only through kernel/index.ts, a subsystem’s index.ts or kernel/contracts']);
    expect(bad('hosts/cli/x.ts', `import { notes } from '../../skills/notes/index.js';`)).toHaveLength(1);
    expect(bad('hosts/server/x.ts', `import { dispatch } from '../bridge/index.js';`)).toEqual([]);
    expect(bad('hosts/server/x.ts', `import { handlers } from '../bridge/grants.js';`)).toEqual(['a host uses hosts/bridge only through its index.ts']);
    expect(bad('hosts/server/x.ts', `import { a } from '../../main/electron/ipc.js';`)).toHaveLength(1);
  });

  it('catch main/ reaching past the public index files of the kernel and the hosts', () => {
    expect(bad('main/electron/x.ts', `import { StaticFiles } from '../../hosts/server/index.js';\nimport type { KernelEvent } from '../../kernel/contracts/index.js';`)).toEqual([]);
    expect(bad('main/electron/x.ts', `import { KernelHost } from '../../hosts/kernel-process/host.js';`)).toEqual(['main/ uses hosts/kernel-process only through its index.ts']);
    expect(bad('main/electron/x.ts', `import { Kernel } from '../../kernel/kernel.js';`)).toHaveLength(1);
    expect(bad('main/electron/x.ts', `import { App } from '../../renderer/components/App.js';`)).toHaveLength(1);
  });

  it('catch the renderer importing Node, hosts or kernel values', () => {
    expect(bad('renderer/app.tsx', `import fs from 'node:fs';`)).toHaveLength(1);
    expect(bad('renderer/app.tsx', `import { RequestSchema } from '../kernel/contracts/index.js';`)).toHaveLength(1);
    expect(bad('renderer/app.tsx', `import { dispatch } from '../hosts/bridge/index.js';`)).toHaveLength(1);
    expect(bad('renderer/app.tsx', `import type { Response } from '../kernel/contracts/index.js';`)).toHaveLength(0);
    expect(bad('renderer/app.tsx', `import { type Response, type Card } from '../kernel/contracts/index.js';`)).toHaveLength(0);
  });
});

describe('the repository', () => {
  it('follows the import rules of ARCHITECTURE.md', () => {
    const files = sourceFiles(root);
    expect(files.length).toBeGreaterThan(20);
    const violations = edgesOf(files, root).flatMap(checkEdge).map(describeViolation);
    expect(violations).toEqual([]);
  });
});
