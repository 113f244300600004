// Real hosts' clocks differ from ours: events timestamped on a host are moved onto this machine's clock
// by the offset measured here (the sample with the shortest round trip, NTP-style).
import { cmd } from '../remote/command.js';
import type { RemoteHost } from '../remote/host.js';

/** Milliseconds to subtract from the host's time to get ours. */
export async function measureClockOffset(host: RemoteHost, samples = 5): Promise<{ offsetMs: number; rttMs: number }> {
  let best = { offsetMs: 0, rttMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < samples; i++) {
    const t0 = Date.now();
    const r = await host.run(cmd`bash -c 'echo $EPOCHREALTIME' 2>/dev/null || date +%s.%N`);
    const t1 = Date.now();
    const remote = Number(r.stdout.trim().replace(',', '.')) * 1000;
    if (!Number.isFinite(remote)) continue;
    const rtt = t1 - t0;
    if (rtt < best.rttMs) best = { offsetMs: remote - (t0 + t1) / 2, rttMs: rtt };
  }
  if (!Number.isFinite(best.rttMs)) best.rttMs = -1;
  return best;
}
