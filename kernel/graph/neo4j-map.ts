/** Neo4j nodes and relationships → the graph's plain records (missing properties become null). */
import type { EntityType, GraphEntity, GraphEpisode, GraphFact, GraphSkillCall } from './types.js';

export type Props = Record<string, unknown>;

const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));

export function nodeEntity(node: { properties: Props }): GraphEntity {
  const p = node.properties;
  return {
    id: String(p.id),
    type: p.type as EntityType,
    name: String(p.name),
    aliases: Array.isArray(p.aliases) ? (p.aliases as string[]).slice().sort() : [],
    attrs: JSON.parse(String(p.attrs ?? '{}')) as Record<string, unknown>,
    createdAt: String(p.createdAt),
    updatedAt: String(p.updatedAt),
    lastSeen: str(p.lastSeen),
  };
}


export function fromRel(rel: { properties: Props }): GraphFact {
  const p = rel.properties;
  return {
    id: String(p.id),
    subjectId: String(p.subjectId),
    predicate: String(p.predicate),
    objectId: str(p.objectId),
    value: str(p.value),
    text: String(p.text),
    validFrom: str(p.validFrom),
    validTo: str(p.validTo),
    recordedAt: String(p.recordedAt),
    invalidatedAt: str(p.invalidatedAt),
    episodeId: str(p.episodeId),
  };
}

export function episodeFromNode(node: { properties: Props }, mentions: (string | null)[]): GraphEpisode {
  const p = node.properties;
  return {
    id: String(p.id),
    at: String(p.at),
    text: String(p.text),
    source: str(p.source),
    sessionId: str(p.sessionId),
    status: String(p.status),
    calls: JSON.parse(String(p.calls ?? '[]')) as GraphSkillCall[],
    mentions: mentions.filter((m): m is string => m !== null).sort(),
  };
}
