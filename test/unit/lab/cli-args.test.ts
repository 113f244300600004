// The lab command's argument and error handling, through the real entry point (no lab is started:
// each case is refused before anything is made).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', path.join(root, 'src/cli.ts'), ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

// Each case starts the CLI through tsx (twice in one case): generous time, as a busy machine needs it.
describe('hasetup lab arguments', { timeout: 60_000 }, () => {
  it('lists every lab subcommand in --help', async () => {
    const r = await run(['lab', '--help']);
    expect(r.code).toBe(0);
    for (const sub of ['up', 'down', 'status', 'ssh', 'power', 'image']) expect(r.stdout).toMatch(new RegExp(`^\\s+${sub}\\b`, 'm'));
  });

  it('refuses a bad lab name with exit 2', async () => {
    const r = await run(['lab', 'up', '--name', 'x;reboot']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid lab name');
  });

  it('refuses a release the lab does not build, and a firewall it does not know, with exit 2', async () => {
    const r = await run(['lab', 'up', '--release', 'buster']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not build buster');
    const f = await run(['lab', 'up', '--firewall', 'pf']);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('nftables, firewalld, ufw, iptables');
  });

  it('refuses --hosts out of range or not a number with exit 2', async () => {
    expect((await run(['lab', 'up', '--hosts', '1'])).stderr).toContain('--hosts must be a whole number from 2 to 8');
    const r = await run(['lab', 'up', '--hosts', 'two']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected a whole number');
  });

  it('refuses a power action it does not know, with exit 2', async () => {
    const r = await run(['lab', 'power', 'node1', 'reset', '--name', 'nosuchlab']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected on, off or status');
  });

  it('says a lab that is not up is not up (exit 2)', async () => {
    const r = await run(['lab', 'ssh', 'node1', '--name', 'nosuchlab']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lab nosuchlab is not up');
  });

  it('says the lab needs root, and touches nothing, when run by another user', async () => {
    if (process.getuid?.() !== 0) return; // the case needs root to switch to another user
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        'runuser',
        ['-u', 'nobody', '--', process.execPath, '--import', path.join(root, 'node_modules/tsx/dist/esm/index.mjs'), path.join(root, 'src/cli.ts'), 'lab', 'up', '--name', 'tnobody'],
        { cwd: '/tmp', env: { ...process.env, NO_COLOR: '1' } },
        (err, _stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the lab needs root');
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('refuses an unknown subcommand with exit 2', async () => {
    const r = await run(['lab', 'explode']);
    expect(r.code).toBe(2);
  });
});
