import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root (where package.json, templates/ and lab/ are), from src/ or dist/ alike. */
export const packageRoot: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('hasetup: cannot find the package root');
    dir = up;
  }
  return dir;
})();

export const templatesDir = path.join(packageRoot, 'templates');
