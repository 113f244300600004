// Reading an inventory: YAML with positions, the zod schema, then the checks that span fields (subnets,
// uniqueness, VRRP rules). Every problem found is reported with its file, line and column, all at once,
// so a person fixes the file in one pass instead of one error per run.
import fs from 'node:fs/promises';
import path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, visit, type Document, type ErrorCode, type Node, type YAMLError } from 'yaml';
import * as z from 'zod';
import { UsageError } from '../errors.js';
import { fileErrorReason } from '../i18n/io.js';
import { lang, t } from '../i18n/index.js';
import { inSubnet, ipv4ToNumber, isIpv4, numberToIpv4, subnetOf, subnetsOverlap } from '../ipv4.js';
import { resolveInventory, sameEmailSettings, type Cluster, type Inventory } from './model.js';
import { inventorySchema, type RawCluster, type RawInventory } from './schema.js';
import { joinList } from '../i18n/text.js';

export interface InventoryIssue {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  /** Where in the document, as a person reads it: clusters[0].hosts[1].address ('' for the whole file). */
  path: string;
  message: string;
}

/** A bad inventory: every issue, one per line, as FILE:LINE:COL: path: message. Exit code 2. */
export class InventoryError extends UsageError {
  constructor(
    readonly issues: InventoryIssue[],
    hint: string = t().inventory.invalidInventoryHint,
  ) {
    super(issues.map(formatIssue).join('\n'), hint);
  }
}

export function formatIssue(i: InventoryIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

type Segment = string | number;
type Report = (at: readonly Segment[], message: string) => void;

/** An inventory is a page or two of YAML; anything this big is a mistake (or an attack on the parser). */
export const MAX_INVENTORY_BYTES = 1024 * 1024;

function tooBig(file: string, bytes: number): InventoryError {
  return new InventoryError([
    { file, line: 1, column: 1, path: '', message: t().inventory.fileTooBig({ bytes: String(bytes), max: String(MAX_INVENTORY_BYTES) }) },
  ]);
}

/** Parses and checks an inventory's text (no I/O). Throws InventoryError listing every problem found. */
export function parseInventory(text: string, file: string): Inventory {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_INVENTORY_BYTES) throw tooBig(file, bytes);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const issues: InventoryIssue[] = [];
  const issueAt = (offset: number, at: readonly Segment[], message: string) => {
    const { line, col } = lineCounter.linePos(offset);
    issues.push({ file, line, column: col, path: formatPath(at), message });
  };
  const report: Report = (at, message) => issueAt(offsetOf(doc, at), at, message);
  const fail = () => new InventoryError(issues.sort((a, b) => a.line - b.line || a.column - b.column));

  // Punctuation typed with a Chinese input method (：，、 and the full-width space) outside comments and quotes:
  // named where it is, and the YAML error it causes on the same line is left out (it only says the parser was lost).
  const wide = fullWidthPunctuation(text);
  for (const w of wide) issueAt(w.offset, [], w.message);
  const wideLines = new Set(wide.map((w) => lineCounter.linePos(w.offset).line));
  for (const e of doc.errors) {
    if (wideLines.has(lineCounter.linePos(e.pos[0]).line)) continue;
    issueAt(e.pos[0], [], t().inventory.yamlSyntax({ message: yamlProblem(e), advice: yamlAdvice(e.code) }));
  }
  if (issues.length > 0) {
    if (wide.length > 0) throw new InventoryError(issues.sort((a, b) => a.line - b.line || a.column - b.column), t().inventory.fullWidthHint);
    throw fail();
  }

  // Anchors and aliases (&x / *x): an alias bomb expands exponentially, and a shared `ssh: *s` makes every
  // error point at the anchor instead of the host. Refused before the document is expanded.
  visit(doc, {
    Alias(_, node) {
      issueAt(node.range?.[0] ?? 0, [], t().inventory.yamlAlias({ name: node.source }));
    },
    Node(_, node) {
      if (node.anchor) issueAt(node.range?.[0] ?? 0, [], t().inventory.yamlAnchor({ name: node.anchor }));
    },
  });
  if (issues.length > 0) throw fail();

  const data: unknown = doc.toJS();
  const parsed = inventorySchema.safeParse(data, { error: (iss) => defaultMessage(iss) });
  if (!parsed.success) {
    // One message per field: a value can fail several checks (a CIDR's pattern and its range), the first says enough.
    const seen = new Set<string>();
    for (const iss of parsed.error.issues) {
      const key = iss.code === 'unrecognized_keys' ? `${iss.path.join('.')}\0${iss.keys.join()}` : iss.path.join('.');
      if (seen.has(key)) continue;
      seen.add(key);
      schemaIssue(doc, data, iss, report, (offset, at, m) => issueAt(offset, at, m));
    }
    throw fail();
  }

  // The checks below need a schema-valid document, so they only run once the schema passes.
  const inventory = resolveInventory(file, parsed.data);
  crossCheck(parsed.data, inventory, report, (at) => lineCounter.linePos(offsetOf(doc, at)).line);
  if (issues.length > 0) throw fail();
  return inventory;
}

