// Helpers for e2e tests: run the built CLI as a user would, and a lab per test file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = path.join(root, 'dist', 'cli.js');
/**
 * Labs made by e2e tests start with this, so the global teardown can find the ones a test left.
 * HASETUP_E2E_LAB_PREFIX (a 't' and one more letter, say 'tb') lets two checkouts run their e2e tests
 * on one machine without taking down each other's labs.
 */
export const E2E_LAB_PREFIX = process.env.HASETUP_E2E_LAB_PREFIX ?? 't';
if (!/^t[a-z]?$/.test(E2E_LAB_PREFIX)) throw new Error('HASETUP_E2E_LAB_PREFIX is a t and at most one more letter');

/** The name of an e2e lab: the prefix and a short base (at most 8 letters). */
export function labName(base: string): string {
  return `${E2E_LAB_PREFIX}${base}`;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** This machine's environment without its locale: the CLI speaks English in tests unless a test sets LANG. */
export function englishEnv(): NodeJS.ProcessEnv {
  const { LC_ALL: _all, LC_MESSAGES: _messages, LANG: _lang, ...rest } = process.env;
  return rest;
}

export function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; onStderr?: (s: string) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn('node', [cli, ...args], {
      env: { ...englishEnv(), NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      opts.onStderr?.(d.toString());
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hasetup-${prefix}-`));
}

export interface TestLab {
  name: string;
  inventory: string;
  dir: string;
}

/** Brings a lab up for one test file; the caller takes it down in afterAll (and teardown catches the rest). */
export async function labUp(name: string, extra: string[] = []): Promise<TestLab> {
  if (!name.startsWith(E2E_LAB_PREFIX)) throw new Error(`e2e lab names start with ${E2E_LAB_PREFIX}: use labName()`);
  const dir = tempDir(name);
  const inventory = path.join(dir, 'inventory.yaml');
  const r = await runCli(['lab', 'up', '--name', name, '--inventory', inventory, ...extra]);
  if (r.code !== 0) throw new Error(`lab up ${name} failed (${r.code}):\n${r.stderr}`);
  return { name, inventory, dir };
}

export async function labDown(name: string): Promise<void> {
  await runCli(['lab', 'down', '--name', name]);
}
