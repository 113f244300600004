// One run at a time per cluster (docs/generations.md, "One run at a time"). deploy, rollback, switchover,
// maintenance and failover-test take the cluster's lock on EVERY host right after connecting: `flock` on
// /var/lib/hasetup/<cluster>/lock, held by a command that stays on an open SSH channel for the run's life. The lock
// is the channel: when hasetup ends, is killed (SIGKILL included) or loses its connection, sshd closes the channel,
// the holder is killed (src/remote/ssh.ts streamScript) and the kernel frees the lock at once. No timeout, no stale
// lock to clean up. Runs that change what every cluster on a host shares (keepalived.conf, the keepalived daemon)
// take the host's lock too (/var/lib/hasetup/host.lock). The holder writes who it is into the lock file, so a
// refused run names it. Hosts are locked one after the other in one fixed order (by address), so two runs that
// wait (--wait) never hold one host each while waiting for the other's.
import os from 'node:os';
import { HasetupError, InterruptedError, lastLines } from '../errors.js';
import { clusterLockPath, HOST_LOCK_PATH, stateDir } from '../hostpaths.js';
import { t } from '../i18n/index.js';
import type { Cluster } from '../inventory/model.js';
import { poll } from '../poll.js';
import type { Reporter } from '../progress.js';
import { cmd, joinCommands, type ShellCommand } from '../remote/command.js';
import type { RemoteHost, StreamHandle } from '../remote/host.js';

/** Who holds a lock: written into the lock file by the holder, read by a run that is refused. */
export interface LockHolder {
  /** The hasetup command (deploy, rollback, switchover, maintenance, failover-test). */
  command: string;
  cluster: string;
  /** The machine hasetup runs on, and the user running it there. */
  adminHost: string;
  user: string;
  pid: number;
  /** ISO time the lock was taken. */
  since: string;
}

export interface LockRequest {
  /** The command taking the lock, as a refused run will name it. */
  command: string;
  /** Take the host-wide lock as well: the run changes what every cluster on the host shares. */
  shared: boolean;
  /** How long to wait for a held lock, in seconds (0: refuse at once). */
  waitSeconds: number;
  reporter: Reporter;
  /** Ctrl-C and the like: stops a wait (nothing was changed yet). */
  signal?: AbortSignal;
  /** The holder written into the lock file (default: this process; tests pass a fixed one). */
  holder?: LockHolder;
  /** The pause between two tries while waiting, in ms. */
  retryMs?: number;
}

export interface ClusterLock {
  /** Ends the holding commands (the locks are free when it resolves). Closing the connections does the same. */
  release(): Promise<void>;
}

/** Exit code of the lock script when the lock is held by another run. */
const HELD = 75;
const RETRY_MS = 500;

/** This process as a lock holder. */
export function thisRun(command: string, cluster: string, now = new Date()): LockHolder {
  let user = process.env.USER ?? '?';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry for this uid (a container): the environment's USER it is
  }
  return { command, cluster, adminHost: os.hostname(), user, pid: process.pid, since: now.toISOString() };
}

/**
 * The command that holds the locks on one host: it takes them without waiting, writes the holder into each file,
 * prints @@locked and sleeps until its channel closes. When a lock is held it prints `@@held <file>`, then
 * `@@holder` and the file's content (the holder writes it right after locking: a short wait for it), and exits 75.
 */
export function lockScript(cluster: string, shared: boolean, holder: LockHolder): ShellCommand {
  const info = JSON.stringify(holder);
  const file = clusterLockPath(cluster);
  // fd 8: the cluster's lock, fd 9: the host's (the shell takes only literal numbers there).
  const take = (fd: 8 | 9, path: string) =>
    fd === 8 ? cmd`exec 8>>${path} || exit 1; flock -n 8 || held ${path}` : cmd`exec 9>>${path} || exit 1; flock -n 9 || held ${path}`;
  return joinCommands([
    // The state directories as deploy's tmpfiles.d line makes them (0755: node_exporter reads the metrics file
    // there as another user); only the lock files themselves are private.
    cmd`umask 022`,
    cmd`mkdir -p -- ${stateDir(cluster)} || exit 1`,
    cmd`umask 077`,
    cmd`held() { echo "@@held $1"; i=0; while [ ! -s "$1" ] && [ $i -lt 10 ]; do sleep 0.1; i=$((i+1)); done; echo @@holder; head -c 2000 -- "$1"; echo; exit ${HELD}; }`,
    take(8, file),
    ...(shared ? [take(9, HOST_LOCK_PATH)] : []),
    cmd`printf '%s\\n' ${info} > ${file}`,
    ...(shared ? [cmd`printf '%s\\n' ${info} > ${HOST_LOCK_PATH}`] : []),
    cmd`echo @@locked`,
    // The holder: keeps fds 8 and 9 (the locks) open until the channel closes and it is killed.
    cmd`exec sleep 2147483647`,
  ]);
}

