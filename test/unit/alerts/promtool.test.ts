// The alerting rules (alerts/hasetup.rules.yml) checked and unit-tested by Prometheus' own promtool: series
// in, which alerts fire out (alerts/hasetup.rules.test.yml). Skipped where promtool is absent, never in CI.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exec } from '../../../src/exec.js';
import { findProgram, needs } from '../tools.js';

const alerts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../alerts');
const promtool = findProgram('promtool');
const need = needs(promtool, 'promtool', 'prometheus (scripts/setup.sh takes only promtool from it)');

describe('alerting rules', () => {
  it.skipIf(need.skip)(`promtool check rules${need.why}`, async () => {
    if (need.missing) throw new Error(need.missing);
    const r = await exec([promtool!, 'check', 'rules', 'hasetup.rules.yml'], { cwd: alerts, check: false });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('SUCCESS: 7 rules found');
  }, 60_000);

  it.skipIf(need.skip)(`promtool test rules: each alert fires when it should and not before${need.why}`, async () => {
    if (need.missing) throw new Error(need.missing);
    const r = await exec([promtool!, 'test', 'rules', 'hasetup.rules.test.yml'], { cwd: alerts, check: false });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('SUCCESS');
  }, 60_000);
});
