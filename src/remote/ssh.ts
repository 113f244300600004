// The SSH implementation of RemoteHost, on ssh2's client. One connection per host for a whole hasetup command;
// commands run concurrently on it as separate channels (at most MAX_CHANNELS at once: sshd's MaxSessions is 10).
//
// Safety rules this file keeps (see docs/dependencies.md):
// - host keys are ALWAYS verified (ssh2 accepts any key unless hostVerifier is set): known_hosts or a pinned
//   fingerprint, never "accept new", never silently;
// - every remote command runs through `sh -c <quoted>` (with sudo in front when the inventory says so); a non-zero
//   exit is a result (code), never an exception;
// - a sudo password (from the environment variable the inventory names) and whatever goes to stdin never appear in an
//   error, a log line or an exception: errors name the variable, and stdin content is never echoed;
// - an `error` listener stays on the connection for its whole life, so a dropped connection cannot crash the process.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
// ssh2's client and key parser only: its index also loads the server, SFTP helpers, HTTP agents and key generation.
import Client from 'ssh2/lib/client.js';
import keyParser from 'ssh2/lib/protocol/keyParser.js';
import { HostStepError, indent, lastLines } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Host } from '../inventory/model.js';
import { silentReporter, type Reporter } from '../progress.js';
import type { RemoteHost, RunOptions, RunResult, StreamHandle } from './host.js';
import { knownHostsName, knownKeyTypes, verifyHostKey, type HostKeyVerdict } from './knownhosts.js';
import { cmd, joinCommands, type ShellCommand } from './command.js';
import { dial, type DialedSocket } from './dial.js';
import { sh, wholeOrNothing } from './shell.js';
import { joinList } from '../i18n/text.js';

/** ssh2's message when the server refuses to open a session channel (matched on ssh2's words, not ours). */
const CHANNEL_REFUSED = /open failed|Channel open failure/i;

/** At most this many channels (commands, streams) at once on one connection; OpenSSH's MaxSessions defaults to 10. */
export const MAX_CHANNELS = 8;
/** How long stop() waits for a streamed command to end after closing its stdin before it closes the channel. */
export const STREAM_STOP_GRACE_MS = 5000;

export interface ConnectOptions {
  reporter?: Reporter;
  /** Environment for SSH_AUTH_SOCK and the sudo password variable; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Home directory for `~` in paths; default os.homedir(). */
  homeDir?: string;
  /** The TCP connection already started (src/remote/dial.ts); without it, connectHost dials itself. */
  dialed?: DialedSocket;
}

/** How commands get root: not at all (user root or sudo off), `sudo -n`, or `sudo -S` fed a password on stdin. */
export type SudoMode = { kind: 'none' } | { kind: 'nopasswd' } | { kind: 'password'; password: string };

// ssh2 1.17's default host key algorithms (ssh2 does not export them); known types move to the front.
const DEFAULT_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
] as const;

/** Expands a leading `~` or `~/` to the home directory. */
export function expandHome(p: string, home = os.homedir()): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return path.join(home, p.slice(2));
  return p;
}

/**
 * The host key algorithms to offer, the types known_hosts holds for this host first (what ssh itself does), so a
 * server with several host keys presents the one we know instead of looking unknown.
 */
export function hostKeyAlgorithms(knownTypes: readonly string[]): string[] {
  const front: string[] = [];
  for (const t of knownTypes) {
    const algos = t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t];
    for (const a of algos) if ((DEFAULT_HOST_KEY_ALGORITHMS as readonly string[]).includes(a) && !front.includes(a)) front.push(a);
  }
  return [...front, ...DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => !front.includes(a))];
}

/**
 * The command line sshd runs (through the login shell): always `sh -c <quoted>`, behind sudo when needed. With a
 * timeout, coreutils `timeout -s KILL` runs it in its own process group and kills the whole group on expiry: closing
 * the channel alone would leave the remote command (and its children) running, since sshd does not signal a pty-less
 * command, and an SSH "signal" request only reaches the shell, not what it started.
 */
