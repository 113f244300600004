// How values kept as data (JSON keeps them as they are) read in a table or a sentence, in the chosen language:
// an HTTP answer ('no answer', 'unknown' or a status code) and a keepalived state (MASTER, BACKUP, FAULT and
// STOP are keepalived's own names and stay; STOPPED and unknown are ours and are words). Its own module: the
// commands print these without loading observe.ts.
import { t } from '../i18n/index.js';

export function httpAnswerText(answer: string): string {
  if (answer === 'no answer') return t().cluster.httpNoAnswer;
  if (answer === 'unknown') return t().cluster.httpUnknown;
  return answer;
}

export function stateText(state: string): string {
  if (state === 'STOPPED') return t().cluster.stateStopped;
  if (state === 'unknown') return t().cluster.stateUnknown;
  return state;
}
