// Messages of the rollback area: the rollback command and src/deploy/rollback.ts. English, the reference
// catalog. Rules: docs/i18n.md.
export const rollback = {
  help: {
    summary: 'put every host of a cluster back on one recorded generation and activate it',
    description:
      'Every deploy that changes anything records one generation on every host of the cluster (the hash and a\n' +
      'copy of every managed file). rollback puts every host on one of them: by default the generation before\n' +
      'the one the hosts are on (or, when they differ after an interrupted deploy, the newest one they all\n' +
      'have); --to ID names one, --list shows them. Before anything changes every host must hold every copy the\n' +
      'target needs; backups are restored first, the master last; each restored file is checked against its\n' +
      'hash. Then the cluster is checked again. "initial" is the files as they were before hasetup.',
    inventoryArg: 'inventory file',
    clusterOption: 'only this cluster',
    toOption: 'the generation to go to (see --list)',
    listOption: 'list the generations every host has, with dates and what changed; change nothing',
    parallelOption: 'hosts handled at once',
  },
  notAGenerationId: (p: { value: string }) => `--to ${p.value}: not a generation id`,
  notAGenerationIdHint: 'hasetup rollback --list shows them (such as 20261128T150000Z-1a2b3c4d, or initial)',
  unreadableNothingChanged: (p: { failures: string }) => `${p.failures}\nnothing was changed`,

  // --list
  listHeading: (p: { cluster: string }) => `cluster ${p.cluster}: generations recorded on every host (oldest first)`,
  listTable: { generation: 'generation', recorded: 'recorded', currentOn: 'current on', whatChanged: 'what changed' },
  listInitialRecorded: (p: { createdAt: string }) => `${p.createdAt} (files before hasetup)`,
  listChangedOnHost: (p: { host: string; files: string }) => `${p.host}: ${p.files}`,
  listChangedNothing: 'nothing',
  listNoCommonGeneration: 'no generation is recorded on every host',
  listHostsDiffer: (p: { hosts: string }) => `the hosts are on different generations: ${p.hosts}`,
  hostOnGeneration: (p: { host: string; generation: string }) => `${p.host} ${p.generation}`,
  generationNone: 'none',

  // the rollback itself
  hostRolledBack: (p: { host: string; from: string; to: string; count: number }) => `${p.host}: from generation ${p.from} to ${p.to}: ${p.count} file(s) verified`,
  hostRolledBackKept: (p: { host: string; from: string; to: string; count: number; kept: string }) =>
    `${p.host}: from generation ${p.from} to ${p.to}: ${p.count} file(s) verified; kept ${p.kept} (another cluster on this host uses it)`,
  stopped: (p: { cluster: string }) => `cluster ${p.cluster}: rollback stopped; run it again once the host above is fixed (it converges)`,
  configurationGone: (p: { cluster: string; target: string }) =>
    `cluster ${p.cluster}: back on ${p.target}: its keepalived configuration is gone (keepalived stopped where no other cluster is left)`,
  problemLine: (p: { problem: string }) => `problem: ${p.problem}`,
  verified: (p: { cluster: string; target: string }) => `cluster ${p.cluster}: on generation ${p.target}, verified after rollback`,
  toEveryHost: (p: { cluster: string; target: string }) => `cluster ${p.cluster}: every host to generation ${p.target}`,
  toEveryHostInitial: (p: { cluster: string; target: string }) =>
    `cluster ${p.cluster}: every host to generation ${p.target} (the files from before hasetup first deployed)`,
  refused: (p: { cluster: string; reason: string }) => `cluster ${p.cluster}: ${p.reason}`,
  cannotRollBack: (p: { cluster: string; target: string; missing: string }) =>
    `cluster ${p.cluster}: cannot roll back to generation ${p.target}; nothing was changed:\n${p.missing}`,
  cannotRollBackHint: 'hasetup rollback --list shows the generations; choose one every host still has with --to',
  copiesUncheckable: (p: { host: string; code: string; stderr: string }) => `${p.host}: could not check its copies (exit ${p.code}: ${p.stderr})`,
  copyMissing: (p: { host: string; path: string }) => `${p.host}: the copy of ${p.path} for this generation is missing or damaged`,
  notRolledBackOtherFailed: (p: { host: string }) => `${p.host}: not rolled back because another host failed first`,

  // choosing the target
  targetNotRecorded: (p: { target: string; hosts: string }) => `generation ${p.target} is not recorded on ${p.hosts}; nothing was changed`,
  targetNotRecordedAnyHost: 'any host',
  targetNotRecordedHint: 'hasetup rollback --list shows the generations every host has',
  nothingBefore: (p: { current: string }) => `no generation before ${p.current} is recorded on every host: nothing to roll back to; nothing was changed`,
  noDeployRecorded: 'no deploy is recorded on these hosts: nothing to roll back to',
  noSharedGeneration: 'the hosts are on different generations and share none to go back to; run hasetup deploy to converge them',

  // --- interrupted (Ctrl-C, SIGTERM, SIGHUP: docs/generations.md) ----------------------------------------------
  interruptedFinishing: 'interrupted: finishing the rollback first, so that every host ends on one generation (a few seconds)',
  interruptedNothingChanged: (p: { cluster: string }) => `rollback interrupted before anything was changed on cluster ${p.cluster}`,
  interruptedDone: (p: { cluster: string; target: string }) =>
    `rollback interrupted; it was finished first: every host of cluster ${p.cluster} is on generation ${p.target}; not verified (hasetup status shows the cluster)`,
  interruptedStopped: (p: { cluster: string }) => `rollback interrupted, and it stopped on a failure on cluster ${p.cluster} (see above); hasetup rollback again converges the hosts`,
};