export function wrapCommand(command: ShellCommand, sudo: SudoMode, timeoutMs?: number): string {
  const guard = timeoutMs === undefined ? cmd`` : cmd`timeout -s KILL ${(Math.max(timeoutMs, 1) / 1000).toFixed(3)} `;
  const inner = cmd`${guard}sh -c ${command.text}`;
  switch (sudo.kind) {
    case 'none':
      return inner.text;
    case 'nopasswd':
      return cmd`sudo -n -- ${inner}`.text;
    case 'password':
      // -k: ignore cached credentials, so sudo always reads the password line (otherwise it would reach the command).
      return cmd`sudo -k -S -p '' -- ${inner}`.text;
  }
}

/** What run() sends to a command: a script for `sh -s` whole or not at all (shell.ts), any other input as it is. */
export function runInput(command: ShellCommand, input: string | undefined): string | undefined {
  return input !== undefined && command.text === 'sh -s' ? wholeOrNothing(input) : input;
}

/** What goes to the remote stdin: the sudo password line first when sudo needs one, then the caller's input. */
export function stdinFor(sudo: SudoMode, input: string | undefined): string | undefined {
  if (sudo.kind === 'password') return `${sudo.password}\n${input ?? ''}`;
  return input;
}

/**
 * The script stream() runs (itself passed through wrapCommand). The remote process must end when we stop, and
 * sshd does not signal a pty-less command when its channel closes, so:
 * - the command runs in the background in its own session/process group (setsid), stdin from /dev/null;
 * - a watcher waits for EOF on OUR stdin (saved as fd 3, which we keep open) and then kills that whole group;
 * - the shell waits for the command, so a command that ends by itself ends the channel too (done settles).
 * stop() therefore just ends stdin; closing the channel is only the fallback.
 */
export function streamScript(command: ShellCommand): ShellCommand {
  const q = command.text;
  return joinCommands([
    cmd`exec 3<&0`,
    cmd`if command -v setsid >/dev/null 2>&1; then setsid sh -c ${q} </dev/null 3<&- & else sh -c ${q} </dev/null 3<&- & fi`,
    cmd`pid=$!`,
    cmd`{ cat <&3 >/dev/null 2>&1; kill -TERM -$pid 2>/dev/null || kill -TERM $pid 2>/dev/null; } </dev/null >/dev/null 2>&1 &`,
    cmd`exec 3<&-`,
    cmd`wait $pid`,
  ]);
}

/** Removes a secret from text that may end up in a message (defence in depth: sudo does not echo it). */
export function scrub(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join('***');
}

/** Turns an ssh2 connection error into words (what failed and what to check). */
export function describeConnectError(err: unknown, host: Host, auth: string): { message: string; hint?: string } {
  const e = err as { message?: string; code?: string | number; level?: string };
  const msg = e.message ?? String(err);
  const m = t().remote;
  const where = m.hostPort({ address: host.address, port: String(host.ssh.port) });
  if (e.level === 'client-authentication' || /authentication methods failed/i.test(msg)) {
    return { message: m.authFailed({ user: host.ssh.user, auth }), hint: m.authFailedHint({ user: host.ssh.user, host: host.name }) };
  }
  if (e.code === 'ECONNREFUSED') return { message: m.connectionRefused({ where }), hint: m.connectionRefusedHint };
  if (e.level === 'client-timeout' || e.code === 'ETIMEDOUT' || /timed out/i.test(msg)) {
    return { message: m.noSshAnswer({ where, seconds: String(host.ssh.connectTimeoutSeconds) }), hint: m.noSshAnswerHint };
  }
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') return { message: m.unreachable({ where, code: e.code }), hint: m.unreachableHint };
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return { message: m.cannotResolve({ address: host.address }), hint: m.cannotResolveHint };
  if (e.level === 'agent') return { message: m.agentFailed({ reason: msg }), hint: m.agentFailedHint };
  if (/lost before handshake/i.test(msg)) {
    // ssh2's words when the TCP connection failed or closed before SSH began (no route, a reset, not sshd).
    return { message: m.failedBeforeHandshake({ where }), hint: m.failedBeforeHandshakeHint };
  }
  return { message: m.sshConnectionFailed({ where, reason: msg }) };
}

