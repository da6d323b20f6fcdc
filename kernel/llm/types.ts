/**
 * The OpenAI-compatible chat protocol as AgentOS speaks it (Ollama, llama.cpp server, LM Studio,
 * vLLM and hosted APIs all accept it): messages, tools and tool calls, and the zod schemas that
 * check what a server sends back before anything uses it.
 */
import { z } from 'zod';

export interface LlmToolCall {
  id: string;
  name: string;
  /** The arguments as the model wrote them (JSON text; may be malformed — the caller validates). */
  arguments: string;
}

export interface LlmMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  name?: string;
  /** role "tool": which call this answers. */
  toolCallId?: string;
  /** role "assistant": the calls the model made. */
  toolCalls?: LlmToolCall[];
}

export interface LlmTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ChatOptions {
  model?: string;
  maxTokens?: number;
  temperature?: number;
  tools?: LlmTool[];
  /** "auto" (default when tools are given), "none", "required", or a tool name to force. */
  toolChoice?: 'auto' | 'none' | 'required' | { name: string };
  stop?: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ChatResult {
  content: string;
  toolCalls: LlmToolCall[];
  finishReason: string | null;
  model: string;
  usage?: { promptTokens: number; completionTokens: number };
  latencyMs: number;
}

/** One piece of a streamed answer. */
export type ChatChunk = { type: 'text'; text: string } | { type: 'tool_call'; call: LlmToolCall } | { type: 'done'; result: ChatResult };

const ToolCallSchema = z.object({
  id: z.string().optional(),
  type: z.string().optional(),
  function: z.object({ name: z.string(), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).optional() }),
});

export const ChatCompletionSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({
          role: z.string().optional(),
          content: z.string().nullable().optional(),
          tool_calls: z.array(ToolCallSchema).nullable().optional(),
        }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).partial().optional(),
});

export const ChatChunkSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        delta: z
          .object({
            content: z.string().nullable().optional(),
            tool_calls: z
              .array(
                z.object({
                  index: z.number().optional(),
                  id: z.string().optional(),
                  function: z.object({ name: z.string().optional(), arguments: z.string().optional() }).optional(),
                }),
              )
              .nullable()
              .optional(),
          })
          .optional(),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .default([]),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).partial().nullable().optional(),
});

export const ModelListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });
