/**
 * A mathjs instance loaded on first use (it costs most of a second to load, so requests that
 * never compute do not pay for it). User text is evaluated here, so the functions that could
 * change the instance or parse code are disabled, as mathjs's security notes recommend.
 */
import type { MathJsInstance } from 'mathjs';

export interface Calculator {
  evaluate: MathJsInstance['evaluate'];
  unit: MathJsInstance['unit'];
}

let instance: Promise<Calculator> | undefined;

export function calculator(): Promise<Calculator> {
  instance ??= import('mathjs').then(({ create, all }) => {
    const m = create(all as NonNullable<typeof all>, {});
    // Captured before the overrides below, so our evaluate keeps working while expressions lose these.
    const evaluate = m.evaluate;
    const unit = m.unit;
    const blocked = (name: string) => () => {
      throw new Error(`"${name}" is not available in the calculator`);
    };
    m.import(
      Object.fromEntries(['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'resolve', 'reviver', 'compile'].map((n) => [n, blocked(n)])),
      { override: true },
    );
    return { evaluate, unit };
  });
  return instance;
}
