// What switchover and maintenance need when they run, loaded then and not at start-up: --help and --version
// load only the command definitions (docs/performance.md).
export async function loadDayTwoModules() {
  const [observe, plan, run, format, load, session, ui] = await Promise.all([
    import('../cluster/observe.js'),
    import('../day-two/plan.js'),
    import('../day-two/run.js'),
    import('../day-two/format.js'),
    import('../inventory/load.js'),
    import('../session.js'),
    import('../ui.js'),
  ]);
  return { ...observe, ...plan, ...run, ...format, ...load, ...session, ...ui };
}
