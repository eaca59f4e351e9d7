import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder (the one with package.json): files shipped beside the code (migrations/,
 * reference data under src/) are found from it, the same from src/ under tsx and from the bundle
 * `npm start` runs (dist/main.mjs), whose modules all sit in one file at another depth.
 */
export const PROJECT_ROOT = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return join(here, '..');
  }
})();
