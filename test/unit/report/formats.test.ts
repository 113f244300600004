import { describe, expect, it } from 'vitest';
import { renderJson } from '../../../src/report/json.js';
import { renderJunit, xmlEscape } from '../../../src/report/junit.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { fixtureReport } from '../../fixtures/report.js';
import { checkWellFormedXml } from '../../support/xml-check.js';

describe('report formats (snapshots)', () => {
  it('terminal without colour', async () => {
    await expect(renderTerminal(fixtureReport, { color: false })).toMatchFileSnapshot('./__snapshots__/report.terminal.txt');
  });
  it('markdown', async () => {
    await expect(renderMarkdown(fixtureReport)).toMatchFileSnapshot('./__snapshots__/report.md');
  });
  it('junit', async () => {
    await expect(renderJunit(fixtureReport)).toMatchFileSnapshot('./__snapshots__/report.junit.xml');
  });
  it('json', async () => {
    await expect(renderJson(fixtureReport)).toMatchFileSnapshot('./__snapshots__/report.json');
  });
});

describe('terminal', () => {
  it('colours only when asked', () => {
    // eslint-disable-next-line no-control-regex
    const ansi = /\u001b\[\d+m/;
    expect(renderTerminal(fixtureReport, { color: true })).toMatch(ansi);
    // not even the ANSI sequences in the fixture's error text (output of a remote command)
    expect(renderTerminal(fixtureReport, { color: false })).not.toContain('\u001b');
  });
  it('lists the reasons under failed rows and ends with the verdict', () => {
    const out = renderTerminal(fixtureReport, { color: false });
    expect(out).toContain('- split brain: node1 and node2 held 198.18.1.100');
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      'FAILED: 3 of 5 scenarios failed (keepalived-kill, tomcat-stop, reboot); 1 could not be carried out (network-loss); ' +
        '1 restore failed (node1: reboot); longest outage 5.150 s (allowed 1.000 s).',
    );
    expect(out).toContain('restore failed on node1 (reboot): node1 did not answer SSH again');
    expect(out).toMatch(/│ network-loss +│ ERROR +│/);
    expect(out).toMatch(/│ keepalived-stop +│ PASS +│ 0\.070 s to node2 │ 1 away, 1 back │/);
    const passed = { ...fixtureReport, passed: true, scenarios: fixtureReport.scenarios.slice(0, 1) };
    expect(renderTerminal(passed, { color: false }).trimEnd().split('\n').at(-1)).toBe(
      'PASSED: 1 of 1 scenarios passed; longest outage 0.060 s (allowed 1.000 s).',
    );
  });
});

describe('json', () => {
  it('has the fields machines rely on', () => {
    const doc = JSON.parse(renderJson(fixtureReport)) as Record<string, unknown> & { scenarios: Record<string, unknown>[] };
    expect(doc.passed).toBe(false);
    expect(doc.scenarios).toHaveLength(5);
    for (const s of doc.scenarios) {
      for (const key of ['name', 'status', 'passed', 'vipMoveSeconds', 'movesAway', 'movesBack', 'outageSeconds', 'failedRequests', 'failbackSeconds', 'splitBrain']) {
        expect(s).toHaveProperty(key);
      }
    }
    expect(doc.scenarios[0]).toMatchObject({ name: 'keepalived-stop', passed: true, vipMoveSeconds: 0.07, outageSeconds: 0.06, failedRequests: 6, failbackSeconds: 0.405, splitBrain: false });
    expect(doc.scenarios[2]).toMatchObject({ vipMoveSeconds: null, failbackSeconds: null });
    expect(doc.scenarios[4]).toMatchObject({ name: 'network-loss', status: 'error', passed: false, movesAway: 0 });
    expect(doc.scenarios[0]).toMatchObject({ status: 'pass', movesAway: 1, movesBack: 1 });
    expect(doc.restoreFailures).toEqual([expect.objectContaining({ host: 'node1', scenario: 'reboot' })]);
    expect(doc).toMatchObject({ cluster: 'shop-prod', vip: '198.18.1.100', maxOutageSeconds: 1, hasetupVersion: '0.1.0' });
  });
});

