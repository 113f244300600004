// remote 区域的消息（简体中文）：通过 SSH 连接主机、主机密钥、sudo，以及连接出问题时命令结果中的说明。
// 规则见 docs/i18n.md。
import type { Catalog } from '../en/index.js';

export const remote: Catalog['remote'] = {
  connectStep: '连接',
  hostPort: (p) => `${p.address} 端口 ${p.port}`,

  noSshAnswer: (p) => `${p.where} 在 ${p.seconds} s 内没有 SSH 应答`,
  noSshAnswerHint: '请确认主机已开机、地址正确，且防火墙没有丢弃发往 SSH 端口的数据包；等待时间由 ssh.connect_timeout 设置',
  closedBeforeHostKey: (p) => `${p.where} 在出示主机密钥之前就关闭了连接`,
  connectionRefused: (p) => `${p.where} 拒绝连接`,
  connectionRefusedCheckSshd: (p) => `${p.where} 拒绝连接（请确认 sshd 正在运行并监听该端口）`,
  connectionRefusedHint: '请确认该主机上的 sshd 正在运行，并监听 ssh.port 指定的端口',
  cannotResolve: (p) => `无法解析 ${p.address}`,
  cannotResolveHint: '请使用 IP 地址，或修复域名解析',
  unreachable: (p) => `${p.where} 不可达（${p.code}）`,
  unreachableHint: '请检查地址以及到它的路由',
  sshConnectionFailed: (p) => `到 ${p.where} 的 SSH 连接失败：${p.reason}`,
  failedBeforeHandshake: (p) => `到 ${p.where} 的 SSH 连接在 SSH 握手之前就失败了`,
  failedBeforeHandshakeHint: '请确认主机已开机、地址正确且从本机可路由，并且 ssh.port 指定的端口上运行的是 sshd',
  closedRightAfterOpen: 'SSH 连接刚建立就关闭了',

  authFailed: (p) => `用户 ${p.user} 使用 ${p.auth} 认证失败`,
  authFailedHint: (p) => `请检查公钥是否在 ${p.host} 的 ~${p.user}/.ssh/authorized_keys 中，以及 ssh.user 是否正确`,
  authWithKey: (p) => `密钥 ${p.file}`,
  authWithAgent: (p) => `ssh-agent 中的密钥（${p.socket}）`,
  authAlternativesSeparator: ' 或 ',
  agentFailed: (p) => `ssh-agent 出错：${p.reason}`,
  agentFailedHint: '请检查 SSH_AUTH_SOCK 和 `ssh-add -l`',
  keyFileMissing: (p) => `SSH 密钥文件 ${p.file} 不存在`,
  keyFileUnreadable: (p) => `无法读取 SSH 密钥文件 ${p.file}（${p.reason}）`,
  checkSshKeyHint: '请检查清单文件中的 ssh.key',
  keyHasPassphrase: (p) => `SSH 密钥 ${p.file} 有口令保护，而 hasetup 不会询问口令`,
  keyHasPassphraseHint: '请把它加载到 ssh-agent (ssh-add)，并设置 ssh.agent: true 代替 ssh.key',
  keyNotUsable: (p) => `SSH 密钥文件 ${p.file} 不是可用的私钥（${p.reason}）`,
  agentWithoutSocket: 'ssh.agent 为 true，但没有设置 SSH_AUTH_SOCK（没有 ssh-agent）',
  noKeyNoAgent: '没有 SSH 密钥：未设置 ssh.key，也没有运行 ssh-agent（未设置 SSH_AUTH_SOCK）',
  noKeyNoAgentHint: '请启动 ssh-agent 并用 ssh-add 添加密钥，或在清单文件中设置 ssh.key',

  knownHostsUnreadable: (p) => `无法读取 known_hosts 文件 ${p.file}：${p.reason}`,
  checkKnownHostsHint: '请检查清单文件中的 ssh.known_hosts',
  offeredKey: (p) => `${p.keyType} 密钥 ${p.fingerprint}`,
  howToTrustHostKey: (p) =>
    [
      '如要信任它，请先通过其他可靠途径核对该指纹（在服务器上运行 ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub，',
      '或通过其控制台、云服务商查看），然后二选一：把密钥加入 known_hosts 文件：',
      `    ${p.scan}`,
      `或者在清单文件中（ssh: 下）固定指纹：  fingerprint: ${p.fingerprint}`,
    ].join('\n'),
  knownHostsMissing: (p) => `known_hosts 文件 ${p.file} 不存在`,
  knownOnlyOtherKeyTypes: (p) => `${p.file} 中 ${p.name} 只有其他类型的密钥（${p.types}）`,
  notInKnownHosts: (p) => `${p.file} 中没有 ${p.name}`,
  hostKeyUnknown: (p) => `主机密钥不受信任：${p.address} 出示了 ${p.offered}，但 ${p.why}。拒绝连接。`,
  hostKeyChanged: (p) =>
    [
      `警告：${p.name} 的主机密钥已改变。这可能是攻击（有人在截取连接），也可能是服务器重装了系统。`,
      `它现在出示的是 ${p.offered}，而 ${p.file} 第 ${p.lines} 行为它记录的是另一个 ${p.keyType} 密钥。拒绝连接。`,
      `如果已确认这次变更是正常的，请删除旧记录：  ${p.removeCommand}`,
    ].join('\n'),
  hostKeyRevoked: (p) =>
    `主机密钥已被吊销：${p.address} 出示了 ${p.offered}，${p.file} 第 ${p.lines} 行将其标记为 @revoked。拒绝连接；这个密钥不可信任。`,
  fingerprintMismatch: (p) =>
    [
      `警告：主机密钥指纹不匹配：${p.address} 出示了 ${p.offered}，但清单文件固定的是 ${p.pinned}。`,
      '这可能是攻击，也可能是服务器重装了系统。拒绝连接。',
      '如果已通过其他可靠途径核对了新密钥，请更新清单文件中的 ssh.fingerprint。',
    ].join('\n'),
  connected: (p) => `${p.host}：已连接到 ${p.target}`,
  connectedVerified: (p) => `${p.host}：已连接到 ${p.target}（${p.keyType} ${p.fingerprint}，已与 ${p.source} 核对）`,
  pinnedFingerprintSource: '固定的指纹',

  sudoPasswordEnvUnset: (p) => `ssh.sudo_password_env 指定了环境变量 ${p.variable}，但它没有设置`,
  sudoPasswordEnvUnsetHint: (p) => `运行 hasetup 之前，请 export ${p.variable}，值为 ${p.user} 的 sudo 密码`,
  sudoPasswordLineBreak: (p) => `${p.variable} 中的 sudo 密码包含换行`,
  sudoNeedsPassword: (p) => `${p.user} 使用 sudo 需要密码${p.output ? `：\n${p.output}` : ''}`,
  sudoNeedsPasswordHint: '请允许免密码 sudo（sudoers 中的 NOPASSWD），或把 ssh.sudo_password_env 设为保存密码的环境变量名',
  sudoPasswordRefused: (p) => `sudo 拒绝了 ${p.variable} 中 ${p.user} 的密码${p.output ? `：\n${p.output}` : ''}`,
  sudoPasswordRefusedHint: (p) => `请检查环境变量 ${p.variable}，以及 ${p.user} 是否有权使用 sudo`,

  connectionError: (p) => `${p.host}：SSH 连接出错：${p.reason}`,
  connectionClosedByHasetup: (p) => `ssh：到 ${p.host} 的连接已被 hasetup 关闭`,
  connectionLost: (p) => `ssh：到 ${p.host} 的连接已断开（${p.reason}）`,
  lostReasonClosed: '连接已关闭',
  lostReasonNotConnected: '未连接',
  commandTimedOut: (p) => `${p.ms} ms 后超时`,
  killedBySignal: (p) => `被信号 ${p.signal} 终止`,
  endedWithoutExitStatus: 'ssh：命令结束时没有退出状态（连接可能已断开）',
  couldNotRunCommand: (p) => `ssh：无法运行命令：${p.reason}`,
};
