/**
 * Tables of the SQLite knowledge graph (in the profile database) and the row → record mapping.
 * Entities and facts have an integer key `n` used by every join and as the FTS5 rowid, so the
 * 2-hop neighbourhood walks small integer indexes; the public ids are text. Migrations only ever
 * append: a profile made by an earlier version gets the later ones on open.
 */
import type { GraphEntity, GraphFact, EntityType } from './types.js';

export const GRAPH_MIGRATIONS: readonly string[] = [
  `CREATE TABLE graph_entities (
     n INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     type TEXT NOT NULL CHECK (type IN ('person','place','organization','project','file','app','skill','topic')),
     name TEXT NOT NULL,
     attrs TEXT NOT NULL DEFAULT '{}',
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     last_seen TEXT
   );
   -- Every name and alias, keyed case-insensitively; is_name marks the canonical name.
   CREATE TABLE graph_aliases (
     key TEXT NOT NULL,
     entity_n INTEGER NOT NULL REFERENCES graph_entities(n) ON DELETE CASCADE,
     alias TEXT NOT NULL,
     is_name INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (key, entity_n)
   ) WITHOUT ROWID;
   CREATE INDEX graph_aliases_entity ON graph_aliases(entity_n);
   CREATE TABLE graph_facts (
     n INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     subject_n INTEGER NOT NULL REFERENCES graph_entities(n) ON DELETE CASCADE,
     predicate TEXT NOT NULL,
     object_n INTEGER REFERENCES graph_entities(n) ON DELETE CASCADE,
     value TEXT,
     text TEXT NOT NULL,
     valid_from TEXT,
     valid_to TEXT,
     recorded_at TEXT NOT NULL,
     invalidated_at TEXT,
     episode_id TEXT,
     CHECK (object_n IS NOT NULL OR value IS NOT NULL)
   );
   CREATE INDEX graph_facts_subject ON graph_facts(subject_n, predicate);
   CREATE INDEX graph_facts_object ON graph_facts(object_n, predicate);
   CREATE TABLE graph_episodes (
     n INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     at TEXT NOT NULL,
     text TEXT NOT NULL,
     source TEXT,
     session_id TEXT,
     status TEXT NOT NULL
   );
   CREATE INDEX graph_episodes_at ON graph_episodes(at);
   CREATE TABLE graph_calls (
     episode_n INTEGER NOT NULL REFERENCES graph_episodes(n) ON DELETE CASCADE,
     step INTEGER NOT NULL,
     skill TEXT NOT NULL,
     skill_n INTEGER REFERENCES graph_entities(n) ON DELETE SET NULL,
     intent TEXT NOT NULL,
     slots TEXT NOT NULL,
     outcome TEXT NOT NULL,
     duration_ms REAL NOT NULL,
     PRIMARY KEY (episode_n, step)
   ) WITHOUT ROWID;
   CREATE INDEX graph_calls_skill ON graph_calls(skill_n);
   CREATE TABLE graph_mentions (
     entity_n INTEGER NOT NULL REFERENCES graph_entities(n) ON DELETE CASCADE,
     episode_n INTEGER NOT NULL REFERENCES graph_episodes(n) ON DELETE CASCADE,
     PRIMARY KEY (entity_n, episode_n)
   ) WITHOUT ROWID;
   CREATE INDEX graph_mentions_episode ON graph_mentions(episode_n);
   CREATE TABLE graph_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   -- BM25 over names+aliases (rowid = entity n) and over current facts (rowid = fact n).
   CREATE VIRTUAL TABLE graph_names_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
   CREATE VIRTUAL TABLE graph_facts_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');`,
  // 2: adjacency for neighbourhood walks. Partial indexes hold only current entity-to-entity facts
  // (the only ones a walk follows), keyed by endpoint then fact n (newest last) and carrying the
  // other endpoint, so "the k most recent edges of x" is one backward range scan that never reads
  // the fact rows themselves.
  `CREATE INDEX graph_facts_out ON graph_facts(subject_n, n, object_n) WHERE invalidated_at IS NULL AND object_n IS NOT NULL;
   CREATE INDEX graph_facts_in ON graph_facts(object_n, n, subject_n) WHERE invalidated_at IS NULL AND object_n IS NOT NULL;
   -- An entity's aliases straight from one index (hydrating a neighbourhood reads hundreds).
   CREATE INDEX graph_aliases_by_entity ON graph_aliases(entity_n, is_name, alias);
   DROP INDEX graph_aliases_entity;`,
];

export interface EntityRow {
  n: number;
  id: string;
  type: string;
  name: string;
  attrs: string;
  created_at: string;
  updated_at: string;
  last_seen: string | null;
}

export interface FactRow {
  n: number;
  id: string;
  subject_id: string;
  predicate: string;
  object_id: string | null;
  value: string | null;
  text: string;
  valid_from: string | null;
  valid_to: string | null;
  recorded_at: string;
  invalidated_at: string | null;
  episode_id: string | null;
}

export const FACT_COLUMNS = `f.n, f.id, s.id AS subject_id, f.predicate, o.id AS object_id, f.value, f.text, f.valid_from, f.valid_to,
  f.recorded_at, f.invalidated_at, f.episode_id`;
export const FACT_FROM = `graph_facts f JOIN graph_entities s ON s.n = f.subject_n LEFT JOIN graph_entities o ON o.n = f.object_n`;

export function toEntity(row: EntityRow, aliases: string[]): GraphEntity {
  return {
    id: row.id,
    type: row.type as EntityType,
    name: row.name,
    aliases,
    attrs: row.attrs === '{}' ? {} : (JSON.parse(row.attrs) as Record<string, unknown>),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSeen: row.last_seen,
  };
}

export function toFact(row: FactRow): GraphFact {
  return {
    id: row.id,
    subjectId: row.subject_id,
    predicate: row.predicate,
    objectId: row.object_id,
    value: row.value,
    text: row.text,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    recordedAt: row.recorded_at,
    invalidatedAt: row.invalidated_at,
    episodeId: row.episode_id,
  };
}
