import { describe, expect, it } from 'vitest';
import { BENCH_BUDGET, parseCliArgs, UsageError } from './args.js';

const usage = (argv: string[]) => {
  try {
    parseCliArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
};

describe('kernel-opt arguments', () => {
  it('reads a run with its flags, and the defaults', () => {
    expect(parseCliArgs(['run', 'p', '--backend', 'cuda', '--budget', '12', '--seconds', '30', '--strategy', 'anneal', '--compiler', 'clang', '--threads', '2', '--arch', 'sm_80', '--seed', '0', '--no-cache', '--no-llm', '--no-generate', '--json'])).toEqual({
      action: 'run', dir: 'p', backend: 'cuda', budget: 12, seconds: 30, strategy: 'anneal', compiler: 'clang', threads: 2, arch: 'sm_80', seed: 0, cache: false, llm: false, generate: false, json: true,
    });
    expect(parseCliArgs(['run', 'p'])).toEqual({ action: 'run', dir: 'p', budget: 40, strategy: 'model', cache: true, llm: true, generate: true, json: false });
    expect(parseCliArgs(['run', '--resume', 'r1'])).toMatchObject({ action: 'run', resume: 'r1' });
  });

  it('reads a bench: several targets, --out, the run options, and a small default budget', () => {
    expect(parseCliArgs(['bench', 'a', 'b.py', '--out', 'o', '--backend', 'torch', '--seconds', '20', '--no-llm', '--json'])).toEqual({
      action: 'bench', dirs: ['a', 'b.py'], out: 'o', backend: 'torch', budget: BENCH_BUDGET, seconds: 20, strategy: 'model', cache: true, llm: false, generate: true, json: true,
    });
    expect(parseCliArgs(['bench', 'a', '--budget', '2'])).toMatchObject({ action: 'bench', dirs: ['a'], budget: 2 });
    expect(parseCliArgs(['bench', '--help'])).toEqual({ action: 'help', topic: 'bench', json: false });
    expect(parseCliArgs(['help', 'bench'])).toMatchObject({ action: 'help', topic: 'bench' });
  });

  it('reads doctor, runs, show and help', () => {
    expect(parseCliArgs(['doctor', '--json'])).toEqual({ action: 'doctor', json: true });
    expect(parseCliArgs(['runs'])).toEqual({ action: 'runs', json: false });
    expect(parseCliArgs(['show', 'abc'])).toEqual({ action: 'show', runId: 'abc', json: false });
    expect(parseCliArgs(['--help'])).toMatchObject({ action: 'help' });
    expect(parseCliArgs(['help'])).toMatchObject({ action: 'help' });
  });

  it('says what is wrong', () => {
    expect(usage([])).toBe('say what to do');
    expect(usage(['frob'])).toBe('unknown action "frob"');
    expect(usage(['run'])).toMatch(/"run" needs a problem folder/);
    expect(usage(['show'])).toMatch(/"show" needs a run id/);
    expect(usage(['run', 'p', '--frobnicate'])).toMatch(/Unknown option '--frobnicate'/);
    expect(usage(['run', 'p', '--backend', 'fpga'])).toBe('--backend must be one of cpu, cuda, triton, torch, not "fpga"');
    expect(usage(['run', 'p', '--strategy', 'guess'])).toMatch(/--strategy must be one of exhaustive, random, anneal, model/);
    expect(usage(['run', 'p', '--budget', '0'])).toBe('--budget must be a number ≥ 1, not "0"');
    expect(usage(['run', 'p', '--threads', 'many'])).toBe('--threads must be a number ≥ 1, not "many"');
    expect(usage(['bench'])).toMatch(/"bench" needs one or more problem folders/);
    expect(usage(['bench', 'a', '--resume', 'r1'])).toMatch(/"bench" cannot --resume/);
    expect(usage(['run', 'p', '--out', 'o'])).toMatch(/--out is for "bench"/);
    expect(usage(['bench', 'a', '--budget', '2.5'])).toBe('--budget must be a whole number ≥ 1, not "2.5"');
  });
});
