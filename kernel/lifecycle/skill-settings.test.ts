import { describe, expect, it } from 'vitest';
import { SkillManifestSchema, ValidationError } from '../contracts/index.js';
import { SkillSettings } from './skill-settings.js';

const manifest = SkillManifestSchema.parse({
  id: 'weather-report',
  name: 'Weather',
  version: '1.0.0',
  description: 'Forecasts',
  publisher: 't',
  entry: 'index.js',
  intents: [{ id: 'weather.now', description: 'Now', examples: ['weather now'] }],
  settings: {
    units: { type: 'enum', values: ['metric', 'imperial'], default: 'metric', description: 'Units' },
    days: { type: 'number', default: 3, description: 'Days shown' },
    token: { type: 'string', secret: true, description: 'API token' },
  },
});

function setup() {
  const raw = new Map<string, unknown>();
  const settings = { getRaw: <T>(k: string, f: T) => (raw.has(k) ? (raw.get(k) as T) : f), setRaw: (k: string, v: unknown) => void raw.set(k, v) };
  const registry = { all: () => [{ manifest, dir: '/x', builtin: false }], get: (id: string) => (id === manifest.id ? { manifest, dir: '/x', builtin: false } : undefined) };
  return { raw, s: new SkillSettings({ registry, settings }) };
}

describe('skill settings as skill.<id>.<key>', () => {
  it('describes and lists the manifest’s settings with defaults, masking secrets', () => {
    const { s } = setup();
    expect(s.describe()['skill.weather-report.units']).toMatchObject({ type: 'string', values: ['metric', 'imperial'], default: 'metric' });
    s.set('skill.weather-report.token', 'abc');
    expect(s.values()).toMatchObject({ 'skill.weather-report.units': 'metric', 'skill.weather-report.days': 3, 'skill.weather-report.token': '••••••' });
  });
  it('stores under the key a skill’s context reads, and null goes back to the default', () => {
    const { s, raw } = setup();
    s.set('skill.weather-report.days', 5);
    expect(raw.get('skill.weather-report')).toEqual({ days: 5 });
    s.set('skill.weather-report.days', null);
    expect(s.values()['skill.weather-report.days']).toBe(3);
    s.set('skill.weather-report.token', 'abc');
    s.set('skill.weather-report.token', '');
    expect(raw.get('skill.weather-report')).toEqual({});
  });
  it('refuses unknown keys and values outside the declared type, naming what is allowed', () => {
    const { s, raw } = setup();
    expect(() => s.set('skill.weather-report.colour', 'red')).toThrow(ValidationError);
    expect(() => s.set('skill.nope.units', 'metric')).toThrow(/Unknown setting/);
    expect(() => s.set('skill.weather-report.units', 'kelvin')).toThrow(/must be one of metric, imperial/);
    expect(() => s.set('skill.weather-report.days', 'many')).toThrow(ValidationError);
    expect(raw.size).toBe(0);
  });
});