type Attempt = { kind: 'locked'; handle: StreamHandle } | { kind: 'held'; file: string; holder: string } | { kind: 'failed'; error: string };

async function tryHost(remote: RemoteHost, script: ShellCommand): Promise<Attempt> {
  const lines: string[] = [];
  let locked!: () => void;
  const lockedSeen = new Promise<void>((r) => (locked = r));
  const handle = await remote.stream(script, (l) => {
    lines.push(l);
    if (l === '@@locked') locked();
  });
  const ended = await Promise.race([lockedSeen.then(() => undefined), handle.done]);
  if (lines.includes('@@locked')) return { kind: 'locked', handle };
  const held = lines.find((l) => l.startsWith('@@held '));
  if (held) {
    const i = lines.indexOf('@@holder');
    return { kind: 'held', file: held.slice('@@held '.length), holder: i >= 0 ? lines.slice(i + 1).join('\n').trim() : '' };
  }
  const r = ended ?? (await handle.done);
  return { kind: 'failed', error: t().cluster.lockFailedOutput({ code: String(r.code), output: lastLines(r.stderr, 5) || t().cluster.lockNoOutput }) };
}

/** The holder as words, from what the lock file says (anything unexpected is shown, without control characters). */
export function describeHolder(text: string): string {
  const m = t().cluster;
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.command === 'string' && typeof h.since === 'string') {
      const clean = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '?').replace(/[\p{Cc}]/gu, '?').slice(0, 100);
      return m.lockHolder({
        command: clean(h.command),
        cluster: clean(h.cluster),
        user: clean(h.user),
        adminHost: clean(h.adminHost),
        pid: clean(h.pid),
        since: clean(h.since),
      });
    }
  } catch {
    // not ours, or cut short: shown as it is below
  }
  const raw = text.replace(/[\p{Cc}]/gu, ' ').trim().slice(0, 200);
  return raw ? m.lockHolderUnknown({ text: raw }) : m.lockHolderUnwritten;
}

/**
 * Takes the cluster's lock (and with `shared` the host-wide one) on every host, in address order. A lock held by
 * another run: refused at once (exit 1, naming the holder), or after waiting up to `waitSeconds` for it. Anything
 * taken is given back before a refusal.
 */
export async function lockCluster(cluster: Cluster, remotes: RemoteHost[], req: LockRequest): Promise<ClusterLock> {
  const m = t().cluster;
  const script = lockScript(cluster.name, req.shared, req.holder ?? thisRun(req.command, cluster.name));
  const order = [...remotes].sort((a, b) => (a.address === b.address ? a.name.localeCompare(b.name) : a.address < b.address ? -1 : 1));
  const end = Date.now() + req.waitSeconds * 1000;
  const taken: { host: string; handle: StreamHandle }[] = [];
  let released = false;
  const release = async () => {
    released = true;
    await Promise.all(taken.map((x) => x.handle.stop().catch(() => undefined)));
  };
  const refuse = async (err: HasetupError): Promise<never> => {
    await release();
    throw err;
  };
  for (const remote of order) {
    let attempt = await tryHost(remote, script);
    if (attempt.kind === 'held' && req.waitSeconds > 0) {
      const first = attempt;
      req.reporter.info(m.lockWaiting({ host: remote.name, holder: describeHolder(first.holder), seconds: String(req.waitSeconds) }));
      const got = await poll(
        async () => {
          const a = await tryHost(remote, script);
          return a.kind === 'held' ? undefined : a;
        },
        { timeout: Math.max(0, end - Date.now()), step: req.retryMs ?? RETRY_MS, signal: req.signal },
      );
      attempt = got ?? first;
    }
    if (attempt.kind === 'locked') taken.push({ host: remote.name, handle: attempt.handle });
    if (req.signal?.aborted) return refuse(new InterruptedError(m.lockWaitInterrupted({ cluster: cluster.name })));
    if (attempt.kind === 'failed') return refuse(new HasetupError(m.lockFailed({ host: remote.name, cluster: cluster.name, error: attempt.error })));
    if (attempt.kind === 'held') {
      const where = { cluster: cluster.name, host: remote.name, file: attempt.file, holder: describeHolder(attempt.holder) };
      return refuse(
        new HasetupError(req.waitSeconds > 0 ? m.lockStillHeld({ ...where, seconds: String(req.waitSeconds) }) : m.lockHeld(where), {
          hint: m.lockHeldHint,
        }),
      );
    }
  }
  // A holder that ends while its connection stays up (someone killed it on the host) no longer protects this run.
  // When the connection ends (255: hasetup closed it, or it dropped) the run is over on that host anyway.
  for (const x of taken) {
    void x.handle.done.then((r) => {
      if (!released && r.code !== 255) req.reporter.warn(m.lockLost({ host: x.host, cluster: cluster.name }));
    });
  }
  return { release };
}
