// node-opcua prints its notices (a certificate being created, the Node version's RSA
// PKCS#1 v1.5 warning) with console.log, on stdout. A console's stdout is for what the
// console says, and a benchmark's for its JSON: the stack's warnings and errors go to stderr.
import { format } from 'node:util';
import { setErrorLogger, setWarningLogger } from 'node-opcua';

/** node-opcua passes where the notice comes from first: `{ filename, callerline }` */
function toStderr(...args: unknown[]): void {
  const [where, ...rest] = args;
  const origin = where as { filename?: unknown; callerline?: unknown } | null;
  const prefix =
    origin && typeof origin === 'object' && typeof origin.filename === 'string'
      ? [`node-opcua ${origin.filename}:${String(origin.callerline)}`]
      : [where];
  process.stderr.write(`${format(...prefix, ...rest)}\n`);
}
setWarningLogger(toStderr);
setErrorLogger(toStderr);
