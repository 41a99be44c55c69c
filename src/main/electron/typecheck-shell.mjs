// Typecheck the Electron shell where the electron package (which carries its own types) is
// installed. Where npm could not download Electron's binary it removes the optional
// package, types included; then the shell cannot be checked, and we say so.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/electron/electron.d.ts')) {
  console.log(
    'typecheck of src/main/electron skipped: the electron package is not installed here ' +
      '(its binary download failed); install with ELECTRON_SKIP_BINARY_DOWNLOAD=1 to check it',
  );
} else {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.electron.json'], {
    stdio: 'inherit',
  });
}