/** The refusal message for a host key: the key type and fingerprint, why, and how to trust it (never done for you). */
export function hostKeyRefusalMessage(
  verdict: Extract<HostKeyVerdict, { ok: false }>,
  ctx: { address: string; port: number; knownHostsFile: string; knownHostsMissing: boolean; pinned?: string },
): string {
  const { address, port, knownHostsFile: file } = ctx;
  const m = t().remote;
  const name = knownHostsName(address, port);
  const offered = m.offeredKey({ keyType: verdict.keyType, fingerprint: verdict.fingerprint });
  const scan = `ssh-keyscan -p ${port} -t ${verdict.keyType} ${sh(address)} >> ${sh(file)}`;
  const howToTrust = m.howToTrustHostKey({ scan, fingerprint: verdict.fingerprint });
  const lines = joinList(verdict.lines);
  switch (verdict.reason) {
    case 'unknown': {
      const why = ctx.knownHostsMissing
        ? m.knownHostsMissing({ file })
        : verdict.knownTypes.length > 0
          ? m.knownOnlyOtherKeyTypes({ file, name, types: joinList(verdict.knownTypes) })
          : m.notInKnownHosts({ file, name });
      return [m.hostKeyUnknown({ address, offered, why }), howToTrust].join('\n');
    }
    case 'changed': {
      const removeCommand = `ssh-keygen -R ${sh(name)} -f ${sh(file)}`;
      return [m.hostKeyChanged({ name, offered, file, lines, keyType: verdict.keyType, removeCommand }), howToTrust].join('\n');
    }
    case 'revoked':
      return m.hostKeyRevoked({ address, offered, file, lines });
    case 'fingerprint-mismatch':
      return m.fingerprintMismatch({ address, offered, pinned: ctx.pinned ?? '?' });
  }
}

/** A small counting semaphore: channels beyond MAX_CHANNELS wait for a free slot. */
class Slots {
  private free: number;
  private waiters: (() => void)[] = [];
  constructor(n: number) {
    this.free = n;
  }
  async take(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiters.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.free++;
    };
  }
}

/** Splits a byte stream into lines (UTF-8 safe across chunks). */
function lineSplitter(onLine: (line: string) => void) {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  const emit = (text: string) => {
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) onLine(l.endsWith('\r') ? l.slice(0, -1) : l);
  };
  return {
    push: (chunk: Buffer) => emit(decoder.write(chunk)),
    end: () => {
      emit(decoder.end());
      if (partial !== '') onLine(partial);
      partial = '';
    },
  };
}

class SshHost implements RemoteHost {
  readonly name: string;
  readonly address: string;
  private readonly slots = new Slots(MAX_CHANNELS);
  private lost: string | undefined;
  private closed = false;
  /** The connection ended ('end' or 'close' from ssh2): nothing more can run on it. */
  private ended = false;

  constructor(
    private readonly host: Host,
    private readonly client: Client,
    private sudo: SudoMode,
    private readonly reporter: Reporter,
  ) {
    this.name = host.name;
    this.address = host.address;
    // Stays for the connection's whole life: an error on a dropped connection must never be unhandled.
    client.on('error', (err: Error) => {
      if (this.closed) return;
      this.lost = err.message;
      this.reporter.warn(t().remote.connectionError({ host: this.name, reason: err.message }));
    });
    client.on('end', () => (this.ended = true));
    client.on('close', () => {
      this.ended = true;
      if (!this.closed && this.lost === undefined) this.lost = t().remote.lostReasonClosed;
    });
  }

