/** The knowledge skill's readers: statements to remember or forget, and time periods. */
import { describe, expect, it } from 'vitest';
import { original } from './index.js';
import { mention, parseStatement, toSecondPerson } from './parse.js';
import { parsePeriod } from './period.js';

describe('parseStatement', () => {
  it('reads roles, with the employer as a second fact', () => {
    expect(parseStatement('Alice Chen is my manager at Acme')).toEqual({
      kind: 'fact', subject: { name: 'Alice Chen', type: 'person' }, predicate: 'manager', object: { name: 'me' }, exclusive: 'object', text: 'Alice Chen is my manager at Acme',
      also: [{ kind: 'fact', subject: { name: 'Alice Chen', type: 'person' }, predicate: 'works_at', object: { name: 'Acme', type: 'organization' }, exclusive: 'subject', text: 'Alice Chen works at Acme' }],
    });
    expect(parseStatement('my dentist is Dr. Mary Jones')).toMatchObject({ subject: { name: 'Dr. Mary Jones' }, predicate: 'dentist', exclusive: 'object' });
    expect(parseStatement('Sam is my friend')).toMatchObject({ predicate: 'friend', exclusive: 'none' });
    expect(parseStatement('Atlas is my main project')).toMatchObject({ subject: { name: 'Atlas', type: 'project' } });
  });

  it('reads aliases, relations, attributes and descriptions', () => {
    expect(parseStatement('Bob is Robert Smith')).toEqual({ kind: 'alias', alias: 'Bob', name: 'Robert Smith', text: 'Bob is Robert Smith' });
    expect(parseStatement('Robert Smith is also known as Bobby')).toMatchObject({ kind: 'alias', alias: 'Bobby', name: 'Robert Smith' });
    expect(parseStatement('Alice works at Acme')).toMatchObject({ predicate: 'works_at', object: { name: 'Acme', type: 'organization' }, exclusive: 'subject' });
    expect(parseStatement('Alice lives in Berlin')).toMatchObject({ predicate: 'lives_in', object: { name: 'Berlin', type: 'place' } });
    expect(parseStatement('Bob works on project Atlas')).toMatchObject({ predicate: 'works_on', object: { name: 'Atlas', type: 'project' } });
    expect(parseStatement("Alice's birthday is May 3.")).toMatchObject({ subject: { name: 'Alice' }, predicate: 'birthday', value: 'May 3', exclusive: 'subject' });
    expect(parseStatement('project Atlas is a migration to the new billing system')).toMatchObject({ subject: { name: 'Atlas', type: 'project' }, predicate: 'is', value: 'a migration to the new billing system' });
    expect(parseStatement('Alice likes green tea')).toMatchObject({ predicate: 'like', value: 'green tea' });
    expect(parseStatement('hello')).toBeUndefined();
  });

  it('reads any "subject verb object", keeping the sentence as said', () => {
    expect(parseStatement('Priya leads the Orion project')).toEqual({
      kind: 'fact', subject: { name: 'Priya', type: 'person' }, predicate: 'lead', object: { name: 'Orion', type: 'project' }, exclusive: 'none', text: 'Priya leads the Orion project',
    });
    expect(parseStatement('Ken teaches at Oslo University')).toMatchObject({ subject: { name: 'Ken' }, predicate: 'teach_at', object: { name: 'Oslo University', type: 'organization' } });
    expect(parseStatement('Sam coached the school team for years')).toMatchObject({ subject: { name: 'Sam' }, predicate: 'coached', value: 'the school team for years' });
    expect(parseStatement("the kids' school starts at 8:30")).toMatchObject({ subject: { name: "kids' school" }, predicate: 'start_at', value: '8:30' });
    expect(parseStatement('I parked the car on level 3')).toMatchObject({ subject: { name: 'I' }, predicate: 'parked', value: 'the car on level 3' });
    expect(parseStatement('the meeting is scheduled for Friday')).toMatchObject({ subject: { name: 'meeting' }, predicate: 'is', value: 'scheduled for Friday' });
    expect(parseStatement('Tom moved to Berlin')).toMatchObject({ subject: { name: 'Tom', type: 'person' }, predicate: 'moved_to', object: { name: 'Berlin', type: 'place' } });
    expect(parseStatement('Sam went to Paris in May')).toMatchObject({ subject: { name: 'Sam' }, predicate: 'go_to', value: 'Paris in May' });
    expect(parseStatement('Orion is led by Priya')).toEqual({ kind: 'fact', subject: { name: 'Priya', type: 'person' }, predicate: 'lead', object: { name: 'Orion' }, exclusive: 'none', text: 'Orion is led by Priya' });
    expect(parseStatement('the report was written by Dana Lee')).toMatchObject({ subject: { name: 'Dana Lee' }, predicate: 'write', object: { name: 'report', type: 'file' } });
  });

  it('reads the user\'s own things, roles towards others, and times', () => {
    expect(parseStatement('the board meeting is on June 12')).toMatchObject({ subject: { name: 'board meeting' }, predicate: 'is', value: 'on June 12' });
    expect(parseStatement('my anniversary is on June 3')).toEqual({ kind: 'fact', subject: { name: 'me' }, predicate: 'anniversary', value: 'on June 3', exclusive: 'subject', text: 'my anniversary is on June 3' });
    expect(parseStatement('my wifi password is hunter2')).toMatchObject({ subject: { name: 'me' }, predicate: 'wifi_password', value: 'hunter2' });
    expect(parseStatement('my dentist is Dr. Lee')).toMatchObject({ subject: { name: 'Dr. Lee', type: 'person' }, predicate: 'dentist', object: { name: 'me' } });
    expect(parseStatement("Alice is Tom's manager")).toEqual({ kind: 'fact', subject: { name: 'Alice', type: 'person' }, predicate: 'manager', object: { name: 'Tom', type: 'person' }, exclusive: 'object', text: "Alice is Tom's manager" });
    expect(parseStatement("Tom's manager is Alice Chen")).toMatchObject({ subject: { name: 'Alice Chen', type: 'person' }, predicate: 'manager', object: { name: 'Tom', type: 'person' } });
  });

  it('names entities by their lead words and speaks back in the second person', () => {
    expect(mention('the Firefox app')).toEqual({ name: 'Firefox', type: 'app' });
    expect(mention('project Atlas')).toEqual({ name: 'Atlas', type: 'project' });
    expect(mention('Alice')).toEqual({ name: 'Alice' });
    expect(toSecondPerson('Alice Chen is my manager; she helps me')).toBe('Alice Chen is your manager; she helps you');
    expect(original('alice chen is my manager', 'Remember that Alice Chen is my manager')).toBe('Alice Chen is my manager');
  });
});

describe('parsePeriod', () => {
  const now = new Date(2025, 0, 15, 14, 30); // Wednesday 15 January 2025, local time
  const day = (d: Date) => `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
  it('knows the usual periods, weeks starting on Monday', () => {
    const span = (s?: string) => {
      const p = parsePeriod(s, now)!;
      return [day(p.from), day(p.to), p.label];
    };
    expect(span('today')).toEqual(['2025-1-15', '2025-1-16', 'today']);
    expect(span('yesterday')).toEqual(['2025-1-14', '2025-1-15', 'yesterday']);
    expect(span('this week')).toEqual(['2025-1-13', '2025-1-16', 'this week']);
    expect(span('last week')).toEqual(['2025-1-6', '2025-1-13', 'last week']);
    expect(span('last month')).toEqual(['2024-12-1', '2025-1-1', 'last month']);
    expect(span('in the last 3 days')).toEqual(['2025-1-13', '2025-1-16', 'in the last 3 days']);
    expect(span('on monday')).toEqual(['2025-1-13', '2025-1-14', 'on Monday']);
    expect(span(undefined)).toEqual(['2025-1-9', '2025-1-16', 'in the last 7 days']);
    expect(parsePeriod('whenever', now)).toBeUndefined();
  });
});
