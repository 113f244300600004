// What `hasetup status` prints, rendered from data in English and in Chinese: the English view as it always
// was, the Chinese one in Chinese, and the table lined up by terminal columns (a CJK character takes two).
import { afterEach, describe, expect, it } from 'vitest';
import { ago, renderClusterStatus, type ClusterStatus, type Paint } from '../../../src/cluster/status-view.js';
import { useLanguage } from '../../../src/i18n/index.js';
import { displayWidth } from '../../../src/i18n/width.js';

const plain: Paint = { bold: (s) => s, green: (s) => s, red: (s) => s, yellow: (s) => s };
const NOW = 1_800_000_000;

const host = (name: string, over: Partial<ClusterStatus['hosts'][number]>): ClusterStatus['hosts'][number] => ({
  host: name,
  reachable: true,
  addresses: [],
  keepalivedActive: true,
  state: 'BACKUP',
  priority: 100,
  transitions: [],
  tomcatHttp: '200',
  dayTwo: { configured: true, standby: 0, maintenance: false, alertFailures: 0 },
  generation: '20261128T150000Z-1a2b3c4d',
  pendingGeneration: null,
  ...over,
});

const status: ClusterStatus = {
  cluster: 'web',
  vipHolders: { '198.18.1.100': ['node1'] },
  generation: null,
  generationsDiffer: true,
  hosts: [
    host('node1', { state: 'MASTER', priority: 150, transitions: [{ t: NOW - 3700, state: 'BACKUP' }, { t: NOW - 30, state: 'MASTER' }] }),
    host('node2', {
      tomcatHttp: 'no answer',
      generation: null,
      pendingGeneration: '20261128T160000Z-5e6f7a8b',
      dayTwo: { configured: true, standby: -60, maintenance: true, alertFailures: 2, lastAlertFailure: 'webhook 500' },
    }),
    host('node3', { reachable: false, keepalivedActive: false, state: 'unknown', priority: undefined, tomcatHttp: 'unknown', dayTwo: undefined, generation: null }),
  ],
};

const render = () => renderClusterStatus(status, { expectedStatus: 200, nowSeconds: NOW, paint: plain }).join('\n');

/** The terminal column of every table border character on a line. */
function borderColumns(line: string): number[] {
  const cols: number[] = [];
  let col = 0;
  for (const ch of line) {
    if ('│┼┬┴┌┐└┘├┤'.includes(ch)) cols.push(col);
    col += displayWidth(ch);
  }
  return cols;
}

function expectAligned(text: string): void {
  const table = text.split('\n').filter((l) => /^[│┌├└]/.test(l));
  expect(table.length).toBeGreaterThan(4);
  const widths = new Set(table.map(displayWidth));
  expect([...widths]).toHaveLength(1);
  // every row's column borders at the same terminal columns as the top border's
  const top = borderColumns(table[0]!);
  for (const l of table) expect(borderColumns(l), l).toEqual(top);
}

