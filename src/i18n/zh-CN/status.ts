// status 区域的消息（简体中文）。规则见 docs/i18n.md，术语见 docs/glossary.zh-CN.md。--json 的输出是数据，不走这里。
import type { Catalog } from '../en/index.js';

export const status: Catalog['status'] = {
  help: {
    summary: '每台主机的 keepalived 状态、优先级、VIP 持有者、Tomcat 健康状况和最近的状态变化',
    // One paragraph, no line breaks: commander joins source lines with a space, which Chinese does not want.
    description:
      '读取每个集群的每台主机（不做任何改动）：keepalived 是否在运行、处于哪个 VRRP 状态，' +
      '它的优先级，哪台主机持有各个 VIP，Tomcat 的健康检查是否有响应，最近的状态变化' +
      '（由 hasetup 部署的通知脚本记录），每台主机所在的配置版本（以及是否不一致：部署曾被中止；' +
      'hasetup deploy 或 rollback 会让它们回到同一版本），维护模式，计划内切换降低的优先级，' +
      '以及发送失败的告警。--json 以 JSON 输出同样的内容；--watch 持续刷新。',
    inventoryArg: '清单文件 (inventory)',
    clusterOption: '只看这个集群',
    jsonOption: '以 JSON 输出',
    watchOption: '每隔几秒（默认 2 秒）原地刷新，按 Ctrl-C 停止',
    parallelOption: '同时连接的主机数',
  },
  watchNotPositive: '--watch：需要一个正数（秒）',
  watchHeader: (p) => `${p.time}  （每 ${p.every} s 刷新，按 Ctrl-C 停止）`,
  clusterHeading: (p) => `集群 ${p.cluster}`,
  table: {
    host: '主机',
    keepalived: 'keepalived 服务',
    vrrpState: 'VRRP 状态',
    priority: '优先级',
    holdsVip: '持有 VIP',
    tomcat: 'Tomcat 状态',
    generation: '配置版本',
    dayTwo: '运维状态',
    lastStateChanges: '最近状态变化',
  },
  keepalivedRunning: '运行中',
  keepalivedStopped: '已停止',
  hostUnreachable: '无法连接',
  holdsNoVip: '否',
  generationNone: '无',
  generationInterrupted: (p) => `（已中止：${p.id}）`,
  agoSeconds: (p) => `${p.n} 秒前`,
  agoMinutes: (p) => `${p.n} 分钟前`,
  agoHours: (p) => `${p.n} 小时前`,
  agoDays: (p) => `${p.n} 天前`,
  listSeparator: '、',
  dayTwoMaintenance: '维护模式',
  dayTwoLowered: (p) => `优先级调整 ${p.by}（计划内切换）`,
  dayTwoAlertFailures: (p) => `${p.count} 次告警发送失败`,
  dayTwoNotDeployed: '未部署',
  vipLine: (p) => `VIP ${p.vip}：${p.holders}（${p.verdict}）`,
  vipOk: '正常',
  vipNoHolder: '无持有者',
  vipSplitBrain: '脑裂',
  vipNobody: '无主机',
  hostOnGeneration: (p) => `${p.host}：${p.generation}`,
  generationsDiffer: (p) => `各主机的配置版本不一致（${p.hosts}）：请运行 hasetup deploy 或 hasetup rollback，让它们回到同一版本`,
  generationEverywhere: (p) => `配置版本：每台主机均为 ${p.generation}`,
  generationNoneRecorded: '无记录',
  alertDeliveriesFailed: (p) => `${p.host}：${p.count} 次告警发送失败；最近一次：${p.last}`,
};
