// A test that needs a program from Debian's packages (promtool, chromium): where it is missing, the test is
// skipped with the reason in its name, except in CI (CI=true), where scripts/setup.sh installs it and a
// missing program fails the test saying so: it never goes silently green there.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export function findProgram(name: string, candidates: string[] = []): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const file of [...candidates, ...dirs.map((d) => path.join(d, name))]) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const inCi = ['1', 'true'].includes((process.env.CI ?? '').toLowerCase());

/** skip: the test is skipped, `why` in its name; missing: a CI test fails with this message. */
export function needs(program: string | undefined, name: string, pkg: string): { skip: boolean; why: string; missing?: string } {
  if (program) return { skip: false, why: '' };
  const missing = `${name} is not installed: \`bash scripts/setup.sh\` installs it (Debian package ${pkg})`;
  if (inCi) return { skip: false, why: '', missing };
  return { skip: true, why: ` (SKIPPED: ${missing})` };
}