describe('status view', () => {
  afterEach(async () => {
    await useLanguage('en');
  });

  it('renders the English view as it always was', () => {
    expect(render()).toBe(
      [
        'cluster web',
        '┌───────┬─────────────┬────────────┬──────────┬──────────────┬───────────┬───────────────────────────────────────────────┬─────────────────────────────────────────────────────────┬────────────────────────────────────┐',
        '│ host  │ keepalived  │ VRRP state │ priority │ holds VIP    │ Tomcat    │ generation                                    │ day two                                                 │ last state changes                 │',
        '├───────┼─────────────┼────────────┼──────────┼──────────────┼───────────┼───────────────────────────────────────────────┼─────────────────────────────────────────────────────────┼────────────────────────────────────┤',
        '│ node1 │ running     │ MASTER     │ 150      │ 198.18.1.100 │ 200       │ 20261128T150000Z-1a2b3c4d                     │ -                                                       │ MASTER 30 s ago, BACKUP 62 min ago │',
        '├───────┼─────────────┼────────────┼──────────┼──────────────┼───────────┼───────────────────────────────────────────────┼─────────────────────────────────────────────────────────┼────────────────────────────────────┤',
        '│ node2 │ running     │ BACKUP     │ 100      │ no           │ no answer │ none (interrupted: 20261128T160000Z-5e6f7a8b) │ maintenance, lowered -60 (switchover), 2 alert failures │ -                                  │',
        '├───────┼─────────────┼────────────┼──────────┼──────────────┼───────────┼───────────────────────────────────────────────┼─────────────────────────────────────────────────────────┼────────────────────────────────────┤',
        '│ node3 │ unreachable │ unknown    │ -        │ no           │ unknown   │ none                                          │ -                                                       │ -                                  │',
        '└───────┴─────────────┴────────────┴──────────┴──────────────┴───────────┴───────────────────────────────────────────────┴─────────────────────────────────────────────────────────┴────────────────────────────────────┘',
        'VIP 198.18.1.100: node1 (ok)',
        'the hosts are on DIFFERENT generations (node1 20261128T150000Z-1a2b3c4d, node2 none, node3 none): run hasetup deploy, or hasetup rollback, to put them on one',
        'node2: 2 alert deliveries failed; last: webhook 500',
      ].join('\n'),
    );
    const text = render();
    expect(text).toContain('│ node1 │ running     │ MASTER');
    expect(text).toContain('MASTER 30 s ago, BACKUP 62 min ago');
    expect(text).toContain('none (interrupted: 20261128T160000Z-5e6f7a8b)');
    expect(text).toContain('maintenance, lowered -60 (switchover), 2 alert failures');
    expect(text).toContain('│ node3 │ unreachable │ unknown');
    expect(text).toContain('no answer');
    expect(text).toContain('VIP 198.18.1.100: node1 (ok)');
    expect(text).toContain(
      'the hosts are on DIFFERENT generations (node1 20261128T150000Z-1a2b3c4d, node2 none, node3 none): run hasetup deploy, or hasetup rollback, to put them on one',
    );
    expect(text).toContain('node2: 2 alert deliveries failed; last: webhook 500');
    expectAligned(text);
  });

  it('renders the Chinese view in Chinese, keeping MASTER/BACKUP and the data as they are', async () => {
    await useLanguage('zh-CN');
    const text = render();
    expect(text.split('\n')[0]).toBe('集群 web');
    expect(text).toMatch(/│ 主机\s+│ keepalived 服务\s+│ VRRP 状态\s+│ 优先级\s+│ 持有 VIP\s+│ Tomcat 状态\s+│ 配置版本\s+│ 运维状态\s+│ 最近状态变化\s+│/);
    expect(text).toContain('MASTER 30 秒前、BACKUP 62 分钟前');
    expect(text).toMatch(/│ node1 │ 运行中\s+│ MASTER\s+│ 150\s+│ 198\.18\.1\.100\s+│ 200 /);
    expect(text).toMatch(/│ node3 │ 无法连接\s+│ 未知 /);
    expect(text).toContain('无响应');
    expect(text).toContain('无（已中止：20261128T160000Z-5e6f7a8b）');
    expect(text).toContain('维护模式、优先级调整 -60（计划内切换）、2 次告警发送失败');
    expect(text).toContain('VIP 198.18.1.100：node1（正常）');
    expect(text).toContain('各主机的配置版本不一致（node1：20261128T150000Z-1a2b3c4d、node2：无、node3：无）');
    expect(text).toContain('node2：2 次告警发送失败；最近一次：webhook 500');
    expect(text).not.toMatch(/\b(running|unreachable|none|ago|maintenance|holds VIP)\b/);
    expectAligned(text);
  });

  it('says a split brain and a missing holder in words', async () => {
    await useLanguage('zh-CN');
    const split = renderClusterStatus({ ...status, vipHolders: { '198.18.1.100': ['node1', 'node2'], '198.18.1.101': [] } }, { expectedStatus: 200, nowSeconds: NOW, paint: plain });
    expect(split).toContain('VIP 198.18.1.100：node1、node2（脑裂）');
    expect(split).toContain('VIP 198.18.1.101：无主机（无持有者）');
    expectAligned(split.join('\n'));
  });

  it('rounds how long ago, in the chosen language', async () => {
    expect([ago(NOW - 5, NOW), ago(NOW - 600, NOW), ago(NOW - 7200, NOW), ago(NOW - 3 * 86400, NOW)]).toEqual(['5 s ago', '10 min ago', '2 h ago', '3 days ago']);
    await useLanguage('zh-CN');
    expect([ago(NOW - 5, NOW), ago(NOW + 10, NOW), ago(NOW - 3 * 86400, NOW)]).toEqual(['5 秒前', '0 秒前', '3 天前']);
  });
});
