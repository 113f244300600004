// Handlebars set-up for hasetup's templates (templates/*.hbs). noEscape: config files are not HTML;
// strict: a missing field is an error, never an empty string in a config.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from '../paths.js';
import { sh } from '../remote/shell.js';
import { execWord, unitValue } from './systemd.js';

const hb = Handlebars.create();

/**
 * A keepalived <QUOTED-STRING>. keepalived has no escape for a double quote inside one, so a value that
 * holds a quote, a newline or a NUL is refused (the schema already forbids them; this is the second wall).
 */
export function keepalivedQuote(value: unknown): string {
  const s = String(value);
  if (/["\n\r\0]/.test(s)) throw new Error(`refusing to put ${JSON.stringify(s)} into keepalived.conf: it holds a quote or a line break`);
  return `"${s}"`;
}

hb.registerHelper('kq', (v: unknown) => keepalivedQuote(v));
hb.registerHelper('sh', (v: unknown) => sh(String(v)));
// Unit files: {{unit x}} for a setting's value, {{exec x}} for one word of an Exec line (systemd.ts).
hb.registerHelper('unit', (v: unknown) => unitValue(String(v)));
hb.registerHelper('exec', (v: unknown) => execWord(String(v)));
hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const cache = new Map<string, Handlebars.TemplateDelegate>();

function compiled(name: string): Handlebars.TemplateDelegate {
  let t = cache.get(name);
  if (!t) {
    const file = path.join(templatesDir, name.endsWith('.hbs') ? name : `${name}.hbs`);
    t = hb.compile(readFileSync(file, 'utf8'), { noEscape: true, strict: true });
    cache.set(name, t);
  }
  return t;
}

/** Renders templates/<name>.hbs (name with or without .hbs) with data. */
export function renderTemplate(name: string, data: object): string {
  return compiled(name)(data);
}

/**
 * Compiles every template ahead of use, so deploy can do it while it waits for the hosts' facts instead of in the
 * plan. A template that does not compile is left for renderTemplate to report where it is used.
 */
export function precompileTemplates(): void {
  for (const f of readdirSync(templatesDir)) {
    if (!f.endsWith('.hbs')) continue;
    try {
      // Handlebars compiles on a template's first call: call it once (strict mode throws on the empty data,
      // after compiling; the compiled form stays).
      compiled(f.slice(0, -'.hbs'.length))({});
    } catch {
      // expected (see above); a template that does not compile is reported by renderTemplate
    }
  }
}
