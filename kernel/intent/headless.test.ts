// Template heads and headless templates: what a template starts with, printing a syntax tree
// back to source, and which templates keep enough words once their head is gone.
import { describe, expect, it } from 'vitest';
import { parseTemplate, type Node } from './grammar.js';
import { firstWords, headlessSource, printTemplate } from './headless.js';

const rules = new Map<string, Node>([
  ['pre', parseTemplate('[please] [(can|could) you]')],
  ['setrem', parseTemplate("(remind me|set [me] a reminder|don't let me forget)")],
]);

describe('firstWords', () => {
  it('collects the words a template can start with, through rules and optional parts', () => {
    const f = firstWords(parseTemplate('<pre> <setrem> to {task}'), rules)!;
    expect([...f.words].sort()).toEqual(['can', 'could', 'don', 'please', 'remind', 'set']);
    expect(f.nullable).toBe(false);
    expect(firstWords(parseTemplate('[please] {task}'), rules)).toBeUndefined();
    expect(firstWords(parseTemplate('<pre>'), rules)!.nullable).toBe(true);
  });
});

describe('printTemplate', () => {
  it('prints what parses back to the same tree', () => {
    for (const src of ['<pre> <setrem> (to|about) {task} [in {when}]', 'turn on the light[s] (1..5) times *', '(a|b c) [d|e]']) {
      const ast = parseTemplate(src);
      expect(parseTemplate(printTemplate(ast))).toEqual(ast);
    }
  });
});

describe('headlessSource', () => {
  it('drops the head with the optional words before it', () => {
    expect(headlessSource(parseTemplate('<pre> <setrem> (in|at) {when} (to|about) {task}'), rules)).toBe('(in|at) {when} (to|about) {task}');
    expect(headlessSource(parseTemplate('(set|start) [a] timer for {duration}'), rules)).toBe('[a] timer for {duration}');
  });

  it('keeps none when the rest has too few words or no slot, or the template starts with a slot', () => {
    expect(headlessSource(parseTemplate('<setrem> to {task}'), rules)).toBeUndefined();
    expect(headlessSource(parseTemplate('list my notes'), rules)).toBeUndefined();
    expect(headlessSource(parseTemplate('{when} remind me to {task}'), rules)).toBeUndefined();
    expect(headlessSource(parseTemplate('remind'), rules)).toBeUndefined();
  });
});
