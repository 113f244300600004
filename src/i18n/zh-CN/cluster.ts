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
};
