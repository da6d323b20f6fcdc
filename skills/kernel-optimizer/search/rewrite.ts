/**
 * Model-proposed rewrites: the language model sees the problem, how the harness judges a candidate
 * (as it is), the best kernel so far, its timing and % of roofline, the latest rejections with their
 * reasons and the knowledge base's lessons (this kind's first, other kinds' when there are few);
 * it answers with one complete source file. The harness judges it like any candidate — only correct, faster code is kept.
 */
import type { ChatMessage, LlmCapability } from '../../../kernel/contracts/index.js';
import type { Evaluation } from '../evaluation/evaluate.js';
import { prototype } from '../harness/header.js';
import type { BackendName, Config, Problem } from '../spec/index.js';
import type { Lesson } from './knowledge.js';

export interface Proposal { source: string; note: string }

const LANG: Record<BackendName, string> = { cpu: 'C (gcc/clang, OpenMP and GCC vector extensions allowed)', cuda: 'CUDA C++', triton: 'Python/Triton', torch: 'Python/PyTorch' };

/** How the trusted harness judges a candidate, as it is: the model must write code that passes it. */
export function harnessDescription(p: Problem): string {
  const py = p.language === 'python';
  return [
    'How your file is judged (by a trusted harness you cannot see or change; the candidate never checks or times itself):',
    `1. smoke: the smallest shape must run and give no NaN/Inf where the reference has none; 2. shape sweep: every declared shape${py ? " (model.py's module-level sizes are changed, so never hard-code a size; read shapes from the inputs)" : ''}; 3. numerical stability: inputs scaled very large and very small, mixed magnitudes, signs and special values, all zeros; 4. determinism: two runs on the same inputs must agree bitwise${p.deterministic ? '' : ' (here: within tolerance)'}; 5. edge shapes: sizes of 1, small primes, odd neighbours.`,
    py
      ? 'Every output is compared against the reference Model run in float64 on the same inputs (tolerance per dtype, e.g. float32 atol 1e-5 / rtol 1e-4, or no further off than twice the fp32 reference\'s own error); the comparison is done in a separate process the candidate never touches, so patching torch functions, the clock or the harness is pointless and is detected.'
      : 'Every output is compared against a higher-precision reference within the declared tolerance; outputs are pre-filled with NaN poison (every element must be written), inputs are hashed (writing an input is rejected), guard bytes catch out-of-bounds writes.',
    'Timing: warm-up calls, then many timed calls, each on freshly random input contents (not predictable from a few samples), with the cache flushed when the data fits in it; randomly chosen timed calls are verified too, so caching or memoizing results by pointer, shape or sampled values is rejected, as is an output that shares storage with an input or repeats for different inputs. A result faster than the measured memory bandwidth and compute roof allows is re-verified and flagged.',
    'Rejected: wrong results beyond tolerance, skipped work, writes to inputs, outputs aliasing inputs, cached answers, nondeterminism, crashes and time-outs. The rejection reasons of earlier candidates are listed below: avoid repeating them.',
  ].join('\n');
}

export function buildPrompt(p: Problem, backend: BackendName, best: { source: string; config: Config; summary: string; params?: Problem['params'] }, recent: Evaluation[], lessons: Lesson[]): ChatMessage[] {
  const failures = recent.filter((e) => e.status === 'rejected' || e.reason).slice(-5).map((e) => `- ${e.origin} ${e.sourceId} ${JSON.stringify(e.config)}: ${e.stage ?? ''} ${e.reason ?? ''}`);
  const hints = lessons.slice(0, 5).map((l) => `- ${l.kind === p.kind ? '' : `(another kind: ${l.kind}) `}on ${l.problem} (${l.device}): ${l.change} gave ${l.speedup.toFixed(1)}x`);
  const params = Object.keys(best.params ?? p.params);
  return [
    {
      role: 'system',
      content: `You are an expert performance engineer. You rewrite one ${LANG[backend]} kernel to make it faster while keeping it exactly correct. A trusted harness checks and times every candidate; cheating is detected and rejected. Answer with ONE complete source file in a single fenced code block, then one line starting with "NOTE:" saying what you changed.`,
    },
    {
      role: 'user',
      content: [
        `Problem: ${p.name} (${p.kind}). ${p.description}`,
        ...(p.language === 'python'
          ? [
              `The reference (model.py): the candidate file must define class ${p.python?.className ?? 'ModelNew'}(torch.nn.Module) with the same constructor arguments and forward inputs/outputs as Model, and must not modify its inputs:\n\`\`\`python\n${p.sources.reference}\n\`\`\``,
              `Tunable params, defined as module globals before the file runs (read them with globals().get(NAME, default)): ${params.join(', ') || 'none'}. Current values: ${JSON.stringify(best.config)}.`,
            ]
          : [
              `The function to implement (keep this exact signature; helpers must be static): ${prototype(p, p.entry)};`,
              `Tunable macros passed as -D (keep #ifndef defaults): ${params.join(', ') || 'none'}. Current values: ${JSON.stringify(best.config)}.`,
            ]),
        harnessDescription(p),
        `Best so far: ${best.summary}`,
        failures.length ? `Recent rejections:\n${failures.join('\n')}` : '',
        hints.length ? `What worked before (this machine's knowledge base):\n${hints.join('\n')}` : '',
        `Current best source:\n\`\`\`\n${best.source}\n\`\`\``,
      ]
        .filter(Boolean)
        .join('\n\n'),
    },
  ];
}

export function parseProposal(answer: string): Proposal | { error: string } {
  const blocks = [...answer.matchAll(/```[a-zA-Z+]*\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const source = blocks.sort((a, b) => b.length - a.length)[0];
  if (!source || source.trim().length < 20) return { error: 'the model answered without a fenced code block' };
  const note = /NOTE:\s*(.+)/.exec(answer)?.[1]?.trim() ?? 'model rewrite';
  return { source: source.trimEnd() + '\n', note: note.slice(0, 300) };
}

export async function proposeRewrite(llm: LlmCapability, messages: ChatMessage[]): Promise<Proposal | { error: string }> {
  try {
    const answer = await llm.chat(messages, { maxTokens: 4000, temperature: 0.4 });
    return parseProposal(answer);
  } catch (e) {
    return { error: `the language model failed: ${(e as Error).message}` };
  }
}
