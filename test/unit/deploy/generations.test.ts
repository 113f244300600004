// Generations as data: which one a rollback goes to, what every host has in common, what a cut-off deploy
// left behind, and when a deploy needs a new generation at all.
import { describe, expect, it } from 'vitest';
import { generationNeeded, withDrift } from '../../../src/deploy/generation-plan.js';
import { driftedPaths, generationId, GENERATION_ID_RE, INITIAL, sha256, type GenManifest, type HostGenerations } from '../../../src/deploy/generations.js';
import type { HostPlan } from '../../../src/deploy/plan.js';
import { chooseTarget, commonGenerations } from '../../../src/deploy/rollback.js';
import type { HostFacts } from '../../../src/facts/types.js';

const G1 = '20261128T100000Z-11111111';
const G2 = '20261128T110000Z-22222222';
const G3 = '20261128T120000Z-33333333';
const CONF = '/etc/keepalived/hasetup.d/web.conf';

function m(id: string, host: string, changed: string[] = [], conf = `conf ${id}`): GenManifest {
  return { id, cluster: 'web', host, createdAt: `created ${id}`, previous: null, files: [{ path: CONF, sha256: sha256(conf), mode: 0o644 }], changed };
}

function hg(host: string, current: string | null, ids: string[], pending: string | null = null): HostGenerations {
  return { host, current, pending, manifests: ids.map((id) => m(id, host)) };
}

describe('generation ids', () => {
  it('sort by time, INITIAL first', () => {
    const id = generationId(new Date('2026-11-28T15:04:05.678Z'), 'content');
    expect(id).toMatch(/^20261128T150405Z-[0-9a-f]{8}$/);
    expect(GENERATION_ID_RE.test(id)).toBe(true);
    expect(GENERATION_ID_RE.test(INITIAL)).toBe(true);
    expect(GENERATION_ID_RE.test('../etc')).toBe(false);
  });
});

const errorOf = (r: ReturnType<typeof chooseTarget>) => ('error' in r ? r.error : `target ${r.target}`);

describe('rollback target', () => {
  it('the priority-only redeploy: #2 is recorded on both hosts, so rollback takes both back to #1 (not the backup before #1)', () => {
    const all = [hg('node1', G2, [INITIAL, G1, G2]), hg('node2', G2, [INITIAL, G1, G2])];
    expect(chooseTarget(all)).toEqual({ target: G1 });
  });

  it('steps back one generation per rollback, down to INITIAL, then says there is nothing before', () => {
    expect(chooseTarget([hg('a', G1, [INITIAL, G1, G2]), hg('b', G1, [INITIAL, G1, G2])])).toEqual({ target: INITIAL });
    expect(errorOf(chooseTarget([hg('a', INITIAL, [INITIAL, G1]), hg('b', INITIAL, [INITIAL, G1])]))).toContain('nothing to roll back to');
  });

  it('hosts on different generations (a deploy cut off) go to the newest one they all have, no newer than any', () => {
    const all = [hg('node1', G3, [INITIAL, G1, G2, G3]), hg('node2', G2, [INITIAL, G1, G2, G3])];
    expect(chooseTarget(all)).toEqual({ target: G2 });
  });

  it('--to a generation a host lacks is refused, naming the host', () => {
    const all = [hg('node1', G2, [INITIAL, G1, G2]), hg('node2', G2, [INITIAL, G2])];
    expect(chooseTarget(all, G1)).toMatchObject({ error: `generation ${G1} is not recorded on node2; nothing was changed` });
    expect(chooseTarget(all, G2)).toEqual({ target: G2 });
    // the default skips over G1 too: it is not common
    expect(chooseTarget(all)).toEqual({ target: INITIAL });
  });

  it('no recorded deploy: nothing to roll back to', () => {
    expect(errorOf(chooseTarget([hg('a', null, []), hg('b', null, [])]))).toContain('no deploy is recorded');
  });

  it('--list: the common generations, oldest first, with where each is current and what it changed', () => {
    const a = hg('node1', G2, [INITIAL, G1, G2]);
    a.manifests[2] = m(G2, 'node1', [CONF]);
    const b = hg('node2', G2, [INITIAL, G2]);
    expect(commonGenerations([a, b])).toEqual([
      { id: INITIAL, createdAt: 'created initial', changed: { node1: [], node2: [] }, currentOn: [] },
      { id: G2, createdAt: `created ${G2}`, changed: { node1: [CONF], node2: [] }, currentOn: ['node1', 'node2'] },
    ]);
  });
});

describe('a deploy that was cut off', () => {
  const facts = (content: string) => ({ files: { [CONF]: content } }) as unknown as HostFacts;

  it('files that differ from the recorded generation are drifted, and the plan sees them as changed', () => {
    const g = hg('node1', G1, [INITIAL, G1], G2);
    expect(driftedPaths(g, { [CONF]: `conf ${G1}` })).toEqual([]);
    expect(driftedPaths(g, { [CONF]: 'new, never activated' })).toEqual([CONF]);
    const f = withDrift(facts('new, never activated'), g);
    expect(f.files[CONF]).not.toBe('new, never activated');
    expect(withDrift(facts(`conf ${G1}`), g).files[CONF]).toBe(`conf ${G1}`);
  });

  it('a host with no current generation but a pending one counts every file as drifted', () => {
    expect(driftedPaths(hg('node1', null, [INITIAL], G1), { [CONF]: 'x', '/other': undefined })).toEqual([CONF, '/other']);
    expect(driftedPaths(hg('node1', null, []), { [CONF]: 'x' })).toEqual([]);
  });
});

describe('when a deploy records a generation', () => {
  const idle = { changed: [], prepare: [], activate: [] } as unknown as HostPlan;
  const plans = new Map([
    ['node1', idle],
    ['node2', idle],
  ]);
  const gens = (a: HostGenerations, b: HostGenerations) =>
    new Map([
      ['node1', a],
      ['node2', b],
    ]);

  it('not when every host is on one generation and nothing is to do', () => {
    expect(generationNeeded(plans, gens(hg('node1', G1, [G1]), hg('node2', G1, [G1])))).toBe(false);
  });

  it('when one host has something to change (also the unchanged hosts record it)', () => {
    const changed = new Map(plans).set('node1', { ...idle, changed: [{ path: CONF }] } as unknown as HostPlan);
    expect(generationNeeded(changed, gens(hg('node1', G1, [G1]), hg('node2', G1, [G1])))).toBe(true);
  });

  it('when hosts are on different generations, on none, or one was cut off', () => {
    expect(generationNeeded(plans, gens(hg('node1', G1, [G1]), hg('node2', G2, [G2])))).toBe(true);
    expect(generationNeeded(plans, gens(hg('node1', null, []), hg('node2', null, [])))).toBe(true);
    expect(generationNeeded(plans, gens(hg('node1', G1, [G1], G2), hg('node2', G1, [G1])))).toBe(true);
  });
});