describe('junit', () => {
  it('is well-formed XML with escaped text', () => {
    const xml = renderJunit(fixtureReport);
    expect(() => checkWellFormedXml(xml)).not.toThrow();
    expect(xml).toContain('&lt;host&gt; &quot;node1&quot; &amp; ssh said no route | retry');
    expect(xml).not.toContain('\u001b');
  });
  it('has one testcase per scenario, time = outage, a failure with the reasons, an error for a scenario that did not run', () => {
    const xml = renderJunit(fixtureReport);
    expect(xml).toMatch(/<testsuite name="failover shop-prod" tests="5" failures="3" errors="1"/);
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toContain('<testcase name="keepalived-stop" classname="hasetup.failover.shop-prod" time="0.060">');
    expect(xml).toMatch(/<failure message="split brain: node1 and node2 held/);
    expect(xml).toMatch(/<failure message="the scenario did not run cleanly: restore failed: &lt;host&gt;/);
    expect(xml).toMatch(/<error message="not carried out: could not arm the failsafe timer on node1/);
    expect(xml).toContain('moves: 1 away, 1 back');
    const testcases = xml.split('<testcase ').slice(1);
    expect(testcases[0]).not.toMatch(/<failure|<error/);
  });
  it('escapes the five XML specials and drops characters XML cannot hold', () => {
    expect(xmlEscape(`<a href="x">&'</a>\u0000\u001b[1;31m!`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;!');
  });
  it('the checker rejects broken XML', () => {
    expect(() => checkWellFormedXml('<a><b></a></b>')).toThrow();
    expect(() => checkWellFormedXml('<a x="1 & 2"/>')).toThrow();
    expect(() => checkWellFormedXml('<a>1 < 2</a>')).toThrow();
    expect(() => checkWellFormedXml('<a x="1" x="2"/>')).toThrow();
  });
});

describe('markdown', () => {
  it('has a summary, the parameters, the table and a timeline per scenario', () => {
    const md = renderMarkdown(fixtureReport);
    expect(md).toMatch(/^# Failover test: shop-prod: FAILED/);
    expect(md).toContain('## Parameters in effect');
    expect(md).toContain('## Results');
    for (const s of fixtureReport.scenarios) expect(md).toContain(`### ${s.name}: `);
    expect(md).toContain('| +0.070 | node2 added 198.18.1.100 |');
    expect(md).toContain('| -0.500 | settled |');
    expect(md).toContain('restore failed: &lt;host&gt; "node1" &amp; ssh said no route | retry'); // not taken for a tag
    expect(md).not.toContain('\u001b');
    const piped = { ...fixtureReport, scenarios: [{ ...fixtureReport.scenarios[0]!, timeline: [{ t: 1, label: 'a | b' }] }] };
    expect(renderMarkdown(piped)).toContain('| +1.000 | a \\| b |'); // a pipe does not break the table
  });
  it('shows one parameter table when all scenarios share them', () => {
    const same = { ...fixtureReport, scenarios: fixtureReport.scenarios.slice(0, 2) };
    expect(renderMarkdown(same)).toContain('| parameter | value |');
  });
});

describe('wrap', () => {
  it('wraps at word boundaries', async () => {
    const { wrap } = await import('../../../src/report/format.js');
    expect(wrap('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrap('abcdefgh ij', 4)).toEqual(['abcdefgh', 'ij']);
    expect(wrap('', 4)).toEqual(['']);
  });
});

describe('times for people', () => {
  it('are the local time with its zone, to the second', async () => {
    const { localTime } = await import('../../../src/report/format.js');
    expect(localTime('2025-06-15T10:00:00.000Z', 0)).toBe('2025-06-15 10:00:00 UTC');
    expect(localTime('2025-06-15T20:30:05.123Z', 480)).toBe('2025-06-16 04:30:05 UTC+08:00');
    expect(localTime('2025-06-15T02:00:00.000Z', -330)).toBe('2025-06-14 20:30:00 UTC-05:30');
    expect(localTime('not a time')).toBe('not a time');
  });
});