  /**
   * Runs one command line on a new session channel: stdin (a string, then EOF; or a stream piped to its end; or
   * none, EOF at once), output chunk by chunk, then the exit code or signal once the channel has closed. Rejects
   * only when the channel could not be opened (sshd refused it, the connection failed): the command never ran.
   */
  private exec(
    line: string,
    o: { stdin?: string | Readable; onChannel: (ch: ClientChannel) => void; onStdout: (c: Buffer) => void; onStderr: (c: Buffer) => void },
  ): Promise<{ code: number | null; signal: string | null }> {
    return new Promise((resolve, reject) => {
      // A connection error while the channel opens fails this command (it is also reported by the listener above).
      const onError = (e: Error) => reject(e);
      this.client.on('error', onError);
      const opened = (err: Error | undefined, channel: ClientChannel) => {
        this.client.removeListener('error', onError);
        if (err) {
          reject(err);
          return;
        }
        o.onChannel(channel);
        channel.on('data', o.onStdout);
        channel.stderr.on('data', o.onStderr);
        if (typeof o.stdin === 'string') channel.end(o.stdin);
        else if (o.stdin) o.stdin.pipe(channel, { end: true });
        else channel.end();
        let code: number | null = null;
        let signal: string | null = null;
        channel.on('exit', (c: number | null, sig?: string) => {
          code = c ?? null;
          signal = sig ?? null;
        });
        channel.on('close', () => resolve({ code, signal }));
      };
      try {
        this.client.exec(line, {}, opened);
      } catch (e) {
        // ssh2 throws when the connection is no longer writable
        this.client.removeListener('error', onError);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  setSudo(sudo: SudoMode): void {
    this.sudo = sudo;
  }

  private secret(): string | undefined {
    return this.sudo.kind === 'password' ? this.sudo.password : undefined;
  }

  private unavailable(): RunResult | undefined {
    if (this.closed) return { code: 255, stdout: '', stderr: t().remote.connectionClosedByHasetup({ host: this.name }) };
    if (this.lost !== undefined || this.ended) {
      return { code: 255, stdout: '', stderr: t().remote.connectionLost({ host: this.name, reason: this.lost ?? t().remote.lostReasonNotConnected }) };
    }
    return undefined;
  }

  async run(command: ShellCommand, opts: RunOptions = {}): Promise<RunResult> {
    const down = this.unavailable();
    if (down) return down;
    const release = await this.slots.take();
    try {
      // sshd may refuse a new session for a moment while it still counts ones we just closed (MaxSessions):
      // that refusal means the command never started, so trying again is safe.
      for (let attempt = 0; ; attempt++) {
        const { channelRefused, ...r } = await this.runOnChannel(command, opts);
        if (!channelRefused || attempt >= 5) return r;
        await new Promise((res) => setTimeout(res, 50 * (attempt + 1)));
      }
    } finally {
      release();
    }
  }

  /** One try on a new channel; channelRefused: sshd refused the channel, so the command never started. */
  private runOnChannel(command: ShellCommand, opts: RunOptions): Promise<RunResult & { channelRefused?: boolean }> {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let channel: ClientChannel | undefined;
    let timer: NodeJS.Timeout | undefined;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (r: RunResult & { channelRefused?: boolean }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...r, stdout: scrub(r.stdout, this.secret()), stderr: scrub(r.stderr, this.secret()) });
      };
      if (opts.timeoutMs !== undefined) {
        const ms = opts.timeoutMs;
        timer = setTimeout(() => {
          finish({ code: -1, stdout: Buffer.concat(out).toString('utf8'), stderr: t().remote.commandTimedOut({ ms: String(ms) }) });
          if (channel) {
            try {
              channel.signal('KILL'); // reaches the top process only; the remote `timeout` kills the rest
            } catch {
              /* channel already gone */
            }
            channel.close();
          }
        }, ms);
      }
      this.exec(wrapCommand(command, this.sudo, opts.timeoutMs), {
          stdin: stdinFor(this.sudo, runInput(command, opts.input)),
          onChannel: (ch) => {
            channel = ch;
            if (settled) ch.close();
          },
          onStdout: (c) => out.push(c),
          onStderr: (c) => err.push(c),
        })
        .then(
          (r) => {
            const stdout = Buffer.concat(out).toString('utf8');
            let stderr = Buffer.concat(err).toString('utf8');
            let code = r.code;
            if (code === null) {
              if (r.signal) {
                code = 128 + (os.constants.signals[r.signal as keyof typeof os.constants.signals] ?? 0);
                stderr += `${stderr && !stderr.endsWith('\n') ? '\n' : ''}${t().remote.killedBySignal({ signal: r.signal })}`;
              } else {
                code = 255;
                stderr += `${stderr && !stderr.endsWith('\n') ? '\n' : ''}${t().remote.endedWithoutExitStatus}`;
              }
            }
            finish({ code, stdout, stderr });
          },
          (e: unknown) => {
            const reason = (e as Error).message ?? String(e);
            finish({ code: 255, stdout: '', stderr: t().remote.couldNotRunCommand({ reason }), channelRefused: CHANNEL_REFUSED.test(reason) });
          },
        );
    });
  }

