/**
 * Agent mode's limits and failures, over real HTTP: an endpoint that is down or slow, the step,
 * token and time limits, a hosted endpoint refused by default — each ends with a message naming
 * the fix — and no endpoint at all, where nothing changes and no request is made.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LlmError } from '../../kernel/llm/index.js';
import { modelFailure } from '../../kernel/agent/index.js';
import { startScriptedServer, type ScriptedTurn } from '../../kernel/llm/test-server.js';
import { agentKernel, keepModel, perTest } from './helpers.js';

const { setup, track } = perTest();


const listNotes: ScriptedTurn = { toolCalls: [{ name: 'notes__list', arguments: '{}' }] };

describe('with no endpoint nothing changes', () => {
  it('makes no request and answers as the classical path does', async () => {
    const { server, kernel } = track({ server: await startScriptedServer({ script: () => ({ content: 'should never be asked' }) }), kernel: await agentKernel({ 'llm.model': 'tiny-chat', 'llm.agentBelow': 0.99 }) });
    keepModel(kernel);
    for (const text of ['book me a seat on the cheapest flight to Lisbon', 'ask the model: what is 2 plus 2', 'add a note: buy oat milk']) {
      const r = await kernel.handle({ text });
      expect(r.viaModel).toBeUndefined();
    }
    expect((await kernel.handle({ text: 'book me a seat on the cheapest flight to Lisbon' })).status).toBe('not_understood');
    expect(server.connections).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('a hosted endpoint is refused unless llm.allowRemote is set, before any request', async () => {
    const { kernel } = track({ kernel: await agentKernel({ 'llm.endpoint': 'https://api.example.com/v1', 'llm.model': 'big' }) });
    const r = await kernel.handle({ text: 'ask the model: what is the capital of France' });
    expect(r.status).toBe('error');
    expect(r.error?.code).toBe('llm_remote_refused');
    expect(r.error?.fix).toMatch(/agentos settings set llm\.allowRemote true/);
    expect(r.viaModel).toBeUndefined();
  });
});

describe('failures name the fix', () => {
  it('an endpoint that is down', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { kernel } = track({ kernel: await agentKernel({ 'llm.endpoint': `http://127.0.0.1:${port}/v1`, 'llm.model': 'tiny-chat' }) });
    const asked = await kernel.handle({ text: 'ask the model: what is the capital of France' });
    expect(asked.status).toBe('error');
    expect(asked.error?.code).toBe('llm_unreachable');
    expect(asked.text).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*not answering`));
    expect(asked.error?.fix).toMatch(/Start the model server.*llm\.endpoint/);
    // A request the classical path missed keeps its answer and suggestions, with the reason the model was not asked.
    const missed = await kernel.handle({ text: 'book me a seat on the cheapest flight to Lisbon' });
    expect(missed.status).toBe('not_understood');
    expect(missed.suggestions.length).toBeGreaterThan(0);
    expect(missed.error?.code).toBe('llm_unreachable');
  });

  it('Ollama’s port says how to start Ollama', () => {
    const f = modelFailure(new LlmError('unreachable', 'Could not reach http://127.0.0.1:11434/v1/chat/completions (ECONNREFUSED).', 'x'), 'http://127.0.0.1:11434/v1');
    expect(f.fix).toMatch(/^Start Ollama: ollama serve/);
  });

  it('a model call that times out', async () => {
    const { kernel } = await setup(() => ({ content: 'late', delayMs: 3_000 }), { 'llm.timeoutMs': 1_000 });
    const r = await kernel.handle({ text: 'ask the model: what is the capital of France' });
    expect(r.error?.code).toBe('llm_timeout');
    expect(r.error?.fix).toMatch(/llm\.timeoutMs/);
  });

  it('the agent’s time limit', async () => {
    const { kernel } = await setup((_r, n) => (n === 0 ? listNotes : { content: 'late', delayMs: 3_000 }), { 'llm.timeoutMs': 10_000, 'llm.agentTimeMs': 1_000 });
    const r = await kernel.handle({ text: 'ask the model: what notes do I have' });
    expect(r.error?.code).toBe('agent_time_limit');
    expect(r.error?.fix).toMatch(/llm\.agentTimeMs/);
  });
});

describe('limits', () => {
  it('the step limit stops a model that never answers', async () => {
    const { server, kernel } = await setup(() => listNotes, { 'llm.agentMaxSteps': 3 });
    const r = await kernel.handle({ text: 'ask the model: what notes do I have' });
    expect(server.requests).toHaveLength(3);
    expect(r.steps).toHaveLength(2);
    expect(r.status).toBe('partial');
    expect(r.error?.code).toBe('agent_step_limit');
    expect(r.text).toMatch(/used its 3 steps/);
    expect(r.error?.fix).toMatch(/agentos settings set llm\.agentMaxSteps 6/);
    expect(r.viaModel?.steps).toBe(3);
  });

  it('the token limit stops it before the next call', async () => {
    const { server, kernel } = await setup(() => ({ ...listNotes, usage: { prompt_tokens: 900, completion_tokens: 200 } }), { 'llm.agentMaxTokens': 1_000 });
    const r = await kernel.handle({ text: 'ask the model: what notes do I have' });
    expect(server.requests).toHaveLength(1);
    expect((server.requests[0] as { max_tokens?: number }).max_tokens).toBeLessThanOrEqual(1_000);
    expect(r.status).toBe('error');
    expect(r.error?.code).toBe('agent_token_limit');
    expect(r.text).toMatch(/1100 tokens, over its limit of 1000/);
    expect(r.error?.fix).toMatch(/llm\.agentMaxTokens/);
  });
});
