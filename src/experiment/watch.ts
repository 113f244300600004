// Address events from every host, as the kernel reports them there (`ip monitor address`), each
// timestamped on the host at once (bash's $EPOCHREALTIME, no process per line) and moved onto our clock.
import { addressOf } from '../ipv4.js';
import { cmd } from '../remote/command.js';
import type { RemoteHost, StreamHandle } from '../remote/host.js';
import { sleep } from '../poll.js';
import type { AddressEvent } from './types.js';

export const WATCH_COMMAND = cmd`exec bash -c 'echo hasetup-watch-ready; ip -o monitor address | while IFS= read -r line; do echo "$EPOCHREALTIME $line"; done'`;

/** Parses one line: `1764145801.123456 Deleted 2: eth0    inet 198.18.1.100/24 scope global secondary eth0`. */
export function parseWatchLine(line: string, host: string, offsetMs: number): AddressEvent | undefined {
  const m = /^(\d+[.,]\d+)\s+(Deleted\s+)?\d+:\s+(\S+)\s+inet\s+(\d+\.\d+\.\d+\.\d+\/\d+)/.exec(line);
  if (!m) return undefined;
  return {
    t: Number(m[1]!.replace(',', '.')) * 1000 - offsetMs,
    host,
    kind: m[2] ? 'del' : 'add',
    address: m[4]!,
  };
}

export interface Watch {
  events: AddressEvent[];
  /** Hosts whose monitor ended by itself (the SSH session was lost), not through stop(). */
  ended: Set<string>;
  /** Starts watching one more host (again, after it rebooted), and waits until its monitor runs. */
  add(remote: RemoteHost, offsetMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startWatch(hosts: { remote: RemoteHost; offsetMs: number }[], vip: string): Promise<Watch> {
  const events: AddressEvent[] = [];
  const handles: StreamHandle[] = [];
  const ended = new Set<string>();
  const latest = new Map<string, StreamHandle>();
  let stopping = false;
  const start = async (remote: RemoteHost, offsetMs: number): Promise<{ ready: Promise<void> }> => {
    let markReady = () => {};
    const ready = new Promise<void>((r) => (markReady = r));
    const handle = await remote.stream(WATCH_COMMAND, (line) => {
      if (line.startsWith('hasetup-watch-ready')) return markReady();
      const e = parseWatchLine(line, remote.name, offsetMs);
      if (e && addressOf(e.address) === vip) events.push(e);
    });
    ended.delete(remote.name);
    latest.set(remote.name, handle);
    // Only the newest monitor of a host counts: after a reboot the old session's end is expected.
    void handle.done.then(() => {
      if (!stopping && latest.get(remote.name) === handle) ended.add(remote.name);
    });
    handles.push(handle);
    return { ready };
  };
  // Wait until the monitors run (and a moment for them to subscribe), or give up after 5 s.
  const settle = async (ready: Promise<void>[]) => {
    await Promise.race([Promise.all(ready), sleep(5000)]);
    await sleep(150);
  };
  const ready: Promise<void>[] = [];
  for (const { remote, offsetMs } of hosts) ready.push((await start(remote, offsetMs)).ready);
  await settle(ready);
  return {
    events,
    ended,
    async add(remote, offsetMs) {
      await settle([(await start(remote, offsetMs)).ready]);
    },
    async stop() {
      stopping = true;
      await Promise.all(handles.map((h) => h.stop().catch(() => undefined)));
    },
  };
}