/**
 * Reads and checks an inventory file. Relative `ssh.key` and `ssh.known_hosts` paths are resolved against the
 * inventory file's directory (so the file works from any working directory); paths starting with `~` stay as
 * written, the SSH layer expands them on the machine that runs hasetup.
 */
export async function loadInventory(file: string): Promise<Inventory> {
  let text: string;
  try {
    const st = await fs.stat(file);
    // A FIFO or a device would block the read (or never end): only a regular file is an inventory.
    if (!st.isFile()) throw new UsageError(t().inventory.cannotReadInventory({ file, why: t().inventory.notARegularFile }), t().inventory.cannotReadInventoryHint);
    const size = st.size;
    if (size > MAX_INVENTORY_BYTES) throw tooBig(file, size);
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err; // InventoryError too, and a path that is no regular file
    const why = fileErrorReason(err);
    throw new UsageError(t().inventory.cannotReadInventory({ file, why }), t().inventory.cannotReadInventoryHint);
  }
  const inventory = parseInventory(text, file);
  const dir = path.dirname(path.resolve(file));
  const fromInventoryDir = (p: string) => (p.startsWith('~') || path.isAbsolute(p) ? p : path.resolve(dir, p));
  for (const cluster of inventory.clusters) {
    for (const host of cluster.hosts) {
      if (host.ssh.key !== undefined) host.ssh.key = fromInventoryDir(host.ssh.key);
      host.ssh.knownHosts = fromInventoryDir(host.ssh.knownHosts);
    }
  }
  return inventory;
}

// ---------------------------------------------------------------------------------------------------------
// Positions: a path in the data -> the YAML node that holds it.

export function formatPath(at: readonly Segment[]): string {
  return at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

interface Found {
  /** The node at the path, or at the deepest part of it that exists. */
  node: Node | null;
  /** The key of the last map entry followed, when the last step was a map lookup. */
  key: Node | null;
}

function find(doc: Document, at: readonly Segment[]): Found {
  let node: Node | null = doc.contents;
  let key: Node | null = null;
  let depth = 0;
  for (const seg of at) {
    if (isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    let next: Node | null | undefined;
    key = null;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair) {
        key = pair.key as Node;
        next = (pair.value as Node | null) ?? null;
        // `key:` with nothing after it: the value has no useful position of its own, the key does.
        if (next === null || (isScalar(next) && next.value === null)) next = key;
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg] as Node | undefined;
    }
    if (!next) break;
    node = next;
    depth++;
  }
  return { node, key: depth === at.length ? key : null };
}

/** The start of the node at `at`, or of its nearest existing parent (a missing key points at its map). */
function offsetOf(doc: Document, at: readonly Segment[]): number {
  return find(doc, at).node?.range?.[0] ?? 0;
}

function keyOffsetOf(doc: Document, at: readonly Segment[]): number {
  const f = find(doc, at);
  return (f.key ?? f.node)?.range?.[0] ?? 0;
}

// ---------------------------------------------------------------------------------------------------------
// Schema issues: zod's issues rewritten for a person editing YAML.

