/**
 * Help: what AgentOS can do, from the installed skills' own descriptions and examples, and
 * "how do I …" answered by the examples whose words best match the question.
 */
import { defineSkill, type SkillSummary } from '../../kernel/contracts/index.js';

const STOP = new Set(['a', 'an', 'the', 'to', 'i', 'my', 'me', 'do', 'how', 'can', 'of', 'for', 'in', 'on', 'with', 'and', 'or', 'is', 'it']);
const words = (s: string) => (s.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !STOP.has(w)).map((w) => w.replace(/(ing|es|s)$/, ''));

export function rankIntents(question: string, skills: SkillSummary[]) {
  const q = new Set(words(question));
  const scored = skills
    .filter((s) => s.enabled)
    .flatMap((s) => s.intents.map((i) => ({ skill: s, intent: i })))
    .map((x) => {
      const bag = words(`${x.skill.name} ${x.skill.description} ${x.intent.description} ${x.intent.examples.join(' ')}`);
      const hits = new Set(bag.filter((w) => q.has(w)));
      return { ...x, score: hits.size / Math.sqrt(1 + new Set(bag).size / 10) };
    })
    .filter((x) => x.score > 0);
  return scored.sort((a, b) => b.score - a.score);
}

export default defineSkill({
  'help.capabilities': async (_slots, ctx) => {
    const skills = (await ctx.skills.list()).filter((s) => s.enabled);
    const items = skills.map((s) => ({
      title: s.name,
      subtitle: s.description,
      detail: s.intents.flatMap((i) => i.examples.slice(0, 1)).slice(0, 4).map((e) => `"${e}"`).join(' · '),
    }));
    // The text says how many; the card lists each skill with its examples.
    const text = `I can help with ${skills.length} skill${skills.length === 1 ? '' : 's'}. Try one of their examples, or ask "how do I …".`;
    return { text, card: { type: 'list', title: 'What I can do', items }, data: { skills: skills.map((s) => s.id) } };
  },
  'help.howto': async (slots, ctx) => {
    const task = String(slots.task ?? '');
    const ranked = rankIntents(task, await ctx.skills.list()).slice(0, 3);
    if (ranked.length === 0) return { text: `I don't know how to "${task}" yet. Say "what can you do" to see every skill.`, declined: true };
    const best = ranked[0]!;
    const said = best.intent.examples[0] ?? best.intent.description;
    // The example the text suggests is not listed again in the card.
    const items = ranked.map((r) => ({ title: r.intent.description, subtitle: r.skill.name, detail: r.intent.examples.filter((e) => e !== said).slice(0, 3).map((e) => `"${e}"`).join(' · ') }));
    return {
      text: `To ${task}, try: "${said}" (${best.skill.name}).`,
      card: { type: 'list', title: `How to ${task}`, items },
    };
  },
});
