/**
 * Model-proposed rewrites: the language model sees the problem, the best kernel so far, its
 * timing and % of roofline, and the latest rejections with their reasons; it answers with one
 * complete source file. The harness judges it like any candidate — only correct, faster code is kept.
 */
import type { ChatMessage, LlmCapability } from '../../../kernel/contracts/index.js';
import type { Evaluation } from '../evaluation/evaluate.js';
import { prototype } from '../harness/header.js';
import type { BackendName, Config, Problem } from '../spec/index.js';
import type { Lesson } from './knowledge.js';

export interface Proposal { source: string; note: string }

const LANG: Record<BackendName, string> = { cpu: 'C (gcc/clang, OpenMP and GCC vector extensions allowed)', cuda: 'CUDA C++', triton: 'Python/Triton', torch: 'Python/PyTorch' };

export function buildPrompt(p: Problem, backend: BackendName, best: { source: string; config: Config; summary: string }, recent: Evaluation[], lessons: Lesson[]): ChatMessage[] {
  const failures = recent.filter((e) => e.status === 'rejected' || e.reason).slice(-5).map((e) => `- ${e.origin} ${JSON.stringify(e.config)}: ${e.stage ?? ''} ${e.reason ?? ''}`);
  const hints = lessons.slice(0, 3).map((l) => `- on ${l.problem} (${l.device}): ${l.change} gave ${l.speedup.toFixed(1)}x`);
  return [
    {
      role: 'system',
      content: `You are an expert performance engineer. You rewrite one ${LANG[backend]} kernel to make it faster while keeping it exactly correct. A trusted harness checks every candidate (5 correctness stages, inputs hashed, outputs poisoned, tolerance checks) and times it; cheating is detected. Answer with ONE complete source file in a single fenced code block, then one line starting with "NOTE:" saying what you changed.`,
    },
    {
      role: 'user',
      content: [
        `Problem: ${p.name} (${p.kind}). ${p.description}`,
        ...(p.language === 'python'
          ? [
              `The reference (model.py): the candidate file must define class ${p.python?.className ?? 'ModelNew'}(torch.nn.Module) with the same constructor arguments and forward inputs/outputs as Model, and must not modify its inputs:\n\`\`\`python\n${p.sources.reference}\n\`\`\``,
              `Tunable params, defined as module globals before the file runs (read them with globals().get(NAME, default)): ${Object.keys(p.params).join(', ') || 'none'}. Current values: ${JSON.stringify(best.config)}.`,
            ]
          : [
              `The function to implement (keep this exact signature; helpers must be static): ${prototype(p, p.entry)};`,
              `Tunable macros passed as -D (keep #ifndef defaults): ${Object.keys(p.params).join(', ') || 'none'}. Current values: ${JSON.stringify(best.config)}.`,
            ]),
        `Best so far: ${best.summary}`,
        failures.length ? `Recent rejections:\n${failures.join('\n')}` : '',
        hints.length ? `What worked before on this kind of kernel:\n${hints.join('\n')}` : '',
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