/** The yaml library's error in the reader's language, by its code (its own text is English and generic). */
export function yamlProblem(e: YAMLError): string {
  const p = t().inventory.yamlProblem;
  if (e.code === 'MISSING_CHAR') {
    if (/^Implicit map keys need to be followed by map values/.test(e.message)) return p.missingColon;
    if (/^Missing closing .?quote/.test(e.message)) return p.missingClosingQuote;
    if (/^Comments must be separated/.test(e.message)) return p.commentNeedsSpace;
  }
  const byCode: Record<ErrorCode, string> = {
    ALIAS_PROPS: p.ALIAS_PROPS,
    BAD_ALIAS: p.BAD_ALIAS,
    BAD_COLLECTION_TYPE: p.BAD_COLLECTION_TYPE,
    BAD_DIRECTIVE: p.BAD_DIRECTIVE,
    BAD_DQ_ESCAPE: p.BAD_DQ_ESCAPE,
    BAD_INDENT: p.BAD_INDENT,
    BAD_PROP_ORDER: p.BAD_PROP_ORDER,
    BAD_SCALAR_START: p.BAD_SCALAR_START,
    BLOCK_AS_IMPLICIT_KEY: p.BLOCK_AS_IMPLICIT_KEY,
    BLOCK_IN_FLOW: p.BLOCK_IN_FLOW,
    DUPLICATE_KEY: p.DUPLICATE_KEY,
    IMPOSSIBLE: p.IMPOSSIBLE,
    KEY_OVER_1024_CHARS: p.KEY_OVER_1024_CHARS,
    MISSING_CHAR: p.MISSING_CHAR,
    MULTILINE_IMPLICIT_KEY: p.MULTILINE_IMPLICIT_KEY,
    MULTIPLE_ANCHORS: p.MULTIPLE_ANCHORS,
    MULTIPLE_DOCS: p.MULTIPLE_DOCS,
    MULTIPLE_TAGS: p.MULTIPLE_TAGS,
    NON_STRING_KEY: p.NON_STRING_KEY,
    RESOURCE_EXHAUSTION: p.RESOURCE_EXHAUSTION,
    TAB_AS_INDENT: p.TAB_AS_INDENT,
    TAG_RESOLVE_FAILED: p.TAG_RESOLVE_FAILED,
    UNEXPECTED_TOKEN: p.UNEXPECTED_TOKEN,
  };
  return (byCode as Partial<Record<string, string>>)[e.code] ?? p.other;
}

type FullWidthKind = 'colon' | 'comma' | 'enumerationComma' | 'space' | 'semicolon' | 'quote';
const FULL_WIDTH: Partial<Record<string, FullWidthKind>> = {
  '\uff1a': 'colon', // ：
  '\uff0c': 'comma', // ，
  '\u3001': 'enumerationComma', // 、
  '\u3000': 'space', // full-width space
  '\uff1b': 'semicolon', // ；
  '\u201c': 'quote', // “
  '\u201d': 'quote', // ”
  '\u2018': 'quote', // ‘
  '\u2019': 'quote', // ’
};

/**
 * Full-width punctuation where YAML reads structure (keys, plain values, indentation), found with the yaml
 * library's own lexer so comments, quoted values and block scalars (which may hold Chinese text) are skipped.
 */
export function fullWidthPunctuation(text: string): { offset: number; message: string }[] {
  const m = t().inventory;
  const names: Record<FullWidthKind, string> = {
    colon: m.fullWidthName.colon,
    comma: m.fullWidthName.comma,
    enumerationComma: m.fullWidthName.enumerationComma,
    space: m.fullWidthName.space,
    semicolon: m.fullWidthName.semicolon,
    quote: m.fullWidthName.quote,
  };
  const fixes: Record<FullWidthKind, string> = {
    colon: m.fullWidthFix.colon,
    comma: m.fullWidthFix.comma,
    enumerationComma: m.fullWidthFix.enumerationComma,
    space: m.fullWidthFix.space,
    semicolon: m.fullWidthFix.semicolon,
    quote: m.fullWidthFix.quote,
  };
  const found: { offset: number; message: string }[] = [];
  let offset = 0;
  let blockScalarNext = false;
  for (const token of new Lexer().lex(text)) {
    // The lexer's control tokens (document start, scalar start, flow end) take no room in the text.
    if (token.length === 1 && token < ' ' && token !== '\n' && token !== '\t') continue;
    const start = offset;
    offset += token.length;
    const first = token[0];
    if (first === '|' || first === '>') {
      blockScalarNext = true;
      continue;
    }
    if (blockScalarNext && token !== '\n' && !/^ *$/.test(token)) {
      blockScalarNext = false;
      if (first !== '#') continue;
    }
    if (first === '#' || first === '"' || first === "'") continue;
    for (let i = 0; i < token.length; i++) {
      const kind = FULL_WIDTH[token[i]!];
      if (kind) found.push({ offset: start + i, message: m.fullWidth({ char: token[i]!, name: names[kind], fix: fixes[kind] }) });
    }
  }
  return found;
}

