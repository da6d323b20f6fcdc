/**
 * The `GraphCapability` built-in skills get as `ctx.graph`: the store plus retrieval and entity
 * resolution, in the contract's plain types, so the skill never imports kernel/graph.
 */
import type { EntityType, FactAssertion, GraphCapability, GraphEntity } from '../contracts/index.js';
import { hybridSearch, ME_NAME, resolveReference } from './retrieval.js';
import type { GraphStore } from './types.js';
import { nameKey } from './util.js';

const SELF = /^(me|myself|i)$/i;

export function createGraphCapability(store: GraphStore, clock: () => Date = () => new Date()): GraphCapability {
  let meId: string | undefined;
  const me = async (): Promise<GraphEntity> => {
    const known = meId ? await store.getEntity(meId) : undefined;
    if (known) return known;
    const self = (await store.findEntities(ME_NAME, { type: 'person' })).find((e) => e.attrs.self === true);
    const entity = self ?? (await store.upsertEntity({ type: 'person', name: ME_NAME, attrs: { self: true }, at: clock().toISOString() }));
    meId = entity.id;
    return entity;
  };
  const entityFor = async (ref: { name: string; type?: EntityType }): Promise<GraphEntity> =>
    SELF.test(ref.name.trim()) ? me() : store.upsertEntity({ type: ref.type ?? 'topic', name: ref.name, at: clock().toISOString() });

  return {
    me,
    async search(query, options = {}) {
      return hybridSearch(store, query, { ...options, now: clock(), meId: (await me()).id });
    },
    async resolve(name, options = {}) {
      return resolveReference(store, name, { ...options, now: clock(), meId: (await me()).id });
    },
    async about(entityId, options = {}) {
      const entity = await store.getEntity(entityId);
      if (!entity) return undefined;
      const facts = await store.facts({ entityId });
      const relatedIds = [...new Set(facts.flatMap((f) => [f.subjectId, f.objectId]).filter((id): id is string => id !== null && id !== entityId))];
      const related = (await Promise.all(relatedIds.map((id) => store.getEntity(id)))).filter((e): e is GraphEntity => e !== undefined);
      const episodes = await store.episodes({ entityId, limit: options.episodes ?? 5 });
      return { entity, facts, related, episodes };
    },
    upsertEntity: (input) => store.upsertEntity({ ...input, at: clock().toISOString() }),
    async addAlias(entityId, alias) {
      const target = await store.getEntity(entityId);
      if (!target) throw new Error(`No entity has the id "${entityId}".`);
      // An entity already called by that name ("Bob", met before we knew) is the same one: merge it.
      for (const other of await store.findEntities(alias)) {
        if (other.id !== entityId && other.type !== 'skill' && nameKey(other.name) === nameKey(alias) && other.attrs.self !== true) await store.mergeEntities(other.id, entityId);
      }
      return store.addAlias(entityId, alias);
    },
    async assertFact(input: FactAssertion) {
      const subject = await entityFor(input.subject);
      const object = input.object ? await entityFor(input.object) : undefined;
      return store.assertFact({
        subjectId: subject.id,
        predicate: input.predicate,
        objectId: object?.id ?? null,
        value: input.value ?? null,
        text: input.text,
        validFrom: input.validFrom ?? null,
        exclusive: input.exclusive ?? 'none',
        recordedAt: clock().toISOString(),
      });
    },
    facts: (query) => store.facts(query),
    invalidateFact: (id) => store.invalidateFact(id, clock().toISOString()),
    deleteEntity: (id) => store.deleteEntity(id),
    episodes: (query) => store.episodes(query),
  };
}
