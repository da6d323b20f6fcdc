import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, sourceFiles } from './import-rules.js';

const root = path.resolve(__dirname, '../..');

describe('the import rules themselves', () => {
  const bad = (file: string, text: string) => checkFile({ file, text }).map((v) => v.rule);
  it('catch a kernel importing Electron, React or the renderer', () => {
    expect(bad('kernel/voice/x.ts', `import { app } from 'electron';`)).toHaveLength(1);
    expect(bad('kernel/voice/x.ts', `import React from 'react';`)).toHaveLength(1);
    expect(bad('kernel/voice/x.ts', `import { a } from '../../renderer/app.js';`)).toHaveLength(1);
    expect(bad('kernel/cli/x.ts', `const m = await import('../../skills/notes/index.js');`)).toHaveLength(1);
  });
  it('catch a subsystem reaching past another subsystem’s index', () => {
    expect(bad('kernel/voice/x.ts', `import { a } from '../graph/sqlite-store.js';`)).toHaveLength(1);
    expect(bad('kernel/voice/x.ts', `import { a } from '../graph/index.js';`)).toHaveLength(0);
    expect(bad('kernel/contracts/x.ts', `import { a } from '../store/index.js';`)).toHaveLength(1);
  });
  it('catch a skill importing another skill or kernel internals', () => {
    expect(bad('skills/notes/index.ts', `import { x } from '../reminders/index.js';`)).toHaveLength(1);
    expect(bad('skills/notes/index.ts', `import { x } from '../../kernel/store/index.js';`)).toHaveLength(1);
    expect(bad('skills/notes/index.ts', `import { defineSkill } from '../../kernel/contracts/index.js';\nimport { y } from './parse.js';`)).toHaveLength(0);
  });
  it('catch the renderer importing Node or kernel values', () => {
    expect(bad('renderer/app.tsx', `import fs from 'node:fs';`)).toHaveLength(1);
    expect(bad('renderer/app.tsx', `import { RequestSchema } from '../kernel/contracts/index.js';`)).toHaveLength(1);
    expect(bad('renderer/app.tsx', `import type { Response } from '../kernel/contracts/index.js';`)).toHaveLength(0);
  });
});

describe('the repository', () => {
  it('follows the import rules of ARCHITECTURE.md', () => {
    const files = sourceFiles(root);
    expect(files.length).toBeGreaterThan(20);
    const violations = files.flatMap(checkFile).map((v) => `${v.file}: "${v.specifier}" — ${v.rule}`);
    expect(violations).toEqual([]);
  });
});
