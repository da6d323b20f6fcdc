/** The agent's parts on their own: tools from manifests, arguments to slots, phrasings, repairs of almost-JSON, which endpoints are local. */
import { describe, expect, it } from 'vitest';
import { SkillManifestSchema } from '../../kernel/contracts/index.js';
import { isLocalEndpoint, parseJsonReply, parseLooseObject, phrasingOf, slotsFromArguments, toolName, toolsFor } from '../../kernel/agent/index.js';

const manifest = SkillManifestSchema.parse({
  id: 'weather-pro',
  name: 'Weather',
  version: '1.0.0',
  description: 'Forecasts',
  publisher: 'tests',
  entry: 'index.js',
  rules: { pre: '[please] [(can|could) you]' },
  intents: [
    {
      id: 'weather-pro.forecast',
      description: 'The forecast for a city',
      templates: ['<pre> (forecast|weather) (for|in) {city} [on {day}]', '<pre> weather'],
      examples: ['weather in Oslo'],
      slots: { city: { type: 'text', required: true, description: 'the city' }, day: { type: 'date' }, unit: { values: ['celsius', { value: 'fahrenheit', synonyms: ['F'] }] }, days: { type: 'integer', min: 1, max: 10 } },
    },
    { id: 'weather-pro.wipe.all', description: 'Forget every saved city', templates: ['forget my cities'], examples: ['forget my cities'], confirm: true },
  ],
});

describe('tools from manifests', () => {
  it('one sanitized tool per intent with a JSON Schema of its slots', () => {
    const tools = toolsFor([manifest], 10);
    expect(tools.map((t) => t.name)).toEqual(['weather-pro__forecast', 'weather-pro__wipe_all']);
    expect(tools[0]!.parameters).toMatchObject({
      type: 'object',
      required: ['city'],
      properties: { city: { type: 'string', description: 'the city' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer', minimum: 1, maximum: 10 }, day: { type: 'string' } },
    });
    expect(tools[1]!.description).toMatch(/asks the user first/);
    expect(toolsFor([manifest], 1)).toHaveLength(1);
    expect(toolName('x'.repeat(70), 'y')).toHaveLength(64);
  });

  it('arguments become slots: typed values normalised, synonyms mapped, mistakes named', () => {
    const [tool] = toolsFor([manifest], 1);
    const now = new Date('2026-03-02T10:00:00Z');
    expect(slotsFromArguments(tool!, { city: ' Oslo ', unit: 'F', days: 3, day: '2026-03-05' }, now, 'UTC')).toEqual({ slots: { city: 'Oslo', unit: 'fahrenheit', days: 3, day: '2026-03-05' } });
    expect(slotsFromArguments(tool!, { unit: 'kelvin', city: 'x' }, now, 'UTC')).toEqual({ problem: expect.stringMatching(/"kelvin" is not one of the values of "unit"/) });
    expect(slotsFromArguments(tool!, {}, now, 'UTC')).toEqual({ problem: 'weather-pro__forecast needs "city".' });
    expect(slotsFromArguments(tool!, { city: 'x', country: 'NO' }, now, 'UTC')).toEqual({ problem: expect.stringMatching(/no argument "country"/) });
    expect(slotsFromArguments(tool!, { city: ['a'] }, now, 'UTC')).toEqual({ problem: expect.stringMatching(/single value, not a list/) });
  });

  it('a call is phrased with the intent’s own template', () => {
    const spec = manifest.intents[0]!;
    expect(phrasingOf(manifest, spec, { city: 'Oslo' })).toBe('forecast for Oslo');
    expect(phrasingOf(manifest, spec, { city: 'Oslo', day: 'friday' })).toBe('forecast for Oslo on friday');
    expect(phrasingOf(manifest, spec, { city: 'Oslo', unit: 'celsius' })).toBe('The forecast for a city, city: Oslo, unit: celsius');
  });
});

describe('reading models', () => {
  it('repairs almost-JSON arguments and refuses what is not', () => {
    expect(parseLooseObject('{"a": 1}')).toEqual({ value: { a: 1 }, repaired: false });
    expect(parseLooseObject('{"a": "}"} trailing words')).toEqual({ value: { a: '}' }, repaired: true });
    expect(parseLooseObject('```json\n{"a": [1, 2,],}\n```')).toEqual({ value: { a: [1, 2] }, repaired: true });
    expect(parseLooseObject('')).toEqual({ value: {}, repaired: false });
    expect(parseLooseObject('city=Oslo')).toEqual({ problem: expect.stringMatching(/not a JSON object/) });
  });

  it('JSON-mode replies: a call, an answer, a refusal, plain text, and garbage', () => {
    expect(parseJsonReply('{"tool": "notes__add", "arguments": {"text": "x"}}')).toEqual({ kind: 'tool', name: 'notes__add', arguments: { text: 'x' } });
    expect(parseJsonReply('Here: {"answer": "42"}')).toEqual({ kind: 'answer', text: '42' });
    expect(parseJsonReply('{"cannot": "no skill"}')).toEqual({ kind: 'cannot', text: 'no skill' });
    expect(parseJsonReply('Just text.')).toEqual({ kind: 'answer', text: 'Just text.' });
    expect(parseJsonReply('{"tool": 3}').kind).toBe('malformed');
    expect(parseJsonReply('{"tool": "x", ').kind).toBe('malformed');
  });
});

it('only loopback endpoints are local', () => {
  for (const url of ['http://127.0.0.1:11434/v1', 'http://localhost:8080/v1', 'http://[::1]:1234/v1', 'http://127.1.2.3/v1', 'http://model.localhost/v1']) expect(isLocalEndpoint(url)).toBe(true);
  for (const url of ['https://api.openai.com/v1', 'http://192.168.1.5:11434/v1', 'http://localhost.evil.com/v1', 'http://127.0.0.1.nip.io/v1', 'not a url']) expect(isLocalEndpoint(url)).toBe(false);
});
