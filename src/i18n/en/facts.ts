// Messages of the facts area: gathering what a host has (src/facts/). English, the reference catalog.
// Rules: docs/i18n.md.
export const facts = {
  gatherStep: 'gather facts',
  scriptExited: (p: { code: string }) => `the facts script exited with code ${p.code}`,
  scriptExitedWithOutput: (p: { code: string; stderr: string }) => `the facts script exited with code ${p.code}: ${p.stderr}`,
  scriptExitedHint: 'check that the SSH user can run commands as root (ssh.sudo in the inventory)',
  outputIncomplete: 'the facts output is incomplete (no @@end marker)',
};
