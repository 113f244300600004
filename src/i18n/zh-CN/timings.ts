// 各阶段耗时（--timings，src/timings.ts）。Terms: docs/glossary.zh-CN.md.
import type { Catalog } from '../en/index.js';

export const timings: Catalog['timings'] = {
  heading: (p) => `各阶段耗时（共 ${p.total}）：`,
  startedAt: (p) => `（开始于 ${p.start}）`,
  phase: {
    startUp: '启动',
    loadModules: '加载模块',
    inventory: '读取清单文件',
    connect: (p) => `连接 ${p.host}`,
    loadSsh: '加载 SSH 模块',
    loadView: '加载状态显示模块',
    observe: '读取集群状态',
    facts: '收集主机信息',
    vipPing: '探测 VIP 是否应答',
    vridListening: '监听 VRID 通告',
    plan: '生成计划',
    stage: '暂存',
    hostStep: (p) => `${p.host}：${p.step}`,
    prepare: '准备',
    recordAndWrite: '记录配置版本并写入文件',
    keepalivedCheck: 'keepalived -t 检查配置',
    unitCheck: 'systemd-analyze 检查单元文件',
    activateMaster: '激活主节点',
    waitForMaster: '等待主节点',
    activateBackups: '激活备用节点',
    commit: '提交',
    verify: '验证',
    disconnect: '断开连接',
  },
};