function yamlAdvice(code: string): string {
  const m = t().inventory;
  const advice: Partial<Record<string, string>> = {
    DUPLICATE_KEY: m.yamlAdviceDuplicateKey,
    TAB_AS_INDENT: m.yamlAdviceTabIndent,
    MULTIPLE_DOCS: m.yamlAdviceMultipleDocs,
  };
  return advice[code] ?? m.yamlAdviceGeneral;
}

/** What a required key holds, for "missing required key" messages. */
function requiredKeyHint(at: readonly Segment[], key: string): string | undefined {
  const holds = t().inventory.requiredKeyHolds;
  if (key === 'address') return at.includes('vips') ? holds.vipAddress : holds.hostAddress;
  const hints: Partial<Record<string, string>> = {
    clusters: holds.clusters,
    name: holds.name,
    virtual_router_id: holds.virtualRouterId,
    vips: holds.vips,
    hosts: holds.hosts,
  };
  return hints[key];
}

function schemaIssue(
  doc: Document,
  data: unknown,
  iss: z.core.$ZodIssue,
  report: Report,
  issueAt: (offset: number, at: readonly Segment[], message: string) => void,
): void {
  const at = iss.path.filter((s): s is Segment => typeof s !== 'symbol');
  if (iss.code === 'unrecognized_keys') {
    const known = keysAt(at);
    for (const key of iss.keys) {
      const near = known.filter((k) => editDistance(k, key) <= (k.length >= 5 ? 2 : 1));
      const m = t().inventory;
      const advice =
        near.length > 0 ? m.didYouMeanKey({ keys: near.map((k) => `"${k}"`).join(m.alternativesSeparator) }) : m.allowedKeys({ keys: joinList(known) });
      issueAt(keyOffsetOf(doc, [...at, key]), [...at, key], m.unknownKey({ key, advice }));
    }
    return;
  }
  const last = at[at.length - 1];
  if (typeof last === 'string' && valueAt(data, at) === undefined) {
    const parent = at.slice(0, -1);
    const hint = requiredKeyHint(parent, last);
    report(parent, hint ? t().inventory.missingKeyHolding({ key: last, holds: hint }) : t().inventory.missingKey({ key: last }));
    return;
  }
  report(at, iss.message);
}

function valueAt(data: unknown, at: readonly Segment[]): unknown {
  let v = data;
  for (const seg of at) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<Segment, unknown>)[seg];
  }
  return v;
}

