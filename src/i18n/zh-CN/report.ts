// report 区域的消息（简体中文）：给人看的故障切换报告（终端表格、Markdown、JUnit 失败信息）。
// JSON 报告供机器读取，不随语言变化。规则见 docs/i18n.md，术语见 docs/glossary.zh-CN.md。
import type { Catalog } from '../en/index.js';

export const report: Catalog['report'] = {
  verdictPass: '通过',
  verdictFail: '失败',
  verdictError: '错误',
  overallPassed: '测试通过',
  overallFailed: '测试未通过',
  movesCount: (p) => `漂走 ${p.away} 次，回切 ${p.back} 次`,
  vipNeverMoved: '未漂移',
  vipMovedTo: (p) => `${p.seconds}，漂移到 ${p.host}`,
  failbackOutageSuffix: (p) => `（中断 ${p.outage}）`,
  failbackStays: '不回切 (nopreempt)',
  splitBrainYes: (p) => `有，${p.seconds}`,
  splitBrainNo: '无',
  summaryPassed: (p) => `${p.verdict}：全部 ${p.total} 个场景通过；${p.outage}`,
  summaryFailed: (p) => `${p.verdict}：${p.what}；${p.outage}`,
  summaryLongestOutage: (p) => `最长中断时间 ${p.longest}（允许 ${p.allowed}）。`,
  summaryAllowedOutage: (p) => `允许的中断时间 ${p.allowed}。`,
  summaryScenariosFailed: (p) => `${p.total} 个场景中有 ${p.count} 个失败（${p.names}）`,
  summaryNotCarriedOut: (p) => `${p.count} 个未能执行（${p.names}）`,
  summaryRestoresFailed: (p) => `${p.count} 次恢复失败（${p.list}）`,
  summaryRestoreItem: (p) => `${p.host} 上的 ${p.scenario}`,
  summaryTestFailed: '测试失败',
  summarySeparator: '；',
  nameSeparator: '、',
  param: {
    vrrpVersion: 'VRRP 版本',
    advertInt: 'advert_int（通告间隔）',
    priority: '优先级（主节点 / 备用节点）',
    checkInterval: '检查间隔',
    checkFallRise: '检查 fall / rise',
    checkTimeout: '检查超时',
    trackProcess: 'track_process（进程跟踪）',
    watchdog: '看门狗',
    preemption: '抢占',
    yes: '是',
    no: '否',
    watchdogNone: '无',
    watchdogEvery: (p) => `每 ${p.ms} ms`,
    nopreempt: '非抢占 (nopreempt)',
    preempt: '抢占 (preempt)',
  },
  column: {
    scenario: '场景',
    result: '结果',
    vipMove: 'VIP 漂移',
    moves: '漂移次数',
    outage: '中断时间',
    failedTotal: '失败/总数',
    failedTotalRequests: '失败请求/总请求',
    failback: '回切',
    splitBrain: '脑裂',
    bound: '理论上限',
    parameter: '参数',
    value: '值',
    time: '时间 (s)',
    event: '事件',
  },
  terminal: {
    title: (p) => `${p.cluster} 故障切换测试（VIP ${p.vip}），${p.started} 至 ${p.finished}，hasetup ${p.version}`,
    restoreFailed: (p) => `在 ${p.host} 上恢复失败（${p.scenario}）：${p.detail}`,
  },
  markdown: {
    title: (p) => `# 故障切换测试：${p.cluster}：${p.verdict}`,
    cluster: (p) => `- 集群：${p.cluster}`,
    vip: (p) => `- 虚拟IP (VIP)：${p.vip}`,
    started: (p) => `- 开始时间：${p.time}`,
    finished: (p) => `- 结束时间：${p.time}`,
    allowedOutage: (p) => `- 每个场景允许的中断时间：${p.seconds}`,
    version: (p) => `- hasetup 版本：${p.version}`,
    // 中文不在句中换行（Markdown 会把换行显示成空格），每个说明一行。
    explanation:
      '每个故障场景以一种方式让主节点出故障，同时探测客户端大约每 10 ms 通过新建连接向 VIP 发送一次 HTTP 请求。各项指标的含义：\n\n' +
      '- VIP 漂移：从注入故障到 VIP 出现在另一台主机上所用的时间（依据该主机自身的地址事件）。\n' +
      '- 中断时间：客户端连续收不到成功响应的最长时间。\n' +
      '- 回切：从恢复主节点到 VIP 回到主节点所用的时间（抢占）。\n' +
      '- 漂移次数：VIP 换了几次主机，包括从主节点漂走和回到主节点；正常的故障切换只漂走一次，（启用抢占时）回切一次，' +
      '多出来的都是来回抖动，客户端可能会感受到两次中断。\n' +
      '- 脑裂：两台主机同时持有 VIP 的时间超过了正常交接所需的时间。\n' +
      '- 错误：场景未能执行（没有注入任何故障）。',
    restoresFailedHeading: '## 恢复失败',
    restoreItem: (p) => `- ${p.host}（${p.scenario}）：${p.detail}`,
    parametersHeading: '## 生效的参数',
    noScenarioRan: '没有运行任何场景。',
    resultsHeading: '## 测试结果',
    timelinesHeading: '## 时间线',
    timelinesIntro: '时间以秒为单位，从注入故障的时刻算起。',
    scenarioHeading: (p) => `### ${p.scenario}：${p.verdict}`,
    didNotRunCleanly: (p) => `场景运行中出现问题：${p.error}`,
    theoreticalBound: (p) => `理论上限 ${p.seconds}：${p.explanation}`,
    nothingRecorded: '没有记录到任何事件。',
  },
  junit: {
    figures: (p) =>
      `VIP 漂移：${p.vipMove}；漂移次数：${p.moves}；中断时间：${p.outage}；失败请求/总请求：${p.requests}；` +
      `回切：${p.failback}；脑裂：${p.splitBrain}；理论上限：${p.bound}`,
    failedWithoutReason: '失败',
  },
};
