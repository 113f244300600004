// Messages of the timings area (English, the reference catalog): the --timings output (src/timings.ts), printed to
// stderr when a command ends. Rules: docs/i18n.md.
export const timings = {
  /** `timings (1184 ms in all):` */
  heading: (p: { total: string }) => `timings (${p.total} in all):`,
  /** When the phase began, after its duration: `(at 274 ms)` */
  startedAt: (p: { start: string }) => `(at ${p.start})`,
  /** The phases, in the order a deploy runs them (docs/performance.md says what each one covers). */
  phase: {
    startUp: 'start-up',
    loadModules: 'load modules',
    inventory: 'inventory',
    connect: (p: { host: string }) => `connect ${p.host}`,
    loadSsh: 'load ssh',
    loadView: 'load view',
    observe: 'observe',
    facts: 'facts',
    vipPing: 'VIP ping',
    vridListening: 'VRID listening',
    plan: 'plan',
    stage: 'stage',
    /** One host's part of a phase, printed indented under it: `node1: prepare` */
    hostStep: (p: { host: string; step: string }) => `${p.host}: ${p.step}`,
    prepare: 'prepare',
    recordAndWrite: 'record and write',
    keepalivedCheck: 'keepalived -t',
    unitCheck: 'systemd-analyze verify',
    activateMaster: 'activate master',
    waitForMaster: 'wait for master',
    activateBackups: 'activate backups',
    commit: 'commit',
    verify: 'verify',
    disconnect: 'disconnect',
  },
};
