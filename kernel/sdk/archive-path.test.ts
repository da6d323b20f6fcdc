import { describe, expect, it } from 'vitest';
import { pathForPrograms } from './archive-path.js';

describe('pathForPrograms', () => {
  it('points a file inside the app archive at its unpacked copy', () => {
    expect(pathForPrograms('/opt/AgentOS/resources/app.asar/dist/skills/k/harness.c')).toBe('/opt/AgentOS/resources/app.asar.unpacked/dist/skills/k/harness.c');
    expect(pathForPrograms('C:\\AgentOS\\resources\\app.asar\\dist\\x.py')).toBe('C:\\AgentOS\\resources\\app.asar.unpacked\\dist\\x.py');
  });

  it('leaves every other path as it is', () => {
    for (const p of ['/home/me/agentos/dist/skills/k/harness.c', '/opt/AgentOS/resources/app.asar.unpacked/dist/x.c', '/data/my.app.asar/x', '/data/app.asarx/y']) expect(pathForPrograms(p)).toBe(p);
  });
});
