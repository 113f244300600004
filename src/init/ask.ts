// Two ways to get an answer, behind one interface, so the wizard's flow is written once:
// - promptAsker asks a person (an injectable prompts object: @inquirer/prompts, or its test double), with the
//   value given by a flag as the default, and keeps asking until the check passes;
// - presetAsker takes the value from flags / --answers (or the default), checks it the same way and turns a
//   failed check into a usage error naming the flag.
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Preset } from './answers.js';
import type { Check } from './checks.js';
import { joinList } from '../i18n/text.js';

export interface TextQuestion {
  key: string;
  message: string;
  default?: string;
  validate?: (value: string) => Check | Promise<Check>;
}

export interface Choice<V extends string> {
  value: V;
  name?: string;
  description?: string;
}

export interface ChoiceQuestion<V extends string> {
  key: string;
  message: string;
  choices: readonly Choice<V>[];
  default?: V;
  /** Non-interactive only: explains a value that is not among the choices. */
  invalid?: (value: string) => string;
}

export interface ConfirmQuestion {
  key: string;
  message: string;
  default: boolean;
  /** Other keys that may hold the answer when `key` has none (non-interactive). */
  alsoKeys?: readonly string[];
}

export interface Asker {
  readonly interactive: boolean;
  text(q: TextQuestion): Promise<string>;
  choose<V extends string>(q: ChoiceQuestion<V>): Promise<V>;
  confirm(q: ConfirmQuestion): Promise<boolean>;
}

/** The subset of @inquirer/prompts the wizard uses (injected, so tests can render them on a fake screen). */
export interface Prompts {
  input(config: { message: string; default?: string; validate?: (value: string) => boolean | string | Promise<string | boolean> }): Promise<string>;
  select(config: { message: string; choices: readonly { value: string; name?: string; description?: string }[]; default?: string }): Promise<string>;
  confirm(config: { message: string; default?: boolean }): Promise<boolean>;
}

function presetValue(preset: Preset, key: string): string | undefined {
  const v = preset.get(key);
  return v === undefined ? undefined : String(v);
}

export function promptAsker(prompts: Prompts, preset: Preset = new Map()): Asker {
  return {
    interactive: true,
    async text(q) {
      const given = presetValue(preset, q.key);
      const answer = await prompts.input({
        message: q.message,
        default: given ?? q.default,
        validate: q.validate ? async (v) => q.validate!(v.trim()) : undefined,
      });
      return answer.trim();
    },
    async choose<V extends string>(q: ChoiceQuestion<V>): Promise<V> {
      const given = presetValue(preset, q.key);
      const def = q.choices.find((c) => c.value === given)?.value ?? q.default;
      return (await prompts.select({ message: q.message, choices: q.choices, default: def })) as V;
    },
    async confirm(q) {
      const given = preset.get(q.key);
      return prompts.confirm({ message: q.message, default: typeof given === 'boolean' ? given : q.default });
    },
  };
}

/**
 * Answers from flags / --answers. `flagOf(key)` names the flag for messages. A question with neither a value nor
 * a default is a usage error (the command lists every missing required value before this runs).
 */
export function presetAsker(preset: Preset, flagOf: (key: string) => string): Asker {
  const m = t().init.flags;
  const bad = (key: string, value: string, why: string) => new UsageError(m.badValue({ flag: flagOf(key), value, why }), m.fixAndRunAgain);
  const missing = (key: string, question: string) => new UsageError(m.missingValue({ flag: flagOf(key), question }), m.missingValueHint);
  return {
    interactive: false,
    async text(q) {
      const value = presetValue(preset, q.key)?.trim() ?? q.default;
      if (value === undefined) throw missing(q.key, q.message);
      const ok = q.validate ? await q.validate(value) : true;
      if (ok !== true) throw bad(q.key, value, ok);
      return value;
    },
    choose<V extends string>(q: ChoiceQuestion<V>): Promise<V> {
      const given = presetValue(preset, q.key);
      const value = given ?? q.default;
      if (value === undefined) return Promise.reject(missing(q.key, q.message));
      const choice = q.choices.find((c) => c.value === value);
      if (!choice) {
        const why = q.invalid?.(value) ?? m.expectedOneOf({ choices: joinList(q.choices.map((c) => c.value)) });
        return Promise.reject(bad(q.key, value, why));
      }
      return Promise.resolve(choice.value);
    },
    confirm(q) {
      for (const k of [q.key, ...(q.alsoKeys ?? [])]) {
        const v = preset.get(k);
        if (typeof v === 'boolean') return Promise.resolve(v);
      }
      return Promise.resolve(q.default);
    },
  };
}
