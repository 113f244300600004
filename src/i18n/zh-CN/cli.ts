// cli 区域的消息（简体中文）。规则见 docs/i18n.md。
import type { Catalog } from '../en/index.js';

export const cli: Catalog['cli'] = {
  programDescription:
    '把运行 Tomcat 的 Linux 服务器组建为基于 keepalived (VRRP) 的双机热备，对外提供一个虚拟IP (VIP)；' +
    '然后故意让主节点故障，测量客户端实际看到的中断，以此证明故障切换确实可用。',
  langOption: 'hasetup 输出所用的语言：en 或 zh-CN（默认取自 LC_ALL、LC_MESSAGES、LANG）',
  invalidLang: (p) => `--lang "${p.value}" 不是 hasetup 支持的语言：请使用 en 或 zh-CN`,
  timingsOption: '把每个阶段（启动、连接、收集主机信息……）的耗时打印到 stderr；也可设置 HASETUP_TIMINGS=1',
  runWithHelp: '（用法请加 --help 查看）',
  expectedPositiveInt: '应为从 1 起的整数。',
  expectedWholeNumber: '应为非负整数。',
  expectedPositiveSeconds: '应为正数秒数（可带小数）。',
  help: {
    usageTitle: '用法：',
    argumentsTitle: '参数：',
    optionsTitle: '选项：',
    globalOptionsTitle: '全局选项：',
    commandsTitle: '命令：',
    helpOptionDescription: '显示命令的帮助',
    helpCommandDescription: '显示命令的帮助',
    versionOptionDescription: '显示版本号',
    defaultValueInfo: (p) => `默认：${p.value}`,
    choicesInfo: (p) => `可选值：${p.values}`,
    presetInfo: (p) => `预设：${p.value}`,
    envInfo: (p) => `环境变量：${p.name}`,
    extraInfoSeparator: '；',
    withExtraInfo: (p) => `${p.description}（${p.extra}）`,
    onlyExtraInfo: (p) => `（${p.extra}）`,
  },
  commander: {
    unknownOption: (p) => `未知选项 '${p.flag}'`,
    unknownCommand: (p) => `未知命令 '${p.name}'`,
    missingArgument: (p) => `缺少必需的参数 '${p.name}'`,
    optionMissingArgument: (p) => `选项 '${p.flags}' 缺少参数值`,
    missingMandatoryOption: (p) => `未指定必需的选项 '${p.flags}'`,
    conflictingOption: (p) => `${p.first} 不能与 ${p.second} 同时使用`,
    optionRef: (p) => `选项 '${p.flags}'`,
    envVariableRef: (p) => `环境变量 '${p.name}'`,
    tooManyArguments: (p) => `参数过多：最多 ${p.expected} 个参数，实际给了 ${p.received} 个。`,
    tooManyArgumentsFor: (p) => `'${p.command}' 的参数过多：最多 ${p.expected} 个参数，实际给了 ${p.received} 个。`,
    invalidOptionValue: (p) => `选项 '${p.flags}' 的值 '${p.value}' 无效：${p.reason}`,
    invalidArgumentValue: (p) => `参数 '${p.name}' 的值 '${p.value}' 无效：${p.reason}`,
    allowedChoices: (p) => `可选值为 ${p.choices}。`,
    didYouMean: (p) => `（您是不是要输入 ${p.suggestion}？）`,
    didYouMeanOneOf: (p) => `（您是不是要输入以下之一：${p.suggestions}？）`,
  },
};
