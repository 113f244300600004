// failover 区域的消息（简体中文）：failover-test 命令、故障场景、运行过程中的进度和错误，以及 measure.ts 对每个场景的
// 判定原因、时间线和理论上限说明。规则见 docs/i18n.md，术语见 docs/glossary.zh-CN.md。
import type { Catalog } from '../en/index.js';

export const failover: Catalog['failover'] = {
  help: {
    summary: '有意让主节点出故障，测量客户端感受到的影响，恢复后出具报告',
    // 中文段落内不换行：命令帮助会把单个换行变成空格（src/cli.ts），只有空行分段。
    description:
      '以多种方式让主节点出故障，每次一个场景，并测量客户端看到的情况：VIP 漂移用了多长时间（依据各主机自身的地址事件）、' +
      '客户端最长中断时间（每 10 ms 通过新建连接向 VIP 发送一次 HTTP 请求）、是否出现脑裂，以及回切情况。' +
      '每次注入的故障都会被恢复，按下 Ctrl-C 或 SSH 会话断开时也一样（主机上的定时器会自行撤销故障）。' +
      '只有全部场景通过时退出码才为 0。\n\n' +
      '故障场景：keepalived-stop、tomcat-stop、tomcat-crash、tomcat-hang、keepalived-kill、network-loss（默认运行以上全部），' +
      'host-crash（主节点断电：需要在清单文件 (inventory) 中配置断电/上电命令，并加 --allow-power-off）' +
      '和 reboot（仅在加 --allow-reboot 时运行）。master-crash 是 keepalived-kill 的旧名称。\n\n' +
      '只有 VIP 恰好漂移走一次（启用抢占时还要恰好回切一次），场景才算通过。' +
      '错误：场景未能执行（例如无法设置保险定时器），且没有注入任何故障。\n\n' +
      '退出码：0 全部场景通过；1 有场景失败或出错，或恢复失败；2 输入有误；' +
      '130 被中止（Ctrl-C、SIGTERM 或 SIGHUP：会先恢复当前场景）。',
    inventoryArg: '清单文件 (inventory)',
    clusterOption: '要测试的集群（清单文件中有多个集群时指定）',
    scenarioOption: '逗号分隔的故障场景列表',
    maxOutageOption: '客户端中断时间超过此值时，场景判为失败',
    holdOption: 'VIP 漂移之后故障还要持续多久',
    networkLossOption: 'network-loss 场景中主节点断网多长时间',
    moveTimeoutOption: '等待 VIP 漂移的最长时间',
    failsafeOption: '超过这段时间后，主节点自行撤销故障，以防 hasetup 已经退出（默认：以上各等待时间之和 + 60 s）',
    probePathOption: '探测客户端请求的 URL 路径（默认：集群的健康检查路径）',
    probeFromOption: '在集群的这台主机上（通过 SSH）运行探测客户端，而不是在本机运行；用于只能从内网访问 VIP 的环境',
    allowRebootOption: '允许运行 reboot 场景',
    allowPowerOffOption: '允许运行 host-crash 场景（用主节点的 power.off 命令切断其电源）',
    yesOption: '不再询问确认（此测试本身就会造成中断）',
    jsonOption: '把报告写成 JSON 文件',
    junitOption: '把报告写成 JUnit XML 文件',
    markdownOption: '把报告写成 Markdown 文件（可附在变更工单中）',
    parallelOption: '同时连接的主机数',
  },
  refuse: {
    rebootNeedsAllowReboot: 'reboot 场景需要加 --allow-reboot',
    hostCrashNeedsAllowPowerOff: 'host-crash 场景会切断主节点的电源：需要加 --allow-power-off',
    probePathInvalid: (p) => `--probe-path：${p.hint}`,
    noCluster: (p) => `${p.file}：没有集群`,
    hostCrashNeedsPower: (p) =>
      `${p.file}：host-crash 场景要求每台可能成为主节点的主机都配置断电/上电命令；以下 ${p.count} 台主机没有配置：${p.hosts}`,
    hostCrashNeedsPowerHint: '在集群或每台主机下添加 power: { off: ..., on: ... }（参见 inventories/example.yaml）',
    probeFromUnknownHost: (p) => `--probe-from ${p.host}：集群 ${p.cluster} 中没有这台主机（现有主机：${p.hosts}）`,
    confirmNeedsYes: 'failover-test 会有意停止主节点上的服务：在没有终端的情况下运行时，请加 --yes 确认',
  },
  confirmDisruption: (p) => `这将多次停止集群 ${p.cluster} 主节点上的 keepalived 和 Tomcat（${p.scenarios}）。是否继续？`,
  progress: {
    interruptedRestoring: '已中止：先恢复当前场景，然后停止',
    noTomcatService: (p) => `${p.host}：未找到 Tomcat 服务；请在清单文件中设置 tomcat.service`,
    testingCluster: (p) => `集群 ${p.cluster} 故障切换测试：${p.scenarios}`,
    measuringClockOffsets: '正在测量本机与各主机之间的时钟偏差',
    scenarioNotHealthy: (p) => `${p.scenario}：错误，未运行：集群状态不健康：${p.problems}`,
    scenarioOnHost: (p) => `${p.scenario}：在 ${p.host} 上`,
    scenarioMeasured: (p) =>
      `${p.scenario}：${p.verdict}：VIP 漂移用时 ${p.vipMove}（漂走 ${p.away} 次，回切 ${p.back} 次），客户端中断 ${p.outage}`,
    scenarioReasonsSuffix: (p) => `（${p.reasons}）`,
    sessionLostRestored: (p) =>
      `在 ${p.scenario} 期间与 ${p.host} 的 SSH 会话断开；已通过新会话恢复故障；` +
      '测试到此停止（请检查本机与各主机之间的网络，然后重新运行）',
    sessionLostRestoreFailed: (p) =>
      `在 ${p.scenario} 期间与 ${p.host} 的 SSH 会话断开；恢复也失败了（见上文）；` +
      '测试到此停止（请检查本机与各主机之间的网络，然后重新运行）',
    restoreFailed: (p) => `${p.scenario}：在 ${p.host} 上恢复失败：${p.detail}`,
    vipDidNotMove: (p) => `${p.scenario}：VIP 在 ${p.timeout} s 内没有漂移`,
    vipDidNotMoveNoCheckSuffix: '（keepalived 配置中没有 Tomcat 检查）',
  },
  stop: {
    interruptedAllRestored: '故障切换测试被中止；所有注入的故障均已恢复',
    interruptedRestoreFailed: (p) => `故障切换测试被中止，且有恢复失败：\n${p.list}`,
    interruptedRestoreItem: (p) => `  - ${p.host}，${p.scenario}：${p.detail}`,
    interruptedRestoreFailedHint: '请立即检查这些主机（hasetup status）；各主机上的保险定时器会自行重试恢复',
    precheckFailed: (p) => `集群状态不健康，因此没有注入任何故障：\n${p.problems}`,
    precheckHint: '请先解决这些问题（hasetup status 查看集群状态；hasetup deploy 修复配置）',
    noSingleVipHolder: '没有唯一持有 VIP 的主机',
  },
  trouble: {
    notHealthyBefore: (p) => `运行前集群状态不健康：\n${p.problems}`,
    noPowerCommands: (p) => `${p.host} 在清单文件中没有配置断电/上电命令（power: off/on），无法切断其电源`,
    localFailsafeNotStarted: (p) => `无法启动在本机为 ${p.host} 重新上电的保险定时器：${p.error}；未切断其电源`,
    shDidNotStart: 'sh 未能启动',
    failsafeNotArmed: (p) => `无法在 ${p.host} 上设置保险定时器（退出码 ${p.code}：${p.output}）；没有注入任何故障`,
    noOutput: '无输出',
    powerOffFailed: (p) => `${p.host} 断电失败（退出码 ${p.code}）：${p.output}`,
    injectFailed: (p) => `在 ${p.host} 上注入故障失败（退出码 ${p.code}）：${p.output}`,
    restoreFailedOn: (p) => `在 ${p.host} 上恢复失败：${p.detail}`,
    powerOnFailed: (p) => `上电命令退出码 ${p.code}：${p.output}；本机的保险定时器会重试`,
    failsafeNotDisarmed: (p) =>
      `无法解除保险定时器（或无法确认其已解除）：注入后 ${p.seconds} s 内它可能对健康的主节点执行恢复；请检查该主机（systemctl list-timers 'hasetup-failsafe-*'）`,
    restoreCommandFailed: (p) =>
      `\`${p.command}\` 退出码 ${p.code}：${p.output}；主机上的保险定时器会在 ${p.failsafe} s 内重试`,
    noSshAfterReboot: (p) => `${p.host} 重启后 ${p.timeout} s 内 SSH 仍无响应`,
    noSshAfterPowerCut: (p) => `${p.host} 断电后 ${p.timeout} s 内 SSH 仍无响应`,
    sessionLostDuringFailure: (p) => `故障持续期间与 ${p.host} 的 SSH 会话断开`,
    noTomcatCheck: '主节点的 keepalived 配置中没有 Tomcat 检查：Tomcat 故障无法触发 VIP 漂移',
    notSettled: (p) => `恢复后 ${p.timeout} s 内，集群没有恢复健康并保持稳定 ${p.window} s`,
  },
  reasonSeparator: '；',
  scenarios: {
    keepalivedStop: '停止主节点上的 keepalived（正常停止：会发出优先级为 0 的告别通告）',
    tomcatStop: (p) => `停止主节点上的 ${p.service} 服务`,
    tomcatCrash: '用 SIGKILL 杀死主节点上 Tomcat 的 java 进程',
    tomcatHang: '用 SIGSTOP 暂停 Tomcat 的 java 进程（进程仍在，但不再响应）：只有 HTTP 检查能发现',
    keepalivedKill: '用 SIGKILL 杀死主节点上所有 keepalived 进程（不发告别通告；主机和 Tomcat 保持运行）',
    networkLoss: (p) =>
      `切断主节点 ${p.iface} 的网络 ${p.seconds} s：进出的所有数据包（VRRP、客户端、ARP）都被丢弃，` +
      `只保留 hasetup 自己的 SSH 会话；回环接口不受影响；主机上的定时器会自行解除`,
    hostCrash: '切断主节点的电源（用其 power.off 命令）：不关机，不发告别通告，不执行任何钩子',
    reboot: '重启主节点（仅在加 --allow-reboot 时）',
    aliasRenamed: (p) => `场景 ${p.old} 已更名为 ${p.now}（它只杀死 keepalived；切断电源的是 host-crash）`,
    unknownScenario: (p) => `未知的场景 ${p.names}；可用的场景：${p.known}`,
    noScenarioGiven: '没有指定场景',
  },
  reason: {
    notCarriedOut: (p) => `未能执行：${p.why}`,
    didNotRunCleanly: (p) => `场景运行中出现问题：${p.error}`,
    noInjectMarker: '没有记录到注入故障的标记：故障从未注入，无法测量',
    vipNeverMoved: (p) => `VIP ${p.vip} 始终没有漂移：在 ${p.master} 上注入故障后，没有其他主机接管它`,
    flappedAway: (p) => `VIP 从 ${p.master} 漂走了 ${p.count} 次（正常应为一次）：出现了来回抖动；时间线中列出了每次漂移`,
    flappedBack: (p) => `VIP 回切到 ${p.master} ${p.count} 次（正常应为一次）：出现了来回抖动；时间线中列出了每次漂移`,
    movedBackDespiteNopreempt: (p) => `配置了 nopreempt（非抢占），VIP 本应留在接管它的节点上，但它回切到 ${p.master} ${p.count} 次`,
    noProbes: '注入到恢复之间没有记录到任何探测请求：无法得知客户端看到的情况',
    outageTooLong: (p) => `客户端中断时间 ${p.outage}，超过了允许的 ${p.allowed}`,
    neverAnsweredAgain: (p) => `从 ${p.from} s 到记录结束，客户端再也没有收到成功响应`,
    failbackOutageTooLong: (p) => `回切期间客户端中断时间 ${p.outage}，超过了允许的 ${p.allowed}`,
    neverAnsweredAfterFailback: (p) => `回切后从 ${p.from} s 到记录结束，客户端再也没有收到成功响应`,
    notBackOnMaster: (p) => `启用了抢占，恢复后 VIP 本应回到 ${p.master}，但记录结束时 VIP 在 ${p.holders} 上`,
    noHost: '没有任何主机',
    splitBrain: (p) => `脑裂：${p.hosts} 同时持有 ${p.vip}，累计 ${p.total}（不超过 ${p.grace} 的重叠属于正常交接）`,
    sessionLost: (p) => `故障持续期间与 ${p.master} 的 SSH 会话断开：记录不完整，不作判定`,
  },
  hostsAnd: ' 和 ',
  timeline: {
    injected: (p) => `注入故障：在 ${p.master} 上执行 ${p.scenario}`,
    markerRestore: '恢复：撤销注入的故障',
    markerSettled: '集群已稳定',
    markerFailbackSettled: '回切后集群已稳定',
    vipAdded: (p) => `${p.host} 添加了 ${p.vip}`,
    vipRemoved: (p) => `${p.host} 移除了 ${p.vip}`,
    vipNowOnAway: (p) => `VIP 现在在 ${p.host} 上（第 ${p.count} 次漂走）`,
    vipNowOnBack: (p) => `VIP 现在在 ${p.host} 上（第 ${p.count} 次回切）`,
    detailSuffix: (p) => `（${p.detail}）`,
    probeFirstFailure: (p) => `探测客户端：首次失败${p.suffix}`,
    probeFailuresAgain: (p) => `探测客户端：再次失败${p.suffix}`,
    probeRecovered: (p) => `探测客户端：中断后首次成功${p.suffix}：服务中断 ${p.duration}，失败请求 ${p.failed} 个`,
    probeTimedOut: (p) => `超时 ${p.ms} ms`,
    probeNoAnswer: '无响应',
    probeNeverRecovered: '探测客户端：直到记录结束都没有成功',
    probeAnsweredBy: (p) => `探测客户端：现在由 ${p.host} 响应`,
    probeFailbackFailures: (p) => `探测客户端：回切期间请求失败${p.suffix}`,
    probeSuccessAgain: (p) => `探测客户端：请求恢复成功${p.suffix}`,
    healedBeforeRestore: (p) => `${p.master} 在恢复之前就取回了 VIP（故障已自行消除）`,
    isolatedMasterHolds: (p) => `${p.master} 网络已被切断，仍持有 ${p.vip}（符合预期；不计为脑裂）`,
    splitBrainBoth: (p) => `脑裂：${p.hosts} 同时持有 ${p.vip}`,
    splitBrainAll: (p) => `脑裂：${p.hosts} 都持有 ${p.vip}`,
    splitBrainStillOn: (p) => `记录结束时脑裂仍未消除（${p.duration}）`,
    splitBrainOver: (p) => `脑裂结束（${p.duration}）`,
  },
  bound: {
    skewV3: (p) => `偏移时间 skew = (256 - ${p.backupPriority}) / 256 × advert_int ${p.advertInt} s = ${p.skew}`,
    skewV2: (p) => `偏移时间 skew = (256 - ${p.backupPriority}) / 256 s = ${p.skew}（VRRPv2）`,
    masterDown: (p) => `主节点失效时间 Master_Down = 3 × advert_int ${p.advertInt} s + ${p.skewWords} = ${p.down}`,
    checkTimeout: (p) => `超时 ${p.timeout} s`,
    checkTimeoutAssumed: (p) => `超时 ${p.timeout} s（按 keepalived 的默认值，即检查间隔，估算）`,
    keepalivedStop: (p) => `正常停止时 keepalived 会发出优先级为 0 的通告；备用节点在等待${p.skewWords} 后接管。`,
    keepalivedKill: (p) => `keepalived 被杀死后不会发出任何通告；备用节点在其主节点失效定时器到期时接管：${p.downWords}。`,
    hostCrash: (p) => `断电的主节点不会发出任何通告；备用节点在其主节点失效定时器到期时接管：${p.downWords}。`,
    networkLoss: (p) =>
      `备用节点收不到通告，在其主节点失效定时器到期时接管：${p.downWords}。被隔离的主节点在网络恢复前一直持有 VIP。`,
    reboot: (p) =>
      `正常关机时会停止 keepalived，它会发出优先级为 0 的通告（${p.skewWords}）；` +
      `如果主机在此之前就已离线，备用节点要等待${p.downWords}。理论上限取后者。`,
    tomcatStopped: 'Tomcat 停止后',
    tomcatKilled: 'Tomcat 进程被杀死后',
    seenByTrackProcess: (p) => `${p.what}，track_process（内核进程事件）会立即发现；之后再经过${p.skewWords}。`,
    seenByWatchdog: (p) =>
      `${p.what}，看门狗在 2 × 检查间隔 ${p.interval} s 内发现（由它写入 track_file 跟踪文件）；之后再经过${p.skewWords}。`,
    seenByVrrpScript: (p) =>
      `${p.what}，vrrp_script 检查脚本在检查间隔 ${p.interval} s × fall ${p.fall} 之后发现；之后再经过${p.skewWords}。`,
    hangByWatchdog: (p) =>
      `Tomcat 假死时进程仍在，只有 HTTP 检查能发现：看门狗需要 fall ${p.fall} ×（请求超时 ` +
      `${p.timeout} s + 检查间隔 ${p.interval} s）${p.assumed}；之后再经过${p.skewWords}。`,
    hangTimeoutAssumed: '（请求超时按一个检查间隔估算）',
    hangByCheck: (p) =>
      `Tomcat 假死时进程仍在，只有 HTTP 检查能发现：检查间隔 ${p.interval} s × fall ${p.fall}，` +
      `再加上检查的${p.timeoutWords}；之后再经过${p.skewWords}。`,
  },
  powerStatusDisagrees: (p) => `命令退出码为 0，但 power.status 始终没有显示 ${p.want}：${p.status || '（无输出）'}`,
  confirmPowerCommands: (p) => `host-crash 会在本机为 ${p.host} 执行这些命令：\n${p.commands}`,
};
