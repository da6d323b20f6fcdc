/**
 * Terminal output: responses and cards as readable text, colours only on a terminal,
 * progress bars for long work.
 */
import type { Card, Response } from '../../kernel/contracts/index.js';

const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
export const bold = paint(1);
export const dim = paint(2);
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);
export const cyan = paint(36);

function renderCard(card: Card): string {
  const head = card.title ? `${bold(card.title)}\n` : '';
  switch (card.type) {
    case 'text':
      return head + card.body;
    case 'list':
      return head + card.items.map((i) => `  • ${i.title}${i.subtitle ? dim(` — ${i.subtitle}`) : ''}${i.detail ? `\n    ${dim(i.detail)}` : ''}`).join('\n');
    case 'kv': {
      const w = Math.max(0, ...card.entries.map((e) => e.key.length));
      return head + card.entries.map((e) => `  ${e.key.padEnd(w)}  ${e.value}`).join('\n');
    }
    case 'table': {
      const cells = [card.columns, ...card.rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
      const widths = card.columns.map((_, i) => Math.min(60, Math.max(...cells.map((r) => (r[i] ?? '').length))));
      const line = (r: string[]) => '  ' + r.map((c, i) => c.slice(0, 60).padEnd(widths[i] ?? 0)).join('  ');
      return head + [bold(line(card.columns)), ...cells.slice(1).map(line)].join('\n');
    }
    case 'files':
      return head + card.files.map((f) => `  ${f.path}${f.size !== undefined ? dim(`  ${formatBytes(f.size)}`) : ''}${f.modified ? dim(`  ${f.modified.slice(0, 16).replace('T', ' ')}`) : ''}${f.snippet ? `\n    ${dim(f.snippet)}` : ''}`).join('\n');
    case 'image':
      return head + dim(`[image: ${card.alt}]`);
    case 'plot':
      return head + card.series.map((s) => `  ${s.name}: ${s.points.length} points, last ${s.points.at(-1)?.[1] ?? '—'}`).join('\n');
    case 'progress':
      return `${card.title}: ${Math.round((card.value / card.max) * 100)}%${card.detail ? ` — ${card.detail}` : ''}`;
    case 'code':
      return head + card.code;
  }
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function renderResponse(response: Response): string {
  const out: string[] = [];
  if (response.status === 'served' || response.status === 'partial') {
    for (const step of response.steps) {
      if (step.status === 'ok' && step.result) {
        out.push(step.result.text);
        if (step.result.card && step.result.card.type !== 'text') out.push(renderCard(step.result.card));
        else if (step.result.card?.type === 'text' && step.result.card.body !== step.result.text) out.push(step.result.card.body);
      } else {
        out.push(red(`✗ ${step.skill}: ${step.error}`));
      }
    }
  } else {
    out.push(response.status === 'error' || response.status === 'denied' ? red(response.text) : response.text);
    if (response.clarification?.choices.length) {
      // A choice whose value is its own label ("miles") is listed once; an id-valued one is answered by number.
      response.clarification.choices.forEach((c, n) => out.push(c.value === c.label ? `  - ${c.label}` : /^\d+$/.test(c.value) ? `  ${c.value}) ${c.label}` : `  ${n + 1}) ${c.label}`));
    }
    if (response.error?.fix) out.push(dim(response.error.fix));
  }
  if (response.suggestions.length) {
    out.push(dim('Try:'));
    for (const s of response.suggestions) out.push(`  ${cyan(`agentos "${s.request}"`)}${s.reason ? dim(`  — ${s.reason}`) : ''}`);
  }
  return out.join('\n');
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const stdio: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};
