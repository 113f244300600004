// Messages of the remote area (English, the reference catalog): connecting to hosts over SSH, host keys, sudo, and
// what a command's result says when the connection failed under it. Rules: docs/i18n.md.
export const remote = {
  /** The step name shown in "node1: connect: ..." (HostStepError.step stays 'connect' for code). */
  connectStep: 'connect',
  hostPort: (p: { address: string; port: string }) => `${p.address} port ${p.port}`,

  // Reaching sshd.
  noSshAnswer: (p: { where: string; seconds: string }) => `no SSH answer from ${p.where} within ${p.seconds} s`,
  noSshAnswerHint: 'check that the host is up, the address is right and no firewall drops the packets; ssh.connect_timeout sets the wait',
  closedBeforeHostKey: (p: { where: string }) => `${p.where} closed the connection before presenting a host key`,
  connectionRefused: (p: { where: string }) => `connection refused by ${p.where}`,
  connectionRefusedCheckSshd: (p: { where: string }) => `connection refused by ${p.where} (is sshd running and listening on that port?)`,
  connectionRefusedHint: 'check that sshd is running there and listening on the port ssh.port names',
  cannotResolve: (p: { address: string }) => `cannot resolve ${p.address}`,
  cannotResolveHint: 'use an IP address or fix name resolution',
  unreachable: (p: { where: string; code: string }) => `${p.where} is unreachable (${p.code})`,
  unreachableHint: 'check the address and the route to it',
  sshConnectionFailed: (p: { where: string; reason: string }) => `SSH connection to ${p.where} failed: ${p.reason}`,
  failedBeforeHandshake: (p: { where: string }) => `SSH connection to ${p.where} failed before the SSH handshake`,
  failedBeforeHandshakeHint: 'check that the host is up, the address is right and routed from here, and sshd answers on the port ssh.port names',
  closedRightAfterOpen: 'the SSH connection closed right after it opened',

  // Authentication.
  authFailed: (p: { user: string; auth: string }) => `authentication failed for user ${p.user} with ${p.auth}`,
  authFailedHint: (p: { user: string; host: string }) =>
    `check that the public key is in ~${p.user}/.ssh/authorized_keys on ${p.host} and that ssh.user is right`,
  authWithKey: (p: { file: string }) => `key ${p.file}`,
  authWithAgent: (p: { socket: string }) => `the keys in ssh-agent (${p.socket})`,
  authAlternativesSeparator: ' or ',
  agentFailed: (p: { reason: string }) => `ssh-agent failed: ${p.reason}`,
  agentFailedHint: 'check SSH_AUTH_SOCK and `ssh-add -l`',
  keyFileMissing: (p: { file: string }) => `the SSH key file ${p.file} does not exist`,
  keyFileUnreadable: (p: { file: string; reason: string }) => `cannot read the SSH key file ${p.file} (${p.reason})`,
  checkSshKeyHint: 'check ssh.key in the inventory',
  keyHasPassphrase: (p: { file: string }) => `the SSH key ${p.file} is protected by a passphrase, which hasetup does not ask for`,
  keyHasPassphraseHint: 'load it into ssh-agent (ssh-add) and set ssh.agent: true instead of ssh.key',
  keyNotUsable: (p: { file: string; reason: string }) => `the SSH key file ${p.file} is not a usable private key (${p.reason})`,
  agentWithoutSocket: 'ssh.agent is true but SSH_AUTH_SOCK is not set (no ssh-agent)',
  noKeyNoAgent: 'no SSH key: ssh.key is not set and no ssh-agent is running (SSH_AUTH_SOCK is not set)',
  noKeyNoAgentHint: 'start ssh-agent and ssh-add your key, or set ssh.key in the inventory',

  // Host keys.
  knownHostsUnreadable: (p: { file: string; reason: string }) => `cannot read the known_hosts file ${p.file}: ${p.reason}`,
  checkKnownHostsHint: 'check ssh.known_hosts in the inventory',
  offeredKey: (p: { keyType: string; fingerprint: string }) => `${p.keyType} key ${p.fingerprint}`,
  howToTrustHostKey: (p: { scan: string; fingerprint: string }) =>
    [
      'To trust it, first check that fingerprint out of band (on the server: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub, or',
      'from its console or provider), then EITHER add the key to the known_hosts file:',
      `    ${p.scan}`,
      `OR pin it in the inventory (under ssh:):  fingerprint: ${p.fingerprint}`,
    ].join('\n'),
  knownHostsMissing: (p: { file: string }) => `the known_hosts file ${p.file} does not exist`,
  knownOnlyOtherKeyTypes: (p: { file: string; name: string; types: string }) => `${p.file} knows ${p.name} only with other key types (${p.types})`,
  notInKnownHosts: (p: { file: string; name: string }) => `${p.name} is not in ${p.file}`,
  hostKeyUnknown: (p: { address: string; offered: string; why: string }) =>
    `host key not trusted: ${p.address} offered ${p.offered}, but ${p.why}. Refusing to connect.`,
  hostKeyChanged: (p: { name: string; offered: string; file: string; lines: string; keyType: string; removeCommand: string }) =>
    [
      `WARNING: THE HOST KEY OF ${p.name} HAS CHANGED. IT MAY BE AN ATTACK (someone intercepting the connection),`,
      `or the server was reinstalled. It now offers ${p.offered}, but ${p.file} line ${p.lines} holds a different`,
      `${p.keyType} key for it. Refusing to connect.`,
      `If you have verified that the change is legitimate, remove the old entry:  ${p.removeCommand}`,
    ].join('\n'),
  hostKeyRevoked: (p: { address: string; offered: string; file: string; lines: string }) =>
    `host key REVOKED: ${p.address} offered ${p.offered}, which ${p.file} line ${p.lines} marks @revoked. Refusing to connect; this key must not be trusted.`,
  fingerprintMismatch: (p: { address: string; offered: string; pinned: string }) =>
    [
      `WARNING: host key fingerprint mismatch: ${p.address} offered ${p.offered}, but the inventory pins ${p.pinned}.`,
      'IT MAY BE AN ATTACK, or the server was reinstalled. Refusing to connect.',
      'If you have verified the new key out of band, update ssh.fingerprint in the inventory.',
    ].join('\n'),
  connected: (p: { host: string; target: string }) => `${p.host}: connected to ${p.target}`,
  connectedVerified: (p: { host: string; target: string; keyType: string; fingerprint: string; source: string }) =>
    `${p.host}: connected to ${p.target} (${p.keyType} ${p.fingerprint}, checked against ${p.source})`,
  pinnedFingerprintSource: 'the pinned fingerprint',

  // sudo.
  sudoPasswordEnvUnset: (p: { variable: string }) => `ssh.sudo_password_env names the environment variable ${p.variable}, but it is not set`,
  sudoPasswordEnvUnsetHint: (p: { variable: string; user: string }) => `export ${p.variable} with the sudo password of ${p.user} before running hasetup`,
  sudoPasswordLineBreak: (p: { variable: string }) => `the sudo password in ${p.variable} contains a line break`,
  sudoNeedsPassword: (p: { user: string; output: string }) => `sudo does not work without a password for ${p.user}${p.output ? `:\n${p.output}` : ''}`,
  sudoNeedsPasswordHint: 'allow it (NOPASSWD in sudoers) or set ssh.sudo_password_env to the name of a variable holding the password',
  sudoPasswordRefused: (p: { variable: string; user: string; output: string }) =>
    `sudo refused the password from ${p.variable} for ${p.user}${p.output ? `:\n${p.output}` : ''}`,
  sudoPasswordRefusedHint: (p: { variable: string; user: string }) => `check the variable ${p.variable} and that ${p.user} may use sudo`,

  // A command's result when the connection failed under it (RunResult.stderr).
  connectionError: (p: { host: string; reason: string }) => `${p.host}: SSH connection error: ${p.reason}`,
  connectionClosedByHasetup: (p: { host: string }) => `ssh: the connection to ${p.host} was closed by hasetup`,
  connectionLost: (p: { host: string; reason: string }) => `ssh: the connection to ${p.host} was lost (${p.reason})`,
  lostReasonClosed: 'connection closed',
  lostReasonNotConnected: 'not connected',
  commandTimedOut: (p: { ms: string }) => `timed out after ${p.ms} ms`,
  killedBySignal: (p: { signal: string }) => `killed by signal ${p.signal}`,
  endedWithoutExitStatus: 'ssh: the command ended without an exit status (connection lost?)',
  couldNotRunCommand: (p: { reason: string }) => `ssh: could not run the command: ${p.reason}`,
};
