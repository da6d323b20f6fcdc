/**
 * The agent loop: ask the model, run the tool calls it makes (through the caller, which sends each
 * through the kernel's dispatch), give it the results, and again — until it answers, says no tool
 * fits, a call must wait for the user, or a limit (steps, tokens, time) is reached. Works with
 * tool-calling models and, in JSON mode, with models that only write text.
 */
import type { ChatChunk, ChatOptions, ChatResult, LlmMessage } from '../llm/index.js';
import { LlmError } from '../llm/index.js';
import { CANNOT, parseJsonReply, parseLooseObject } from './parse.js';
import { openingMessages, toolResultText, type AgentContext } from './prompt.js';
import type { AgentTool } from './tools.js';

export interface ChatClient {
  chat(messages: LlmMessage[], options?: ChatOptions): Promise<ChatResult>;
  stream(messages: LlmMessage[], options?: ChatOptions): AsyncGenerator<ChatChunk>;
}

export interface AgentLimits {
  maxSteps: number;
  maxTokens: number;
  timeMs: number;
}

/** What running one call came to: a result for the model, a refusal it can correct, or the end of the run (the user must answer first). */
export type CallOutcome = { kind: 'ran'; ok: boolean; text: string; data?: unknown; untrusted?: boolean } | { kind: 'refused'; problem: string } | { kind: 'stop' };

export type AgentStep = { kind: 'call'; step: number; tool: AgentTool; arguments: Record<string, unknown> } | { kind: 'result'; step: number; tool: AgentTool; ok: boolean; text: string };

export interface LoopHost {
  client: ChatClient;
  tools: AgentTool[];
  limits: AgentLimits;
  mode: 'auto' | 'on' | 'off';
  stream: boolean;
  /** Timeout of one model call (llm.timeoutMs). */
  callTimeoutMs: number;
  /** Milliseconds, for the time limit (tests inject it). */
  elapsed(): number;
  call(tool: AgentTool, args: Record<string, unknown>): Promise<CallOutcome>;
  /** A tool the model named that was not offered (another enabled skill's intent); it runs under the same rules. */
  resolve?(name: string): AgentTool | undefined;
  onStep?(step: AgentStep): void;
}

export type LoopEnd =
  | { kind: 'answer'; text: string }
  | { kind: 'cannot'; text: string }
  | { kind: 'stopped' }
  | { kind: 'limit'; code: string; message: string; fix: string }
  | { kind: 'failed'; error: unknown };

export interface LoopResult {
  end: LoopEnd;
  /** Model calls made. */
  steps: number;
  tokens: number;
  jsonMode: boolean;
}

/** The server refused the tools themselves ("model x does not support tools"). */
const noToolSupport = (e: unknown) => e instanceof LlmError && (e.code === 'bad_request' || e.code === 'server') && /\btools?\b|function.?call/i.test(e.message);

/** Malformed calls in a row before the run gives up. */
const MAX_BAD_CALLS = 2;

