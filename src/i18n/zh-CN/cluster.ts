// cluster 区域的消息（简体中文）：观察到的集群问题。规则见 docs/i18n.md，术语见 docs/glossary.zh-CN.md。
import type { Catalog } from '../en/index.js';

export const cluster: Catalog['cluster'] = {
  httpNoAnswer: '无响应',
  httpUnknown: '未知',
  stateStopped: '已停止',
  stateUnknown: '未知',
  hostNotReachable: (p) => `${p.host}：无法连接（${p.error}）`,
  keepalivedNotRunning: (p) => `${p.host}：keepalived 未运行`,
  tomcatAnswersWrong: (p) => `${p.host}：Tomcat 在端口 ${p.where} 返回 ${p.answer}（预期为 ${p.expected}）`,
  noHostHoldsVip: (p) => `没有主机持有 VIP ${p.vip}`,
  splitBrain: (p) => `脑裂：${p.hosts} 同时持有 VIP ${p.vip}`,
  splitBrainAnd: ' 和 ',
  wrongVipHolder: (p) => `VIP ${p.vip} 由 ${p.holder} 持有，预期为 ${p.expected}`,

  lockHolder: (p) => `${p.user} 在 ${p.adminHost} 上运行的 ${p.command}（集群 ${p.cluster}，pid ${p.pid}），开始于 ${p.since}`,
  lockHolderUnknown: (p) => `一个写入了以下内容的持有者：${p.text}`,
  lockHolderUnwritten: '一个尚未写入自身信息的运行',
  lockHeld: (p) => `集群 ${p.cluster} 已被另一个运行锁定：${p.holder}（${p.host} 上的 ${p.file}）；未做任何改动`,
  lockStillHeld: (p) => `等待 ${p.seconds} s 后集群 ${p.cluster} 仍被锁定：${p.holder}（${p.host} 上的 ${p.file}）；未做任何改动`,
  lockHeldHint: '请等那个运行结束，或加 --wait SECONDS 等待它；运行结束或被终止时锁会立即释放，因此锁总是由一个活着的运行持有',
  lockWaiting: (p) => `${p.host}：被 ${p.holder} 锁定；最多等待 ${p.seconds} s`,
  lockWaitInterrupted: (p) => `等待集群 ${p.cluster} 的锁时被中止；未做任何改动`,
  lockFailed: (p) => `${p.host}：无法获取集群 ${p.cluster} 的锁；未做任何改动：${p.error}`,
  lockFailedOutput: (p) => `退出码 ${p.code}：${p.output}`,
  lockNoOutput: '无输出',
  lockLost: (p) => `${p.host}：集群 ${p.cluster} 的锁已丢失（主机上的持有进程已结束）；其他运行可能开始`,
  waitOption: '另一个运行持有集群的锁时，最多等待这么多秒（默认：立即拒绝）',
};
