// Messages of the errors area (English, the reference catalog): the entry point's error boundary, the terminal's
// warning prefix and the errors every module shares. Rules: docs/i18n.md.
export const errors = {
  errorLabel: 'error: ',
  hintLabel: 'hint: ',
  warningLabel: 'warning: ',
  internalErrorLabel: 'internal error: ',
  bugReport: 'This is a bug in hasetup. Please report it with the command you ran and this trace:',
  interrupted: 'interrupted',
  fileNotFound: 'no such file',
  fileIsDirectory: 'it is a directory, not a file',
  filePermissionDenied: 'permission denied',
  commandKilled: (p: { command: string; signal: string }) => `command was killed by ${p.signal}: ${p.command}`,
  commandExited: (p: { command: string; code: string }) => `command exited with code ${p.code}: ${p.command}`,
  commandNotFound: (p: { program: string }) => `${p.program}: command not found`,
  noSuchCluster: (p: { file: string; name: string; clusters: string }) => `${p.file}: no cluster named ${p.name}; it has ${p.clusters}`,
  severalClusters: (p: { file: string; count: string; clusters: string }) =>
    `${p.file} holds ${p.count} clusters (${p.clusters}): name one with --cluster`,
};
