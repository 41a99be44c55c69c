// Where the Electron binary is, if `npm install` could download it. Electron's package
// exports the binary's path under Node, and throws when the package is there without its
// binary (installs behind a closed network, ELECTRON_SKIP_BINARY_DOWNLOAD=1).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}
