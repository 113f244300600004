// First contact with a host: fetch the host key it presents WITHOUT trusting it (the hostVerifier records the
// key and answers false, so the handshake stops before authentication), and format the known_hosts line a
// person accepted. Nothing here ever authenticates or trusts a key on its own.
import ssh2 from 'ssh2';
import { t } from '../i18n/index.js';
import { fingerprintOf, keyTypeOfBlob, knownHostsName } from './knownhosts.js';

export interface PresentedHostKey {
  keyType: string;
  keyBlob: Buffer;
  fingerprint: string;
}

/**
 * Connects to address:port, records the host key the server presents and refuses it (so no authentication is
 * attempted). Rejects with a message in words when the server cannot be reached or sends no key in time.
 */
export function fetchHostKey(address: string, port: number, timeoutMs: number): Promise<PresentedHostKey> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let key: PresentedHostKey | undefined;
    let settled = false;
    const m = t().remote;
    const where = m.hostPort({ address, port: String(port) });
    const timer = setTimeout(() => done(new Error(m.noSshAnswer({ where, seconds: String(Math.round(timeoutMs / 1000)) }))), timeoutMs);
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        client.end();
      } catch {
        /* already closed */
      }
      if (key) resolve(key);
      else reject(err ?? new Error(m.closedBeforeHostKey({ where })));
    };
    client.on('error', (e: Error & { code?: string }) => {
      if (key) return done();
      const why =
        e.code === 'ECONNREFUSED'
          ? m.connectionRefusedCheckSshd({ where })
          : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
            ? m.cannotResolve({ address })
            : e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH'
              ? m.unreachable({ where: address, code: e.code })
              : m.sshConnectionFailed({ where, reason: e.message });
      done(new Error(why));
    });
    client.on('close', () => done());
    client.connect({
      host: address,
      port,
      username: 'hasetup-hostkey-probe',
      readyTimeout: timeoutMs,
      hostVerifier: (blob: Buffer, verify: (valid: boolean) => void) => {
        key = { keyType: keyTypeOfBlob(blob) ?? 'unknown', keyBlob: Buffer.from(blob), fingerprint: fingerprintOf(blob) };
        verify(false);
        // ssh2 ends the connection after a refused key; resolve now rather than waiting for close.
        setImmediate(() => done());
      },
    });
  });
}

/** The known_hosts line for a key (`[host]:port` for ports other than 22, as ssh writes it). */
export function knownHostsLine(address: string, port: number, keyType: string, keyBlob: Buffer): string {
  return `${knownHostsName(address, port)} ${keyType} ${keyBlob.toString('base64')}`;
}
