// facts 区域的消息（简体中文）：收集主机信息。规则见 docs/i18n.md，术语见 docs/glossary.zh-CN.md。
import type { Catalog } from '../en/index.js';

export const facts: Catalog['facts'] = {
  gatherStep: '收集主机信息',
  scriptExited: (p) => `主机信息收集脚本以退出码 ${p.code} 结束`,
  scriptExitedWithOutput: (p) => `主机信息收集脚本以退出码 ${p.code} 结束：${p.stderr}`,
  scriptExitedHint: '请确认 SSH 用户能以 root 身份执行命令（清单文件中的 ssh.sudo）',
  outputIncomplete: '主机信息输出不完整（没有 @@end 标记）',
};
