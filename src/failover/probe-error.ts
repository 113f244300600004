// A probe error for people in their language (the samples keep it as data, src/experiment/probe.ts).
import { en } from '../i18n/en/index.js';
import type { Said } from './types.js';

/**
 * A probe error for people in their language. Samples keep the error as data, in English like the system's
 * codes (ECONNREFUSED, HTTP 503); only this probe's own two sentences have words to translate.
 */
export function probeErrorSaid(error: string): Said {
  const timeout = /^timeout after (\d+) ms$/.exec(error);
  if (timeout) {
    const ms = Number(timeout[1]);
    return (c) => c.failover.timeline.probeTimedOut({ ms });
  }
  if (error === en.failover.timeline.probeNoAnswer) return (c) => c.failover.timeline.probeNoAnswer;
  return () => error;
}
