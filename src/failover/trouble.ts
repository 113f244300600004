// What went wrong in a scenario, recorded in both forms the report needs: the English text (the timeline's
// notRun/error fields, which the JSON report writes) and the Said that renders it for people in their
// language (src/failover/types.ts). The runner records with these; measure.ts reads both.
import { en } from '../i18n/en/index.js';
import type { Said, ScenarioTimeline } from './types.js';

/** The scenario could not be carried out (nothing was injected): it ends as ERROR. */
export function setNotRun(tl: ScenarioTimeline, said: Said): void {
  tl.notRun = said(en);
  tl.notRunSaid = said;
}

/** Something went wrong while it ran; the English parts are joined with '; ' (measure.ts splits them there). */
export function addTrouble(tl: ScenarioTimeline, said: Said): void {
  tl.error = (tl.error ? tl.error + '; ' : '') + said(en);
  (tl.errorSaid ??= []).push(said);
}
