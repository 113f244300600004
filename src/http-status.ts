// One HTTP GET and its status code, as deploy's verify and rollback ask Tomcat through the VIP. node:http, not
// fetch: fetch loads undici on first use, about 30 ms of CPU at every deploy (docs/performance.md).
import http from 'node:http';

/** The status code as text, or 'no answer' (refused, reset, timed out, cancelled, not HTTP). Never throws. */
export function httpStatus(url: string, timeoutMs: number, cancel?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    let req: http.ClientRequest | undefined;
    let settled = false;
    const finish = (answer: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy(); // the connection is never reused: close it whatever happened
      resolve(answer);
    };
    // The whole exchange, body included, within timeoutMs.
    const timer = setTimeout(() => finish('no answer'), timeoutMs);
    try {
      // agent: false: a connection of its own (nothing kept alive between looks).
      req = http.get(url, { agent: false, headers: { connection: 'close' }, signal: cancel }, (res) => {
        res.on('error', () => finish('no answer'));
        res.on('end', () => finish(String(res.statusCode)));
        res.resume(); // the body is read (and dropped): the answer counts once it is whole
      });
      req.on('error', () => finish('no answer'));
    } catch {
      finish('no answer');
    }
  });
}
