/**
 * Crash-test child: ingests episodes into a SQLite graph in a loop and prints "ack <last id>"
 * after each batch has committed. The parent kills it with SIGKILL at a random moment.
 */
import { SqliteGraphStore } from '../../kernel/graph/index.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-child.ts PROFILE_DIR');
const store = SqliteGraphStore.open(dir);
const people = ['Alice Chen', 'Bob Stone', 'Carol Diaz', 'Dan Wu', 'Eve Park'];
let n = 0;
for (;;) {
  const batch = Array.from({ length: 25 }, () => {
    n++;
    return {
      id: `c${n}`,
      at: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
      text: `email ${people[n % 5]} about project P${n % 50}`,
      status: 'served',
      calls: [{ step: 1, skill: 'mail', intent: 'mail.send', slots: { to: people[n % 5] }, outcome: 'ok', durationMs: 1 }],
      mentions: [{ type: 'person' as const, name: people[n % 5]! }, { type: 'project' as const, name: `P${n % 50}` }],
    };
  });
  await store.recordEpisodes(batch);
  // Only after the commit returned: the parent may count these as acknowledged.
  process.stdout.write(`ack ${n}\n`);
  if (n % 500 === 0) await store.assertFact({ subjectId: (await store.findEntities(people[n % 5]!))[0]!.id, predicate: 'seen', value: String(n), text: `seen ${n}`, exclusive: 'subject' });
}
