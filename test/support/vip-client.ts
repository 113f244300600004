// An independent client for e2e tests: a separate Node process that asks the VIP over a fresh TCP
// connection every 10 ms and writes what it saw. failover-test's verdict is checked against it, not only
// against hasetup's own probe.
import { spawn } from 'node:child_process';

export interface ClientSample {
  t: number;
  ok: boolean;
  host?: string;
}

const LOOP = `
const http = require('node:http');
const url = process.argv[1];
let stopping = false;
process.stdin.on('end', () => (stopping = true)).resume();
function once() {
  const t = Date.now();
  const req = http.get(url, { agent: false, timeout: 500 }, (res) => {
    let body = '';
    res.on('data', (d) => (body += d));
    res.on('end', () => process.stdout.write(JSON.stringify({ t, ok: res.statusCode === 200, host: body.trim() }) + '\\n'));
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => process.stdout.write(JSON.stringify({ t, ok: false }) + '\\n'));
}
const timer = setInterval(() => { if (stopping) { clearInterval(timer); setTimeout(() => process.exit(0), 600); } else once(); }, 10);
`;

export function startClient(url: string): { stop(): Promise<ClientSample[]> } {
  const child = spawn(process.execPath, ['-e', LOOP, url], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return {
    async stop() {
      child.stdin.end();
      await new Promise((res) => child.on('close', res));
      return out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ClientSample)
        .sort((a, b) => a.t - b.t);
    },
  };
}

/** The hosts that answered, in order, each run of the same host once: [node1, node2, node1] is one move and back. */
export function answeringHosts(samples: ClientSample[]): string[] {
  const out: string[] = [];
  for (const s of samples) if (s.ok && s.host && out.at(-1) !== s.host) out.push(s.host);
  return out;
}