  async stream(command: ShellCommand, onLine: (line: string) => void): Promise<StreamHandle> {
    const down = this.unavailable();
    if (down) return { stop: () => Promise.resolve(), done: Promise.resolve(down) };
    const release = await this.slots.take();
    const stdin = new PassThrough();
    if (this.sudo.kind === 'password') stdin.write(`${this.sudo.password}\n`);
    const lines = lineSplitter(onLine);
    const err: Buffer[] = [];
    let channel: ClientChannel | undefined;
    let opened!: () => void;
    const channelOpen = new Promise<void>((resolve) => (opened = resolve));
    const secret = this.secret();
    const done: Promise<RunResult> = this
      .exec(wrapCommand(streamScript(command), this.sudo), {
        stdin,
        onChannel: (ch) => {
          channel = ch;
          opened();
        },
        onStdout: (c) => lines.push(c),
        onStderr: (c) => err.push(c),
      })
      .then(
        (r) => ({ code: r.code ?? 255, stdout: '', stderr: scrub(Buffer.concat(err).toString('utf8'), secret) }),
        (e: unknown) => ({ code: 255, stdout: '', stderr: t().remote.couldNotRunCommand({ reason: (e as Error).message ?? String(e) }) }),
      )
      .then((r) => {
        lines.end();
        opened();
        release();
        return r;
      });
    await Promise.race([channelOpen, done]);
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        stdin.end(); // EOF on the remote stdin: the watcher kills the command's process group
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STREAM_STOP_GRACE_MS)));
        const first = await Promise.race([done.then(() => 'done' as const), grace]);
        clearTimeout(timer);
        if (first === 'timeout') {
          channel?.close();
          await done;
        }
      })();
      return stopping;
    };
    return { stop, done };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ended) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 2000);
      this.client.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      this.client.end();
    });
  }
}

async function readKnownHosts(file: string): Promise<{ text: string; missing: boolean } | { error: string }> {
  try {
    return { text: await readFile(file, 'utf8'), missing: false };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { text: '', missing: true };
    return { error: t().remote.knownHostsUnreadable({ file, reason: code ?? (e as Error).message }) };
  }
}

/** Opens the one SSH connection to a host, with host-key verification, and checks that sudo works when used. */
export async function connectHost(host: Host, opts: ConnectOptions = {}): Promise<RemoteHost> {
  let prepared: Prepared;
  try {
    prepared = await prepareConnection(host, opts);
  } catch (e) {
    opts.dialed?.discard(); // refused before connecting (a key, known_hosts, sudo variable...): the socket is not needed
    throw e;
  }
  // Not dialed ahead: dial now, after the local checks, so a refusal on this side never reaches the host.
  return openConnection(host, prepared, opts.dialed ?? dial(host), opts.reporter ?? silentReporter);
}

interface Prepared {
  config: ConnectConfig;
  sudo: SudoMode;
  /** How we authenticate, in words for an error. */
  auth: string;
  knownHostsFile: string;
  knownHostsMissing: boolean;
  /** The host key check's verdict, once ssh2 asked for it. */
  verdict: () => HostKeyVerdict | undefined;
}

/** A connect step's error on this host. */
function connectError(host: Host) {
  const m = t().remote;
  return (message: string, hint?: string, cause?: unknown) => new HostStepError(host.name, 'connect', message, { hint, cause, label: m.connectStep });
}

