// The metrics script runs as root every 15 s and writes into a directory it may not own (node_exporter's
// textfile directory). The symlink attack of issue 21 (M2), replayed for real: a link planted under the
// temporary name the script used to pick ($file.tmp.$$, predictable: `exec` keeps the PID) pointing at a
// private file. The script must neither write through it nor make the file readable.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planHost } from '../../../src/deploy/plan.js';
import { parseFacts } from '../../../src/facts/gather.js';
import { parseInventory } from '../../../src/inventory/load.js';

const facts = parseFacts(readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', 'debian12-lab.txt'), 'utf8'));

function setup(mode: number) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hasetup-metrics-'));
  const out = path.join(root, 'textfile');
  execFileSync('mkdir', ['-m', '0755', out]);
  chmodSync(out, mode);
  const victim = path.join(root, 'private');
  writeFileSync(victim, 'secret\n', { mode: 0o600 });
  const inventory = `
clusters:
  - name: web
    virtual_router_id: 51
    vips: [{ address: 198.18.0.100/24 }]
    metrics: { textfile_dir: ${out} }
    hosts:
      - { name: ha1, address: 198.18.0.11 }
      - { name: ha2, address: 198.18.0.12 }
`;
  const plan = planHost(parseInventory(inventory, 'inv.yaml').clusters[0]!, 'ha1', facts, {});
  const script = path.join(root, 'metrics.sh');
  writeFileSync(script, plan.files.find((f) => f.path.endsWith('metrics_web.sh'))!.content);
  return { out, victim, script, file: path.join(out, 'hasetup_web.prom') };
}

/** Plants the links under the script's own PID (exec keeps it), then runs the script. */
function attack(s: ReturnType<typeof setup>, alsoAtFile: boolean) {
  const plant = `ln -s "$1" "$2.tmp.$$"; ${alsoAtFile ? 'ln -s "$1" "$2";' : ''} exec sh "$3"`;
  return spawnSync('sh', ['-c', plant, 'sh', s.victim, s.file, s.script], { encoding: 'utf8' });
}

describe('metrics script: the temporary file', () => {
  it('refuses a textfile directory others may write to, and leaves a file planted there alone', () => {
    const s = setup(0o777);
    const r = attack(s, false);
    expect(r.status).not.toBe(0);
    expect(readFileSync(s.victim, 'utf8')).toBe('secret\n');
    expect(statSync(s.victim).mode & 0o777).toBe(0o600);
  });

  it('never writes through a link planted under a predictable name nor at the file itself', () => {
    const s = setup(0o755);
    const r = attack(s, true);
    expect(r.status).toBe(0);
    expect(readFileSync(s.victim, 'utf8')).toBe('secret\n');
    expect(statSync(s.victim).mode & 0o777).toBe(0o600);
    // the rename replaced the planted link with the metrics file; the temporary file is gone
    expect(lstatSync(s.file).isFile()).toBe(true);
    expect(statSync(s.file).mode & 0o777).toBe(0o644);
    expect(readFileSync(s.file, 'utf8')).toContain('hasetup_vrrp_state{cluster="web"');
    expect(readdirSync(s.out).filter((n) => n.startsWith('.hasetup_web.prom.'))).toEqual([]);
  });
});
