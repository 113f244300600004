// rollback 区域的消息（简体中文）。规则见 docs/i18n.md，术语见 docs/glossary.zh-CN.md。
import type { Catalog } from '../en/index.js';

export const rollback: Catalog['rollback'] = {
  help: {
    summary: '把集群的每台主机恢复到同一个已记录的配置版本并激活',
    // One paragraph, no line breaks: commander joins source lines with a space, which Chinese does not want.
    description:
      '每次有改动的部署都会在集群的每台主机上记录一个配置版本（每个受管文件的哈希和副本）。' +
      'rollback 把每台主机恢复到其中一个版本：默认是各主机当前版本的上一个版本' +
      '（部署被中止导致各主机版本不一致时，则是它们共有的最新版本）；--to ID 指定版本，--list 列出版本。' +
      '改动之前，每台主机都必须持有目标版本所需的全部副本；先恢复备用节点，最后恢复主节点；' +
      '每个恢复的文件都会按哈希校验。然后再次检查集群。"initial" 指 hasetup 部署之前的原有文件。',
    inventoryArg: '清单文件 (inventory)',
    clusterOption: '只回滚这个集群',
    toOption: '要回滚到的配置版本（见 --list）',
    listOption: '列出每台主机都有的配置版本，包括日期和改动内容；不做任何改动',
    parallelOption: '同时处理的主机数',
  },
  notAGenerationId: (p) => `--to ${p.value}：不是配置版本号`,
  notAGenerationIdHint: 'hasetup rollback --list 会列出版本号（例如 20261128T150000Z-1a2b3c4d 或 initial）',
  unreadableNothingChanged: (p) => `${p.failures}\n未做任何改动`,

  listHeading: (p) => `集群 ${p.cluster}：每台主机都记录的配置版本（从旧到新）`,
  listTable: { generation: '配置版本', recorded: '记录时间', currentOn: '当前版本所在主机', whatChanged: '改动内容' },
  listInitialRecorded: (p) => `${p.createdAt}（hasetup 之前的文件）`,
  listChangedOnHost: (p) => `${p.host}：${p.files}`,
  listChangedNothing: '无',
  listNoCommonGeneration: '没有每台主机都记录的配置版本',
  listHostsDiffer: (p) => `各主机的配置版本不一致：${p.hosts}`,
  hostOnGeneration: (p) => `${p.host}：${p.generation}`,
  generationNone: '无',

  hostRolledBack: (p) => `${p.host}：从配置版本 ${p.from} 回滚到 ${p.to}：已校验 ${p.count} 个文件`,
  hostRolledBackKept: (p) => `${p.host}：从配置版本 ${p.from} 回滚到 ${p.to}：已校验 ${p.count} 个文件；保留了 ${p.kept}（此主机上的另一个集群在使用它）`,
  stopped: (p) => `集群 ${p.cluster}：回滚已停止；修复上面的主机后请再次运行（回滚会收敛到同一版本）`,
  configurationGone: (p) => `集群 ${p.cluster}：已回到 ${p.target}：它的 keepalived 配置已删除（在没有其他集群的主机上已停止 keepalived）`,
  problemLine: (p) => `问题：${p.problem}`,
  verified: (p) => `集群 ${p.cluster}：已处于配置版本 ${p.target}，回滚后验证通过`,
  toEveryHost: (p) => `集群 ${p.cluster}：每台主机回滚到配置版本 ${p.target}`,
  toEveryHostInitial: (p) => `集群 ${p.cluster}：每台主机回滚到配置版本 ${p.target}（hasetup 首次部署之前的文件）`,
  refused: (p) => `集群 ${p.cluster}：${p.reason}`,
  cannotRollBack: (p) => `集群 ${p.cluster}：无法回滚到配置版本 ${p.target}；未做任何改动：\n${p.missing}`,
  cannotRollBackHint: 'hasetup rollback --list 会列出配置版本；请用 --to 选择每台主机都还保留的版本',
  copiesUncheckable: (p) => `${p.host}：无法检查它的副本（退出码 ${p.code}：${p.stderr}）`,
  copyMissing: (p) => `${p.host}：此配置版本中 ${p.path} 的副本缺失或已损坏`,
  notRolledBackOtherFailed: (p) => `${p.host}：因另一台主机先失败，未回滚`,

  targetNotRecorded: (p) => `${p.hosts} 上没有记录配置版本 ${p.target}；未做任何改动`,
  targetNotRecordedAnyHost: '任何主机',
  targetNotRecordedHint: 'hasetup rollback --list 会列出每台主机都有的配置版本',
  nothingBefore: (p) => `每台主机都没有记录 ${p.current} 之前的配置版本：无可回滚；未做任何改动`,
  noDeployRecorded: '这些主机上没有部署记录：无可回滚',
  noSharedGeneration: '各主机的配置版本不一致，且没有共同的版本可回退；请运行 hasetup deploy 让它们收敛',

  interruptedFinishing: '被中止：先完成回滚，使每台主机停在同一配置版本（需要几秒钟）',
  interruptedNothingChanged: (p) => `回滚在集群 ${p.cluster} 上做出任何改动之前被中止`,
  interruptedDone: (p) => `回滚被中止；已先完成回滚：集群 ${p.cluster} 的每台主机都处于配置版本 ${p.target}；未验证（hasetup status 可查看集群状态）`,
  interruptedStopped: (p) => `回滚被中止，并且在集群 ${p.cluster} 上因失败而停止（见上文）；再次运行 hasetup rollback 可使各主机收敛`,
};
