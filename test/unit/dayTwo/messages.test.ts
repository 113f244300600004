// What switchover and maintenance print, built from data: the result lines of a move and the refusals, in
// English (pinned: scripts and the e2e test read them) and in Chinese (docs/glossary.zh-CN.md).
import { afterEach, describe, expect, it } from 'vitest';
import { formatMove } from '../../../src/day-two/format.js';
import type { MoveResult } from '../../../src/day-two/measure.js';
import { planMaintenance, planSwitchover, RefusedError } from '../../../src/day-two/plan.js';
import { UsageError } from '../../../src/errors.js';
import { useLanguage } from '../../../src/i18n/index.js';
import { cluster as clusterOf, state } from '../../fixtures/day-two.js';

const cluster = (n = 2) => clusterOf({}, n);

const moved: MoveResult = {
  from: 'node1',
  to: 'node2',
  moved: true,
  moveSeconds: 0.412,
  failedRequests: 0,
  totalRequests: 187,
  outageSeconds: 0,
  handoverSeconds: 0.305,
  answeredBy: ['node1', 'node2'],
};

function refusal(fn: () => unknown): { message: string; hint: string | undefined } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RefusedError);
    return { message: (e as RefusedError).message, hint: (e as RefusedError).hint };
  }
  throw new Error('not refused');
}

const tomcatDownTarget = () => planSwitchover(cluster(), [state('node1', { holdsVip: true }), state('node2', { tomcatOk: false })], { to: 'node2' });

describe('move result lines in English', () => {
  it('moved: move time, failed requests of all, outage, when the old holder dropped the VIP', () => {
    expect(formatMove(moved)).toBe(
      'VIP moved node1 -> node2 in 0.412 s\n' +
        'client requests: 0 failed of 187, longest outage 0.000 s\n' +
        'node1 dropped the VIP 0.305 s after node2 had it (host clocks, measured offsets)',
    );
    expect(formatMove({ ...moved, handoverSeconds: -0.02 }).split('\n')[2]).toBe('node1 dropped the VIP 0.020 s before node2 had it (host clocks, measured offsets)');
    expect(formatMove({ ...moved, handoverSeconds: null }).split('\n')[2]).toBe('node1 was not seen dropping the VIP');
  });

  it('not moved', () => {
    expect(formatMove({ ...moved, moved: false, moveSeconds: null })).toBe('the VIP did not move from node1 to node2: every track file was put back, node1 keeps it');
  });

  it('a refusal names the target and why', () => {
    expect(refusal(tomcatDownTarget)).toEqual({
      message: 'node2 cannot take the VIP: Tomcat does not answer its health check',
      hint: 'nothing was changed; hasetup status shows the cluster',
    });
  });
});

describe('in zh-CN', () => {
  afterEach(async () => {
    await useLanguage('en');
  });

  it('the result lines of a move, with the same figures', async () => {
    await useLanguage('zh-CN');
    expect(formatMove(moved)).toBe(
      'VIP 已从 node1 漂移到 node2，耗时 0.412 s\n' +
        '客户端请求：共 187 个，失败 0 个，最长中断时间 0.000 s\n' +
        'node1 在 node2 获得 VIP 之后 0.305 s 释放了 VIP（按各主机时钟，已校正测得的时钟偏差）',
    );
    expect(formatMove({ ...moved, handoverSeconds: -0.02 }).split('\n')[2]).toBe('node1 在 node2 获得 VIP 之前 0.020 s 就已释放 VIP（按各主机时钟，已校正测得的时钟偏差）');
    expect(formatMove({ ...moved, moved: false })).toBe('VIP 未能从 node1 漂移到 node2：所有跟踪文件均已恢复，VIP 仍由 node1 持有');
  });

  it('refuses an unhealthy target in Chinese, with the hint', async () => {
    await useLanguage('zh-CN');
    expect(refusal(tomcatDownTarget)).toEqual({ message: 'node2 无法接管 VIP：Tomcat 未响应健康检查', hint: '未做任何改动；用 hasetup status 查看集群状态' });
    const inMaintenance = [state('node1', { holdsVip: true }), state('node2', { maintenance: true })];
    expect(refusal(() => planSwitchover(cluster(), inMaintenance, { to: 'node2' })).message).toBe('node2 无法接管 VIP：处于维护模式');
  });

  it('lists why no other host can take the VIP with Chinese separators', async () => {
    await useLanguage('zh-CN');
    const states = [state('node1', { holdsVip: true }), state('node2', { keepalivedActive: false }), state('node3', { reachable: false })];
    expect(refusal(() => planSwitchover(cluster(3), states, {})).message).toBe('集群 web：没有其他主机可以接管 VIP（node2：keepalived 未运行；node3：无法连接）');
    const split = [state('node1', { holdsVip: true }), state('node2', { holdsVip: true })];
    expect(refusal(() => planSwitchover(cluster(), split, {})).message).toBe('集群 web：node1 和 node2 同时持有 VIP（脑裂）');
  });

  it('maintenance: notes and bad input', async () => {
    await useLanguage('zh-CN');
    expect(planMaintenance(cluster(), [state('node1', { holdsVip: true, maintenance: true }), state('node2')], 'node1', true).notes).toEqual(['node1 已处于维护模式']);
    expect(() => planMaintenance(cluster(), [state('node1'), state('node2')], 'node9', true)).toThrow(new UsageError('集群 web 中没有主机 node9（现有主机：node1、node2）'));
  });
});