/** Sudo: decided before connecting so a missing variable fails fast. Only the variable's NAME is ever shown. */
function sudoMode(host: Host, env: NodeJS.ProcessEnv): SudoMode {
  const s = host.ssh;
  const m = t().remote;
  const fail = connectError(host);
  if (!s.sudo || s.user === 'root') return { kind: 'none' };
  if (!s.sudoPasswordEnv) return { kind: 'nopasswd' };
  const password = env[s.sudoPasswordEnv];
  if (password === undefined || password === '') {
    throw fail(m.sudoPasswordEnvUnset({ variable: s.sudoPasswordEnv }), m.sudoPasswordEnvUnsetHint({ variable: s.sudoPasswordEnv, user: s.user }));
  }
  if (password.includes('\n')) throw fail(m.sudoPasswordLineBreak({ variable: s.sudoPasswordEnv }));
  return { kind: 'password', password };
}

/** Everything decided before connecting: sudo, authentication, the host key check (fails fast, nothing sent). */
async function prepareConnection(host: Host, opts: ConnectOptions): Promise<Prepared> {
  const env = opts.env ?? process.env;
  const home = opts.homeDir ?? os.homedir();
  const s = host.ssh;
  const m = t().remote;
  const fail = connectError(host);
  const sudo = sudoMode(host, env);

  // Authentication: a key file, or the agent, or (neither set) the agent when there is one.
  const config: ConnectConfig = {
    host: host.address,
    port: s.port,
    username: s.user,
    keepaliveInterval: 15_000,
    keepaliveCountMax: 3,
  };
  const auth: string[] = [];
  if (s.key) {
    const keyFile = expandHome(s.key, home);
    let keyText: string;
    try {
      keyText = await readFile(keyFile, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw fail(
        code === 'ENOENT' ? m.keyFileMissing({ file: keyFile }) : m.keyFileUnreadable({ file: keyFile, reason: code ?? (e as Error).message }),
        m.checkSshKeyHint,
      );
    }
    const parsed = keyParser.parseKey(keyText);
    if (parsed instanceof Error) {
      const passphrase = /passphrase/i.test(parsed.message);
      throw fail(
        passphrase ? m.keyHasPassphrase({ file: keyFile }) : m.keyNotUsable({ file: keyFile, reason: parsed.message }),
        passphrase ? m.keyHasPassphraseHint : undefined,
      );
    }
    config.privateKey = keyText;
    auth.push(m.authWithKey({ file: keyFile }));
  }
  if (s.agent || !s.key) {
    const sock = env.SSH_AUTH_SOCK;
    if (!sock) {
      throw fail(s.agent ? m.agentWithoutSocket : m.noKeyNoAgent, m.noKeyNoAgentHint);
    }
    config.agent = sock;
    auth.push(m.authWithAgent({ socket: sock }));
  }
  // The methods ssh2 would try, in its order, without its first `none` request: that one only asks which methods
  // the server takes, and costs a round trip (about 10 ms) on every connection.
  config.authHandler = [...(config.privateKey !== undefined ? ['publickey' as const] : []), ...(config.agent !== undefined ? ['agent' as const] : [])];

  // Host key: known_hosts and/or the pinned fingerprint, checked in hostVerifier on the raw key (hostHash unset).
  const knownHostsFile = expandHome(s.knownHosts, home);
  const kh = await readKnownHosts(knownHostsFile);
  if ('error' in kh) throw fail(kh.error, m.checkKnownHostsHint);
  let verdict: HostKeyVerdict | undefined;
  config.algorithms = { serverHostKey: hostKeyAlgorithms(knownKeyTypes(kh.text, host.address, s.port)) as ServerHostKeyAlgorithm[] };
  config.hostVerifier = (key: Buffer, verify: (valid: boolean) => void): void => {
    verdict = verifyHostKey({
      knownHostsText: kh.text,
      host: host.address,
      port: s.port,
      keyType: '',
      keyBlob: key,
      pinnedFingerprint: s.fingerprint,
    });
    verify(verdict.ok);
  };
  return { config, sudo, auth: auth.join(m.authAlternativesSeparator), knownHostsFile, knownHostsMissing: kh.missing, verdict: () => verdict };
}

/** Hands the dialed socket to ssh2, waits for the handshake (the connect timeout counts from the dial), checks sudo. */
async function openConnection(host: Host, prepared: Prepared, dialed: DialedSocket, reporter: Reporter): Promise<RemoteHost> {
  const s = host.ssh;
  const m = t().remote;
  const fail = connectError(host);
  const { sudo, knownHostsFile } = prepared;
  const sock = dialed.take();
  if (sock instanceof Error) {
    const d = describeConnectError(sock, host, prepared.auth);
    throw fail(d.message, d.hint, sock);
  }
  const readyTimeout = Math.max(1, Math.round(s.connectTimeoutSeconds * 1000 - (performance.now() - dialed.startedAt)));
  const client = new Client();
  let ended = false;
  try {
    await new Promise<void>((resolve, reject) => {
      // Stays on after a failed handshake too (then it does nothing): a late error must never be unhandled.
      client.on('error', reject);
      client.once('ready', resolve);
      client.on('end', () => (ended = true));
      client.on('close', () => {
        ended = true;
        // Closed without an error before the handshake ended: ssh2 said nothing, so nothing answered in time.
        reject(Object.assign(new Error('No response from server'), { code: 'ETIMEDOUT' }));
      });
      client.connect({ ...prepared.config, sock, readyTimeout });
    });
  } catch (e) {
    client.end();
    sock.destroy();
    const verdict = prepared.verdict();
    if (verdict && !verdict.ok) {
      throw fail(
        hostKeyRefusalMessage(verdict, {
          address: host.address,
          port: s.port,
          knownHostsFile,
          knownHostsMissing: prepared.knownHostsMissing,
          pinned: s.fingerprint,
        }),
      );
    }
    const d = describeConnectError(e, host, prepared.auth);
    throw fail(d.message, d.hint, e);
  }
  if (ended) throw fail(m.closedRightAfterOpen);
  const remote = new SshHost(host, client, sudo, reporter);
  const v = prepared.verdict();
  const target = `${s.user}@${host.address}:${s.port}`;
  reporter.info(
    v?.ok
      ? m.connectedVerified({
          host: host.name,
          target,
          keyType: v.keyType,
          fingerprint: v.fingerprint,
          source: v.via === 'pin' ? m.pinnedFingerprintSource : knownHostsFile,
        })
      : m.connected({ host: host.name, target }),
  );

  try {
    await checkSudo(remote, host, sudo, (m) => remote.setSudo(m));
  } catch (e) {
    await remote.close();
    throw e;
  }
  return remote;
}

/**
 * Makes sure root works before anything else runs: `sudo -n` must not need a password; with a password, it must be
 * accepted. When no password turns out to be needed, `sudo -n` is used instead, because `sudo -S` would then hand the
 * password line to the command.
 */
async function checkSudo(remote: SshHost, host: Host, sudo: SudoMode, setSudo: (m: SudoMode) => void): Promise<void> {
  if (sudo.kind === 'none') return;
  const m = t().remote;
  const fail = (message: string, hint?: string) => new HostStepError(host.name, 'connect', message, { hint, label: m.connectStep });
  const user = host.ssh.user;
  setSudo({ kind: 'nopasswd' });
  const probe = await remote.run(cmd`id -u`);
  if (probe.code === 0 && probe.stdout.trim() === '0') return;
  if (sudo.kind === 'nopasswd') {
    throw fail(m.sudoNeedsPassword({ user, output: probe.stderr ? indent(lastLines(probe.stderr, 4)) : '' }), m.sudoNeedsPasswordHint);
  }
  setSudo(sudo);
  const withPassword = await remote.run(cmd`id -u`);
  if (withPassword.code === 0 && withPassword.stdout.trim() === '0') return;
  const variable = host.ssh.sudoPasswordEnv ?? '';
  throw fail(
    m.sudoPasswordRefused({ variable, user, output: withPassword.stderr ? indent(lastLines(withPassword.stderr, 4)) : '' }),
    m.sudoPasswordRefusedHint({ variable, user }),
  );
}