export async function runAgent(ctx: AgentContext, host: LoopHost): Promise<LoopResult> {
  const { limits } = host;
  let jsonMode = host.mode === 'off';
  let messages = openingMessages(ctx, jsonMode ? host.tools : undefined);
  let steps = 0;
  let tokens = 0;
  let bad = 0;
  const byName = new Map(host.tools.map((t) => [t.name, t]));
  const done = (end: LoopEnd): LoopResult => ({ end, steps, tokens, jsonMode });

  while (steps < limits.maxSteps) {
    const remaining = limits.timeMs - host.elapsed();
    if (remaining <= 0) return done(timeLimit(limits));
    if (tokens >= limits.maxTokens) return done(tokenLimit(limits, tokens));
    let result: ChatResult;
    try {
      result = await ask(host, messages, jsonMode, Math.ceil(Math.min(host.callTimeoutMs, remaining)), Math.max(16, Math.min(2048, limits.maxTokens - tokens)));
    } catch (error) {
      if (!jsonMode && host.mode === 'auto' && noToolSupport(error)) {
        jsonMode = true;
        messages = openingMessages(ctx, host.tools);
        continue;
      }
      if (error instanceof LlmError && error.code === 'timeout' && remaining < host.callTimeoutMs) return done(timeLimit(limits));
      return done({ kind: 'failed', error });
    }
    steps++;
    tokens += result.usage ? result.usage.promptTokens + result.usage.completionTokens : Math.ceil((JSON.stringify(messages).length + result.content.length) / 4);

    const calls = jsonMode ? jsonCalls(result.content) : result.toolCalls.map((c) => ({ id: c.id, name: c.name, raw: c.arguments }));
    if ('answer' in calls) {
      const text = calls.answer.trim();
      return done(CANNOT.test(text) || calls.cannot ? { kind: 'cannot', text: text.replace(CANNOT, '') } : { kind: 'answer', text });
    }
    if ('problem' in calls) {
      if (++bad > MAX_BAD_CALLS) return done(malformed(calls.problem));
      messages.push({ role: 'assistant', content: result.content }, { role: 'user', content: `Your reply could not be read: ${calls.problem}. Answer with one JSON object as described.` });
      continue;
    }
    if (calls.length === 0) {
      const text = result.content.trim();
      if (!text) return done(malformed('it sent neither an answer nor a tool call'));
      return done(CANNOT.test(text) ? { kind: 'cannot', text: text.replace(CANNOT, '') } : { kind: 'answer', text });
    }
    if (steps >= limits.maxSteps) break;
    if (tokens >= limits.maxTokens) return done(tokenLimit(limits, tokens));

    messages.push(jsonMode ? { role: 'assistant', content: result.content } : { role: 'assistant', content: result.content, toolCalls: result.toolCalls });
    let anyBad = false;
    for (const call of calls) {
      const tool = byName.get(call.name) ?? host.resolve?.(call.name);
      const args = typeof call.raw === 'string' ? parseLooseObject(call.raw) : { value: call.raw, repaired: false };
      let outcome: CallOutcome;
      if (!tool) outcome = { kind: 'refused', problem: `There is no tool named "${call.name}". Use one of: ${[...byName.keys()].join(', ')}.` };
      else if ('problem' in args) outcome = { kind: 'refused', problem: `The call of ${tool.name} was refused: ${args.problem}.` };
      else {
        host.onStep?.({ kind: 'call', step: steps, tool, arguments: args.value });
        outcome = await host.call(tool, args.value);
        if (outcome.kind === 'ran') host.onStep?.({ kind: 'result', step: steps, tool, ok: outcome.ok, text: outcome.text });
      }
      if (outcome.kind === 'stop') return done({ kind: 'stopped' });
      if (outcome.kind === 'refused') anyBad = true;
      const text = outcome.kind === 'ran' ? toolResultText(call.name, outcome) : `<tool-result tool="${call.name}" status="refused">\n${outcome.problem}\n</tool-result>`;
      messages.push(jsonMode ? { role: 'user', content: text } : { role: 'tool', content: text, toolCallId: call.id });
    }
    bad = anyBad ? bad + 1 : 0;
    if (bad > MAX_BAD_CALLS) return done(malformed('its tool calls named no offered tool or had unreadable arguments, again and again'));
  }
  return done({
    kind: 'limit',
    code: 'agent_step_limit',
    message: `The model used its ${limits.maxSteps} steps without finishing, so the agent stopped.`,
    fix: `Ask for less at once, or allow more steps: agentos settings set llm.agentMaxSteps ${Math.min(50, limits.maxSteps * 2)}`,
  });
}

type Calls = { id: string; name: string; raw: string | Record<string, unknown> }[] | { answer: string; cannot?: boolean } | { problem: string };

function jsonCalls(content: string): Calls {
  const reply = parseJsonReply(content);
  if (reply.kind === 'tool') return [{ id: 'json', name: reply.name, raw: reply.arguments }];
  if (reply.kind === 'answer') return { answer: reply.text };
  if (reply.kind === 'cannot') return { answer: reply.text, cannot: true };
  return { problem: reply.problem };
}

async function ask(host: LoopHost, messages: LlmMessage[], jsonMode: boolean, timeoutMs: number, maxTokens: number): Promise<ChatResult> {
  const options: ChatOptions = { timeoutMs, maxTokens, temperature: 0, ...(jsonMode ? {} : { tools: host.tools }) };
  if (!host.stream) return host.client.chat(messages, options);
  for await (const chunk of host.client.stream(messages, options)) if (chunk.type === 'done') return chunk.result;
  throw new LlmError('bad_response', 'The streamed answer ended before it was complete.', 'Check the model server’s log, or set llm.stream false.');
}

function timeLimit(limits: AgentLimits): LoopEnd {
  return { kind: 'limit', code: 'agent_time_limit', message: `The agent ran out of time (${Math.round(limits.timeMs / 1000)} s) before the model finished.`, fix: `Use a faster model, or allow more time: agentos settings set llm.agentTimeMs ${limits.timeMs * 2}` };
}

function tokenLimit(limits: AgentLimits, used: number): LoopEnd {
  return { kind: 'limit', code: 'agent_token_limit', message: `The agent used ${used} tokens, over its limit of ${limits.maxTokens}, before the model finished.`, fix: `Ask for less at once, or allow more: agentos settings set llm.agentMaxTokens ${limits.maxTokens * 2}` };
}

function malformed(problem: string): LoopEnd {
  return { kind: 'limit', code: 'agent_malformed', message: `The model's replies could not be used: ${problem}.`, fix: 'Try a model with tool support (e.g. qwen2.5 or llama3.1), or set llm.tools off to use JSON answers.' };
}
