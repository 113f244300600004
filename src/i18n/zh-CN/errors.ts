// errors 区域的消息（简体中文）。规则见 docs/i18n.md。
import type { Catalog } from '../en/index.js';

export const errors: Catalog['errors'] = {
  errorLabel: '错误：',
  hintLabel: '提示：',
  warningLabel: '警告：',
  internalErrorLabel: '内部错误：',
  bugReport: '这是 hasetup 的 bug。请报告此问题，并附上所运行的命令和下面的调用栈：',
  interrupted: '已中止',
  fileNotFound: '文件不存在',
  fileIsDirectory: '这是目录，不是文件',
  filePermissionDenied: '没有读取权限',
  commandKilled: (p) => `命令被信号 ${p.signal} 终止：${p.command}`,
  commandExited: (p) => `命令以退出码 ${p.code} 结束：${p.command}`,
  commandNotFound: (p) => `${p.program}：找不到该命令`,
  noSuchCluster: (p) => `${p.file}：没有名为 ${p.name} 的集群；文件中的集群有：${p.clusters}`,
  severalClusters: (p) => `${p.file} 包含 ${p.count} 个集群（${p.clusters}）：请用 --cluster 指定其中一个`,
};
