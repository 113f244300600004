// Messages of the html area (English, the reference catalog): the HTML failover and switchover reports
// (src/report/html/): chart titles, axes, series and markers. Headings, table columns, verdicts and figures
// come from the report area, so the HTML and the Markdown report say the same things. Rules: docs/i18n.md.
export const html = {
  failoverHtmlOption: 'also write the report as one self-contained HTML page with charts to <file> (opens offline)',
  switchoverHtmlOption: 'also write what clients saw as one self-contained HTML page with a chart to <file>',
  title: (p: { cluster: string; verdict: string }) => `Failover test of ${p.cluster}: ${p.verdict}`,
  switchoverTitle: (p: { cluster: string; from: string; to: string }) => `Switchover of ${p.cluster}: ${p.from} -> ${p.to}`,
  summaryChartHeading: 'Outage per scenario',
  summaryChartIntro:
    'Each scenario: the longest outage clients saw, the VIP move, its theoretical bound, and the allowed outage as a line. Red bars failed.',
  timelinesIntro:
    'Each dot is one request to the VIP, at the time it was sent, as high as it took: its colour says which host answered; red triangles failed, purple diamonds timed out. Below: which host held the VIP. Vertical lines: inject, restore and the VIP being added (the host became VRRP MASTER) or removed, as each host\'s kernel reported it. Shaded red: failed requests (the outage); the green bracket: the theoretical bound of the VIP move from inject.',
  noRecording: 'No chart: this scenario recorded no requests (it did not run, or the report came from an older hasetup).',
  axisTime: 'seconds since inject',
  axisTimeNoInject: 'seconds since the recording started',
  axisDuration: 'request duration (ms, log)',
  axisSeconds: 'seconds',
  rowVip: (p: { host: string }) => `VIP on ${p.host}`,
  answeredBy: (p: { host: string }) => `answered by ${p.host}`,
  answeredByUnknown: 'answered (host unknown)',
  failed: 'failed',
  timedOut: 'timed out',
  markerInject: 'inject',
  markerRestore: 'restore',
  markerSettled: 'settled',
  markerFailbackSettled: 'failback settled',
  vipAdded: (p: { host: string }) => `${p.host} +VIP (MASTER)`,
  vipRemoved: (p: { host: string }) => `${p.host} -VIP`,
  outageSpan: (p: { seconds: string }) => `outage ${p.seconds}`,
  boundSpan: (p: { seconds: string }) => `bound ${p.seconds}`,
  seriesOutage: 'outage',
  seriesVipMove: 'VIP move',
  seriesBound: 'theoretical bound',
  allowedOutage: (p: { seconds: string }) => `allowed outage ${p.seconds}`,
  switchoverStart: 'hand-over starts',
  switchoverMoved: (p: { seconds: string }) => `VIP moved in ${p.seconds}`,
  switchoverNotMoved: 'the VIP did not move',
  switchoverRequests: (p: { failed: number; total: number; outage: string }) =>
    `client requests: ${p.failed} failed of ${p.total}, longest outage ${p.outage}`,
  generatedBy: (p: { version: string }) => `Made by hasetup ${p.version}. This page needs no network: the charts are drawn into it.`,
};
