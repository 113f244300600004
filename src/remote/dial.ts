// The TCP connection to a host's sshd, opened before the SSH code is loaded: sshd forks, execs and sends its
// banner while Node still compiles ssh2 (and a command its other modules), then ssh2's Client takes the socket
// over through its `sock` option (src/remote/ssh.ts). Only node:net here, so dialing costs nothing to load.
// docs/performance.md, "Connecting while loading".
import net from 'node:net';
import type { Host } from '../inventory/model.js';

export interface DialedSocket {
  /** performance.now() when the connection was started: the connect timeout counts from here. */
  readonly startedAt: number;
  /**
   * Hands the socket over (to ssh2): from now on it keeps the process alive. Rejected with the socket's own error
   * (ECONNREFUSED, EHOSTUNREACH...) when it failed before being taken, so that error is reported as ssh2 would have.
   */
  take(): net.Socket | Error;
  /** Closes a socket that will not be used (nothing was taken, or the command gave up before connecting). */
  discard(): void;
}

/** Starts the TCP connection to the host's SSH port. */
export function dial(host: Pick<Host, 'address' | 'ssh'>): DialedSocket {
  const startedAt = performance.now();
  // noDelay: without it, Nagle's algorithm holds ssh2's service request back until sshd's delayed ACK of NEWKEYS
  // (about 40 ms on Linux, on every connection); SSH's messages are small and each waits for an answer.
  const socket = net.connect({ host: host.address, port: host.ssh.port, noDelay: true });
  let error: Error | undefined;
  let ended = false;
  // From the socket's creation and for its whole life: an error before ssh2 listens must not crash the process.
  socket.on('error', (e) => {
    error ??= e;
  });
  socket.once('end', () => (ended = true));
  // Until taken, an open socket must not keep the process alive (a command that fails before connecting exits).
  socket.unref();
  let taken = false;
  return {
    startedAt,
    take() {
      taken = true;
      if (error) {
        socket.destroy();
        return error;
      }
      if (ended || socket.destroyed) {
        // sshd closed the connection before sending anything: ssh2's own words (and level) for that case.
        socket.destroy();
        return Object.assign(new Error('Connection lost before handshake'), { level: 'protocol', fatal: true });
      }
      socket.ref();
      return socket;
    },
    discard() {
      if (!taken) socket.destroy();
      taken = true;
    },
  };
}

/** Sockets dialed ahead for some of a cluster's hosts, by host name; each is taken at most once. */
export class DialedHosts {
  private readonly byName = new Map<string, DialedSocket>();

  /** Dials the first `limit` hosts (what `--parallel` connects at once; the others dial when their turn comes). */
  constructor(hosts: readonly Host[], limit: number) {
    for (const h of hosts.slice(0, Math.max(1, limit))) this.byName.set(h.name, dial(h));
  }

  /** The host's dialed socket, once; undefined when it was not dialed ahead. */
  take(name: string): DialedSocket | undefined {
    const d = this.byName.get(name);
    this.byName.delete(name);
    return d;
  }

  /** Closes every socket nobody took. */
  discard(): void {
    for (const d of this.byName.values()) d.discard();
    this.byName.clear();
  }
}
