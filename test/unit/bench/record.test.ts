// Results files are named with the date and the exact commit, and a tree counts as dirty as bench/README.md says.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitState, resultBaseName } from '../../../bench/record.js';

describe('results files', () => {
  it('are named with the date, the time and the exact commit, and marked when dirty', () => {
    const c = 'a'.repeat(40);
    expect(resultBaseName('failover', '2026-11-28T15:04:05.678Z', c, false)).toBe(`failover-2026-11-28-150405-${c}`);
    expect(resultBaseName('soak', '2026-11-28T15:04:05Z', c, true)).toBe(`soak-2026-11-28-150405-${c}-dirty`);
  });

  it('a tree is dirty with changes outside bench/results/ only', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hasetup-bench-git-'));
    try {
      const git = (...a: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { encoding: 'utf8' });
      git('init', '-q');
      await fs.writeFile(path.join(dir, 'a.ts'), 'one\n');
      git('add', '.');
      git('commit', '-q', '-m', 'one');
      const head = git('rev-parse', 'HEAD').trim();
      await fs.mkdir(path.join(dir, 'bench', 'results'), { recursive: true });
      await fs.writeFile(path.join(dir, 'bench', 'results', 'failover-x.json'), '{}\n');
      expect(gitState(dir)).toMatchObject({ commit: head, dirty: false, status: [] });
      await fs.writeFile(path.join(dir, 'a.ts'), 'two\n');
      await fs.writeFile(path.join(dir, 'new.ts'), 'new\n');
      const s = gitState(dir);
      expect(s.dirty).toBe(true);
      expect(s.status).toEqual([' M a.ts', '?? new.ts']);
      expect(s.diffStat).toContain('a.ts | 2 +-');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
