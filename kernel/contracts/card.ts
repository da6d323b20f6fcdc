/**
 * Result cards: structured results the portal renders (text, lists, tables, files, images, plots…).
 * A skill returns at most one card with each result; the CLI renders the same cards as text.
 */
import { z } from 'zod';

const title = z.string().max(300).optional();
const short = z.string().max(2000);

export const CardActionSchema = z.object({
  label: z.string().max(100),
  /** A request the portal sends when the user picks this action, e.g. "open ~/report.pdf". */
  request: z.string().max(10_000),
});

export const CardSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), title, body: z.string().max(100_000) }),
  z.object({
    type: z.literal('list'),
    title,
    items: z
      .array(
        z.object({
          title: short,
          subtitle: short.optional(),
          detail: short.optional(),
          /** ISO time: the portal shows a live countdown to it (reminders, timers). */
          dueAt: z.string().optional(),
          actions: z.array(CardActionSchema).max(5).optional(),
        }),
      )
      .max(1000),
  }),
  z.object({
    type: z.literal('table'),
    title,
    columns: z.array(z.string().max(200)).max(50),
    rows: z.array(z.array(z.union([z.string(), z.number(), z.null()])).max(50)).max(5000),
  }),
  z.object({
    type: z.literal('kv'),
    title,
    entries: z.array(z.object({ key: z.string().max(200), value: short })).max(200),
  }),
  z.object({
    type: z.literal('files'),
    title,
    files: z
      .array(
        z.object({
          path: z.string().max(4096),
          name: z.string().max(1024),
          size: z.number().optional(),
          modified: z.string().optional(),
          snippet: short.optional(),
        }),
      )
      .max(1000),
  }),
  z.object({
    type: z.literal('image'),
    title,
    /** A data: URL (PNG, JPEG, SVG); remote images are never loaded. */
    src: z.string().regex(/^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,/, 'must be a base64 data: URL').max(10_000_000),
    alt: z.string().max(1000),
  }),
  z.object({
    type: z.literal('plot'),
    title,
    kind: z.enum(['line', 'bar', 'scatter']),
    xLabel: z.string().max(100).optional(),
    yLabel: z.string().max(100).optional(),
    series: z
      .array(z.object({ name: z.string().max(100), points: z.array(z.tuple([z.number(), z.number()])).max(100_000) }))
      .max(20),
  }),
  z.object({
    type: z.literal('progress'),
    title: z.string().max(300),
    value: z.number(),
    max: z.number().positive(),
    detail: short.optional(),
  }),
  z.object({
    type: z.literal('code'),
    title,
    language: z.string().max(30).optional(),
    code: z.string().max(500_000),
  }),
]);
export type Card = z.infer<typeof CardSchema>;
export type CardAction = z.infer<typeof CardActionSchema>;
