import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KERNEL_ORDER, layerViolation } from './layers.js';

const root = path.resolve(__dirname, '../..');

describe('the subsystem order', () => {
  it('lets a subsystem import the ones below it and not the ones above it', () => {
    expect(layerViolation('kernel/packages/install.ts', 'kernel/sandbox/index.ts')).toBeUndefined();
    expect(layerViolation('kernel/sandbox/runner.ts', 'kernel/packages/index.ts')).toMatch(/^kernel\/sandbox sits below kernel\/packages/);
    expect(layerViolation('kernel/intent/compiler.ts', 'kernel/intent/prefilter.ts')).toBeUndefined();
  });

  it('puts the composition root above every subsystem', () => {
    expect(layerViolation('kernel/kernel.ts', 'kernel/dispatch/index.ts')).toBeUndefined();
    expect(layerViolation('kernel/voice/service.ts', 'kernel/kernel.ts')).toMatch(/^kernel\/voice sits below the composition root/);
  });

  it('refuses a subsystem the order does not declare, naming where to declare it', () => {
    expect(layerViolation('kernel/cli/main.ts', 'kernel/store/index.ts')).toMatch(/^kernel\/cli is not in the declared subsystem order: add it to KERNEL_ORDER/);
  });

  it('keeps contracts at the bottom and dispatch at the top', () => {
    expect(KERNEL_ORDER[0]).toBe('contracts');
    expect(KERNEL_ORDER.at(-1)).toBe('dispatch');
    expect(new Set(KERNEL_ORDER).size).toBe(KERNEL_ORDER.length);
  });
});

// The order itself is enforced on every kernel import by the import rules (imports.test.ts).
describe('the repository', () => {
  it('declares every kernel subsystem in the order, and no subsystem that is gone', () => {
    const dirs = fs
      .readdirSync(path.join(root, 'kernel'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect({ undeclared: dirs.filter((d) => !(KERNEL_ORDER as readonly string[]).includes(d)), gone: KERNEL_ORDER.filter((s) => !dirs.includes(s)) }).toEqual({ undeclared: [], gone: [] });
  });

});