/** The zod schema that validates the value at `at`, looking through optional wrappers and lists. */
function schemaAt(at: readonly Segment[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = inventorySchema;
  for (const seg of at) {
    while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    if (s instanceof z.ZodObject && typeof seg === 'string') s = (s.shape as Record<string, z.ZodType>)[seg];
    else if (s instanceof z.ZodArray && typeof seg === 'number') s = s.element as z.ZodType;
    else return undefined;
  }
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}

function keysAt(at: readonly Segment[]): string[] {
  const s = schemaAt(at);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function typeWord(expected: string): string {
  const w = t().inventory.typeWords;
  const words: Partial<Record<string, string>> = {
    number: w.number,
    int: w.int,
    string: w.string,
    boolean: w.boolean,
    object: w.object,
    array: w.array,
  };
  return words[expected] ?? expected;
}

export function describeValue(v: unknown): string {
  const m = t().inventory;
  if (v === null) return m.valueNothing;
  if (Array.isArray(v)) return m.valueList;
  if (typeof v === 'object') return m.valueMapping;
  if (typeof v === 'string') return m.valueText({ json: JSON.stringify(v) });
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v;
}

/** Messages for zod's built-in checks (the schema's own messages take precedence over these). */
export function defaultMessage(iss: z.core.$ZodRawIssue): string | undefined {
  const m = t().inventory;
  const input = iss.input;
  if ((iss.path ?? []).length === 0 && iss.code === 'invalid_type') return m.noInventoryInFile;
  switch (iss.code) {
    case 'invalid_type': {
      const want = typeWord(iss.expected);
      if (input === undefined) return m.missingValue({ want });
      if (input === null) return m.emptyValue({ want });
      let advice: string | undefined;
      if (typeof input === 'string' && (iss.expected === 'number' || iss.expected === 'int') && input.trim() !== '' && !Number.isNaN(Number(input))) {
        advice = m.adviceNumberWithoutQuotes;
      } else if (iss.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
        advice = m.adviceQuoteIt;
      } else if (iss.expected === 'boolean' && typeof input === 'string') {
        advice = m.adviceBooleanWithoutQuotes;
      }
      const got = describeValue(input);
      return advice ? m.wrongTypeAdvice({ want, got, advice }) : m.wrongType({ want, got });
    }
    case 'too_small':
    case 'too_big': {
      if (iss.origin === 'string') return iss.code === 'too_small' ? m.textMustNotBeEmpty : m.textTooLong;
      if (iss.origin !== 'number') return zodInLanguage(iss);
      const path = (iss.path ?? []).filter((s): s is Segment => typeof s !== 'symbol');
      const s = schemaAt(path);
      if (s instanceof z.ZodNumber && s.isInt && s.minValue !== null && s.maxValue !== null && Number.isFinite(s.minValue) && Number.isFinite(s.maxValue)) {
        return m.wholeNumberRange({ min: String(s.minValue), max: String(s.maxValue), got: describeValue(input) });
      }
      const bound =
        iss.code === 'too_small'
          ? (iss.inclusive ? m.boundAtLeast : m.boundAbove)({ n: String(iss.minimum) })
          : (iss.inclusive ? m.boundAtMost : m.boundBelow)({ n: String(iss.maximum) });
      return m.numberBound({ bound, got: describeValue(input) });
    }
    case 'invalid_value':
      return m.expectedOneOf({
        values: iss.values.map((v) => (typeof v === 'string' ? v : String(v))).join(m.alternativesSeparator),
        got: describeValue(input),
      });
    default:
      return zodInLanguage(iss);
  }
}

/**
 * zod's own words for the checks not rewritten above: its English default (undefined: zod's own), or its zh-CN
 * locale. Our messages come from the catalog; these are only the generic ones ("Invalid input").
 */
function zodInLanguage(iss: z.core.$ZodRawIssue): string | undefined {
  if (lang() !== 'zh-CN') return undefined;
  const said = z.locales.zhCN().localeError(iss);
  return typeof said === 'string' ? said : said?.message;
}

/** Edits (insert, delete, change, swap two neighbours) between a and b: how a typo differs from the key meant. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      const up = d[i - 1]!;
      row[j] = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

// ---------------------------------------------------------------------------------------------------------
// Checks across fields, on the resolved model (defaults applied). `raw` tells what the file says itself,
// so an issue points at the line that set the value, or at the enclosing block when a default caused it.

function crossCheck(raw: RawInventory, inv: Inventory, report: Report, lineOf: (at: readonly Segment[]) => number): void {
  const clusterNames = new Map<string, number>();
  const vipOwners = new Map<string, { ci: number; vi: number }>();
  // Every host address of every cluster: a VIP equal to one (another cluster's host) would take that host's address.
  const hostAddresses = new Map<string, { ci: number; hi: number }>();
  inv.clusters.forEach((c, ci) => c.hosts.forEach((h, hi) => hostAddresses.has(h.address) || hostAddresses.set(h.address, { ci, hi })));
  inv.clusters.forEach((c, ci) => {
    const at: Segment[] = ['clusters', ci];
    const rc = raw.clusters[ci]!;
    const first = clusterNames.get(c.name);
    if (first !== undefined) {
      report([...at, 'name'], t().inventory.duplicateClusterName({ name: c.name, first: String(first), line: String(lineOf(['clusters', first, 'name'])) }));
    } else clusterNames.set(c.name, ci);

    c.vips.forEach((v, vi) => {
      const owner = vipOwners.get(v.address);
      if (owner) {
        const line = String(lineOf(['clusters', owner.ci, 'vips', owner.vi, 'address']));
        report(
          [...at, 'vips', vi, 'address'],
          owner.ci === ci
            ? t().inventory.vipUsedInThisCluster({ vip: v.address, line })
            : t().inventory.vipUsedByCluster({ vip: v.address, cluster: inv.clusters[owner.ci]!.name, line }),
        );
      } else vipOwners.set(v.address, { ci, vi });
      const host = hostAddresses.get(v.address);
      if (host && host.ci !== ci) {
        const other = inv.clusters[host.ci]!;
        report(
          [...at, 'vips', vi, 'address'],
          t().inventory.vipIsOtherClusterHost({ vip: v.address, host: other.hosts[host.hi]!.name, cluster: other.name, line: String(lineOf(['clusters', host.ci, 'hosts', host.hi, 'address'])) }),
        );
      }
    });

    checkHosts(rc, c, at, report, lineOf);
    checkVips(c, at, report);
    checkVrrp(rc, c, at, report);
    checkSsh(rc, c, at, report);
    checkTomcat(rc, c, at, report);
    checkAlerts(rc, at, report);
  });
  checkVrids(inv, report, lineOf);
  checkSharedEmail(inv, report, lineOf);
}

function checkHosts(rc: RawCluster, c: Cluster, at: Segment[], report: Report, lineOf: (at: readonly Segment[]) => number): void {
  const hostAt = (j: number, key?: string): Segment[] => (key ? [...at, 'hosts', j, key] : [...at, 'hosts', j]);
  const byName = new Map<string, number>();
  const byAddress = new Map<string, number>();
  c.hosts.forEach((h, j) => {
    const n = byName.get(h.name);
    if (n !== undefined) report(hostAt(j, 'name'), t().inventory.duplicateHostName({ name: h.name, index: String(n), line: String(lineOf(hostAt(n, 'name'))) }));
    else byName.set(h.name, j);
    const a = byAddress.get(h.address.toLowerCase());
    if (a !== undefined) {
      report(hostAt(j, 'address'), t().inventory.duplicateHostAddress({ address: h.address, other: c.hosts[a]!.name, line: String(lineOf(hostAt(a, 'address'))) }));
    }
    else byAddress.set(h.address.toLowerCase(), j);
  });

  // Unicast adverts go to addresses (unicast_peer, the firewall rules): a DNS name would fail only after connecting.
  if (c.vrrp.unicast) {
    c.hosts.forEach((h, j) => {
      if (!isIpv4(h.address)) report(hostAt(j, 'address'), t().inventory.unicastNeedsAddress({ host: h.name, name: h.address }));
    });
  }

  // Equal priorities make VRRP break the tie by IP address, which nobody means to configure.
  const explicit = (j: number) => rc.hosts[j]!.priority !== undefined;
  const byPriority = new Map<number, number>();
  c.hosts.forEach((h, j) => {
    const i = byPriority.get(h.priority);
    if (i === undefined) {
      byPriority.set(h.priority, j);
      return;
    }
    // Defaults never collide with each other unless roles do (two masters), which is reported below.
    if (!explicit(i) && !explicit(j)) return;
    // Point at an explicit priority when there is one: that is the line to change.
    const [here, there] = explicit(j) || !explicit(i) ? [j, i] : [i, j];
    const m = t().inventory;
    const thereName = c.hosts[there]!.name;
    const other = explicit(there)
      ? m.otherHostAtLine({ host: thereName, line: String(lineOf(hostAt(there, 'priority'))) })
      : m.otherHostByDefault({ host: thereName });
    const priority = String(h.priority);
    const what = explicit(here) ? m.priorityGiven({ priority }) : m.priorityByDefault({ host: c.hosts[here]!.name, priority });
    report(explicit(here) ? hostAt(here, 'priority') : hostAt(here), m.duplicatePriority({ what, other }));
  });

  // Default backup priorities count down from 100: past 100 backups they would leave VRRP's range.
  c.hosts.forEach((h, j) => {
    if (h.priority < 1 && !explicit(j)) {
      report(hostAt(j), t().inventory.defaultPriorityTooLow({ host: h.name, priority: String(h.priority) }));
    }
  });

  const masters = rc.hosts.flatMap((h, j) => (h.role === 'master' ? [j] : []));
  const anyRole = rc.hosts.some((h) => h.role !== undefined);
  for (const j of masters.slice(1)) {
    const m = masters[0]!;
    report(hostAt(j, 'role'), t().inventory.secondMaster({ master: c.hosts[m]!.name, line: String(lineOf(hostAt(m, 'role'))) }));
  }
  if (anyRole && masters.length === 0 && c.vrrp.preempt) {
    report([...at, 'hosts'], t().inventory.noMaster);
  }

  // The master must win the election: a backup with a higher priority would take the VIP at once.
  if (masters.length <= 1) {
    const m = c.hosts.findIndex((h) => h.role === 'master');
    const master = c.hosts[m];
    if (master) {
      c.hosts.forEach((h, j) => {
        if (j === m || h.priority <= master.priority) return;
        const where = explicit(m) ? hostAt(m, 'priority') : explicit(j) ? hostAt(j, 'priority') : hostAt(j);
        report(
          where,
          t().inventory.masterPriorityTooLow({
            master: master.name,
            priority: String(master.priority),
            other: h.name,
            otherPriority: String(h.priority),
            firstHost: !anyRole,
            byDefault: !explicit(m),
          }),
        );
      });
    }
  }
}

function checkVips(c: Cluster, at: Segment[], report: Report): void {
  const literalHosts = c.hosts.filter((h) => isIpv4(h.address));
  c.vips.forEach((v, vi) => {
    const vipAt = [...at, 'vips', vi, 'address'];
    const same = c.hosts.find((h) => h.address === v.address);
    if (same) {
      report(vipAt, t().inventory.vipIsHostAddress({ vip: v.address, host: same.name }));
      return;
    }
    const outside = literalHosts.filter((h) => !inSubnet(h.address, v));
    if (outside.length > 0) {
      const net = subnetOf(v.address, v.prefix);
      const m = t().inventory;
      const hosts = outside.map((h) => m.hostWithAddress({ host: h.name, address: h.address })).join(m.hostsListSeparator);
      report(vipAt, m.vipOutsideSubnet({ vip: v.cidr, hosts, subnet: `${numberToIpv4(net.first)}/${v.prefix}` }));
      return;
    }
    if (v.prefix <= 30) {
      const net = subnetOf(v.address, v.prefix);
      const n = ipv4ToNumber(v.address);
      if (n === net.first || n === net.first + net.size - 1) {
        report(vipAt, (n === net.first ? t().inventory.vipIsNetworkAddress : t().inventory.vipIsBroadcastAddress)({ vip: v.cidr }));
      }
    }
  });
}

function checkVrrp(rc: RawCluster, c: Cluster, at: Segment[], report: Report): void {
  const vrrpAt = [...at, 'vrrp'];
  const { version, advertInt } = c.vrrp;
  const fromPreset = rc.vrrp?.advert_int === undefined;
  const versionFromPreset = rc.vrrp?.version === undefined;
  const intAt = !fromPreset ? [...vrrpAt, 'advert_int'] : !versionFromPreset ? [...vrrpAt, 'version'] : rc.timing ? [...at, 'timing'] : at;
  const m = t().inventory;
  const shown = fromPreset ? m.advertIntFromTiming({ value: String(advertInt), timing: c.timing }) : `advert_int ${advertInt}`;
  if (version === 2 && !(Number.isInteger(advertInt) && advertInt >= 1 && advertInt <= 255)) {
    report(intAt, m.advertIntNotV2({ advertInt: shown }));
  }
  const hundredths = advertInt * 100;
  if (version === 3 && (advertInt < 0.01 || advertInt > 40.95 || Math.abs(hundredths - Math.round(hundredths)) > 1e-6)) {
    report(intAt, m.advertIntNotV3({ advertInt: shown }));
  }

  const auth = rc.vrrp?.auth;
  if (auth) {
    const authAt = [...vrrpAt, 'auth'];
    if (version !== 2) {
      report(authAt, versionFromPreset ? m.authNeedsV2Timing({ timing: c.timing }) : m.authNeedsV2);
    }
    const sources = [auth.pass_env, auth.pass_file].filter((s) => s !== undefined).length;
    if (sources !== 1) {
      report(authAt, sources === 0 ? m.authNoPassSource : m.authBothPassSources);
    }
  }
}

function checkSsh(rc: RawCluster, c: Cluster, at: Segment[], report: Report): void {
  const reported = new Set<string>();
  const once = (where: Segment[], message: string) => {
    const k = formatPath(where);
    if (reported.has(k)) return;
    reported.add(k);
    report(where, message);
  };
  const m = t().inventory;
  const shared = rc.ssh;
  if (shared?.key !== undefined && shared.agent === true) once([...at, 'ssh', 'agent'], m.sshKeyAndAgent);

  c.hosts.forEach((h, j) => {
    const own = rc.hosts[j]!.ssh;
    const ownAt: Segment[] = [...at, 'hosts', j, 'ssh'];
    // Point at the host's own setting that completes the conflict; otherwise it is the cluster's `ssh:`.
    const pick = (keys: (keyof NonNullable<typeof own>)[]): Segment[] => {
      const k = keys.find((key) => own?.[key] !== undefined);
      if (k) return [...ownAt, k];
      const s = keys.find((key) => shared?.[key] !== undefined);
      return s ? [...at, 'ssh', s] : ownAt;
    };
    if (h.ssh.key !== undefined && h.ssh.agent && !(shared?.key !== undefined && shared.agent === true)) {
      once(pick(['agent', 'key']), m.sshKeyAndAgentOnHost({ host: h.name }));
    }
    if (h.ssh.sudoPasswordEnv !== undefined && !h.ssh.sudo) {
      const why = own?.sudo === false || shared?.sudo === false ? 'sudo: false' : m.userWithoutSudo({ user: h.ssh.user });
      once(pick(['sudo_password_env', 'sudo', 'user']), m.sudoPasswordWithoutSudo({ host: h.name, why }));
    }
  });
}

function checkTomcat(rc: RawCluster, c: Cluster, at: Segment[], report: Report): void {
  const tomcat = c.tomcat;
  if (tomcat.checkTimeout <= tomcat.checkInterval) return;
  const tc = rc.tomcat;
  const where: Segment[] =
    tc?.check_timeout !== undefined ? [...at, 'tomcat', 'check_timeout'] : tc?.check_interval !== undefined ? [...at, 'tomcat', 'check_interval'] : [...at, 'tomcat'];
  report(where, t().inventory.checkTimeoutTooLong({ timeout: String(tomcat.checkTimeout), interval: String(tomcat.checkInterval) }));
}

function checkAlerts(rc: RawCluster, at: Segment[], report: Report): void {
  const a = rc.alerts;
  if (a?.webhook_headers_file !== undefined && a.webhook === undefined) {
    report([...at, 'alerts', 'webhook_headers_file'], t().inventory.webhookHeadersWithoutWebhook);
  }
}

/**
 * keepalived has one set of mail settings per host (global_defs): two clusters with a host at the same address
 * must not give different ones (deploy/planners/host-shared.ts refuses it against the host's other clusters too).
 */
function checkSharedEmail(inv: Inventory, report: Report, lineOf: (at: readonly Segment[]) => number): void {
  inv.clusters.forEach((c, j) => {
    const mail = c.alerts.email;
    if (!mail) return;
    for (let i = 0; i < j; i++) {
      const other = inv.clusters[i]!;
      const theirs = other.alerts.email;
      if (!theirs || sameEmailSettings(mail, theirs)) continue;
      const host = c.hosts.find((h) => other.hosts.some((o) => o.address === h.address));
      if (!host) continue;
      report(['clusters', j, 'alerts', 'email'], t().inventory.emailClash({ cluster: other.name, line: String(lineOf(['clusters', i, 'alerts', 'email'])), address: host.address }));
      return;
    }
  });
}

/** Two clusters on one segment with the same VRID take each other's adverts as their own (docs/keepalived.md, VRRP on the network). */
function checkVrids(inv: Inventory, report: Report, lineOf: (at: readonly Segment[]) => number): void {
  inv.clusters.forEach((c, j) => {
    for (let i = 0; i < j; i++) {
      const other = inv.clusters[i]!;
      if (other.virtualRouterId !== c.virtualRouterId) continue;
      const pair = c.vips.flatMap((v) => other.vips.filter((o) => subnetsOverlap(v, o)).map((o) => [v, o] as const))[0];
      if (!pair) continue;
      report(
        ['clusters', j, 'virtual_router_id'],
        t().inventory.vridClash({
          vrid: String(c.virtualRouterId),
          cluster: other.name,
          line: String(lineOf(['clusters', i, 'virtual_router_id'])),
          vip: pair[0].cidr,
          otherVip: pair[1].cidr,
        }),
      );
      return;
    }
  });
}
