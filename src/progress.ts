// Core code never prints: it reports progress here, so the same core serves the terminal view,
// --json runs (progress to stderr) and tests (a recording reporter).
export interface Reporter {
  step(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export const silentReporter: Reporter = { step() {}, info() {}, warn() {} };

export function recordingReporter(): Reporter & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    step: (m) => lines.push(`step: ${m}`),
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
  };
}
