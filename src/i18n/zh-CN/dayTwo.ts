// dayTwo 区域的消息（简体中文）：switchover（计划内切换）与 maintenance（维护模式）命令。规则见 docs/i18n.md。
// 秒数由代码格式化后传入（`0.123 s`，未测得时为 `-`）。
// 说明文字中不用单个换行：src/cli.ts 会把单个换行替换成空格，中文句子中间会多出空格；段落之间用空行。
import type { Catalog } from '../en/index.js';

export const dayTwo: Catalog['dayTwo'] = {
  switchoverSummary: '计划内切换：把 VIP 漂移到另一台健康的主机，客户端没有失败请求',
  switchoverDescription:
    '在不停止任何服务的情况下把 VIP 漂移到另一台主机：当前持有 VIP 的主机通过 keepalived 监视的跟踪文件' +
    '（/var/lib/hasetup/CLUSTER/standby.track）把自己的优先级降到目标主机之下，目标主机接管 VIP，' +
    '在此之前原主机继续应答。默认目标：可以接管 VIP 的主机中优先级最高的一台。目标主机不健康时' +
    '（Tomcat 无响应、keepalived 未运行、处于维护模式）拒绝执行，不做任何改动。切换期间用 failover-test ' +
    '的探测客户端（每 10 ms 通过新连接向 VIP 发送一次 HTTP GET）测量客户端看到的情况，并输出 VIP 漂移耗时、' +
    '失败请求数和中断时间。\n\n' +
    '切换是持久的：降低后的优先级保存在磁盘上（keepalived 重启、主机重启后依然有效），直到执行 ' +
    '`switchover --to ORIGINAL` 或 `--reset`。vrrp.preempt 关闭（非抢占）时，原主机必须主动退出' +
    '（短暂进入 FAULT），会造成短暂的中断。详见 README.zh-CN.md 的“日常运维”一节。',
  maintenanceSummary: '维护模式：让一台主机不再有资格持有 VIP（on），或恢复它的资格（off）',
  maintenanceDescription:
    'on：该主机不再成为 MASTER（keepalived 通过 /var/lib/hasetup/CLUSTER/maintenance.track 进入 FAULT）；' +
    '如果它正持有 VIP，会先像 switchover 一样把 VIP 交接出去（没有失败请求）。在执行 `off` 之前，' +
    'keepalived 重启和主机重启都不会改变这一状态。off：该主机恢复持有 VIP 的资格；开启抢占时，如果它的优先级最高，' +
    '会把 VIP 接回来。`hasetup status` 会显示维护模式。详见 README.zh-CN.md 的“日常运维”一节。',
  inventoryFileArg: '清单文件 (inventory)',
  maintenanceHostArg: '主机名',
  maintenanceStateArg: 'on 或 off',
  clusterNameOption: '集群名称（清单文件中有多个集群时）',
  switchoverToOption: '接管 VIP 的主机（默认：优先级最高的健康备用节点）',
  switchoverResetOption: '把所有优先级恢复为清单文件中的值（VIP 回到优先级最高的主机）',
  switchoverMoveTimeoutOption: '等待 VIP 漂移的秒数，超时则全部恢复原状',
  maintenanceMoveTimeoutOption: '等待 VIP 漂移的秒数',
  switchoverJsonOption: '把结果以 JSON 格式写入文件',
  hostsAtOnceOption: '同时连接的主机数',

  toAndResetExclusive: '--to 与 --reset 不能同时使用：--reset 就是 --to 清单文件中的主节点',
  inventoryHasNoCluster: (p) => `${p.file}：没有定义集群`,
  unknownTargetHost: (p) => `--to ${p.to}：集群 ${p.cluster} 中没有这台主机（现有主机：${p.hosts}）`,
  unknownMaintenanceHost: (p) => `集群 ${p.cluster} 中没有主机 ${p.host}（现有主机：${p.hosts}）`,
  expectedOnOrOff: (p) => `应为 on 或 off，实际为 ${p.value}`,
  noClusterHasHost: (p) => `${p.file}：没有哪个集群包含主机 ${p.host}`,
  hostInSeveralClusters: (p) => `${p.host} 属于多个集群：请用 --cluster 指定其中一个`,

  unfitUnreachable: '无法连接',
  unfitKeepalivedStopped: 'keepalived 未运行',
  unfitInMaintenance: '处于维护模式',
  unfitTomcatDown: 'Tomcat 未响应健康检查',

  trackFilesNotDeployed: (p) => `${p.hosts}：已部署的 keepalived 配置中没有计划内切换/维护模式的跟踪文件`,
  deployAddsTrackFilesHint: '请先用当前版本执行 hasetup deploy（它会加上这些跟踪文件，不重启任何服务）',
  noHostHoldsVip: (p) => `集群 ${p.cluster}：没有主机持有 VIP`,
  splitBrainHolders: (p) => `集群 ${p.cluster}：${p.hosts} 同时持有 VIP（脑裂）`,
  holdersJoiner: ' 和 ',
  fixClusterFirstHint: '用 hasetup status 查看集群状态；先修复问题，再做计划内切换',
  holderUnreachable: (p) => `${p.host} 持有 VIP，但无法连接`,
  noHostFitForVip: (p) => `集群 ${p.cluster}：没有可以持有 VIP 的主机`,
  noOtherHostCanTake: (p) => `集群 ${p.cluster}：没有其他主机可以接管 VIP（${p.reasons}）`,
  hostUnfitBecause: (p) => `${p.host}：${p.reason}`,
  reasonsJoiner: '；',
  nothingChangedHint: '未做任何改动',
  targetCannotTakeVip: (p) => `${p.host} 无法接管 VIP：${p.reason}`,
  nothingChangedSeeStatusHint: '未做任何改动；用 hasetup status 查看集群状态',
  maintenanceHostUnreachable: (p) => `${p.host} 无法连接：它的维护模式状态保存在它自己的磁盘上`,
  maintenanceTrackNotDeployed: (p) => `${p.host}：已部署的 keepalived 配置中没有维护模式的跟踪文件`,
  deployThisVersionHint: '请先用当前版本执行 hasetup deploy',

  targetHoldsVipAlready: (p) => `${p.host} 已持有 VIP`,
  preemptOffHolderStepsDown: 'preempt 已关闭（非抢占）：当前持有 VIP 的主机主动退出（FAULT），目标主机在其偏移时间之后接管，会有短暂的中断',
  preemptOffHostStepsDown: 'preempt 已关闭（非抢占）：该主机主动退出（FAULT），备用节点在其偏移时间之后接管，会有短暂的中断',
  hostNotInMaintenance: (p) => `${p.host} 未处于维护模式`,
  hostInMaintenanceAlready: (p) => `${p.host} 已处于维护模式`,

  switchoverStep: (p) => `集群 ${p.cluster} 计划内切换：${p.from} → ${p.to}`,
  handingOverFirst: (p) => `${p.host} 持有 VIP：先把 VIP 交接给 ${p.to}`,
  trackFileWritten: (p) => `${p.host}：跟踪文件 ${p.file}.track = ${p.value}`,
  trackFileWriteFailed: (p) => `${p.host}：写入 ${p.file} 跟踪文件失败（退出码 ${p.code}）：${p.stderr}`,
  cannotHoldVip: (p) => `${p.host}：无法为交接做交接保持（${p.reason}）；切换瞬间正在处理的请求可能失败`,
  noNftOnHost: '主机上没有 nft',
  holdCommandExit: (p) => `退出码 ${p.code}`,
  vipDidNotReachTarget: (p) => `VIP 未在 ${p.seconds} 内漂移到 ${p.host}：正在恢复跟踪文件`,
  interruptedLiftingHold: '已中止：先解除交接保持，然后停止',
  interruptedHoldLifted: '已中止：交接保持已解除；跟踪文件保留已写入的值（用 hasetup status 查看 VIP 在哪台主机上）',
  notTakenBackInTime: (p) => `${p.host} 未在 ${p.seconds} 内接回 VIP：请用 hasetup status 查看`,
  switchoverInterrupted: '计划内切换已中止',
  maintenanceInterrupted: '维护模式操作已中止',

  holdsVipNothingMoved: (p) => `${p.host} 已持有集群 ${p.cluster} 的 VIP；VIP 未漂移`,
  holdsVipPrioritiesWritten: (p) => `${p.host} 已持有集群 ${p.cluster} 的 VIP（已写入优先级，使 VIP 留在该主机上）；VIP 未漂移`,
  maintenanceIsOn: (p) => `${p.host}：维护模式已开启`,
  maintenanceIsOff: (p) => `${p.host}：维护模式已关闭`,
  vipHolderAfterMaintenance: (p) => `；VIP 由 ${p.host} 持有`,
  vipDidNotMove: (p) => `VIP 未能从 ${p.from} 漂移到 ${p.to}：所有跟踪文件均已恢复，VIP 仍由 ${p.from} 持有`,
  vipMovedIn: (p) => `VIP 已从 ${p.from} 漂移到 ${p.to}，耗时 ${p.seconds}`,
  clientRequestsResult: (p) => `客户端请求：共 ${p.total} 个，失败 ${p.failed} 个，最长中断时间 ${p.outage}`,
  oldHolderDropNotSeen: (p) => `未观察到 ${p.from} 释放 VIP`,
  oldHolderDroppedAfter: (p) => `${p.from} 在 ${p.to} 获得 VIP 之后 ${p.seconds} 释放了 VIP（按各主机时钟，已校正测得的时钟偏差）`,
  oldHolderDroppedBefore: (p) => `${p.from} 在 ${p.to} 获得 VIP 之前 ${p.seconds} 就已释放 VIP（按各主机时钟，已校正测得的时钟偏差）`,
};
