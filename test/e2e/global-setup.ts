// Before the e2e tests: the lab images (built once per release, cached). After them: every lab an e2e test made is
// taken down, also when a test failed or the run was interrupted; a test's own afterAll does it first.
import { execFileSync } from 'node:child_process';
import { cli, E2E_LAB_PREFIX } from '../support/e2e.js';
import { releasesNeeded } from '../support/e2e-matrix.js';

/** Every image the run needs (the machine's own release, and the releases of matrix.ts), built up front. */
export function setup(): void {
  execFileSync('node', [cli, 'lab', 'image', '--bare'], { stdio: 'inherit' }); // bare labs (deploy, lab tests) too
  execFileSync('node', [cli, 'lab', 'image', '--release', releasesNeeded().join(',')], { stdio: 'inherit' });
}

export function teardown(): void {
  const out = execFileSync('node', [cli, 'lab', 'status', '--all', '--json'], { encoding: 'utf8' });
  for (const lab of JSON.parse(out) as { name: string }[]) {
    if (lab.name.startsWith(E2E_LAB_PREFIX)) execFileSync('node', [cli, 'lab', 'down', '--name', lab.name], { stdio: 'inherit' });
  }
}
