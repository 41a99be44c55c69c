// Where a value sits in a JSON payload: a small path language, '$.data.pressure',
// 'values[0].v', "$['odd key']". Compiled once per tag; evaluation never throws on any
// payload — a missing step gives undefined, which the driver reports as bad quality.

export class PathError extends Error {
  override name = 'PathError';
}

type Step = string | number;

export function compilePath(path: string): Step[] {
  const steps: Step[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  const fail = (why: string): never => {
    throw new PathError(`path "${path}" at ${i}: ${why}`);
  };
  if (i === 0 && path.length && path[0] !== '.' && path[0] !== '[') {
    // bare 'a.b' is read as '$.a.b'
    path = '.' + path;
  }
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      const m = /^[^.[\]'"]+/.exec(path.slice(i + 1));
      if (!m) fail('expected a key after "."');
      steps.push(m![0]);
      i += 1 + m![0].length;
    } else if (ch === '[') {
      const rest = path.slice(i);
      const index = /^\[(\d+)\]/.exec(rest);
      const quoted = /^\[(['"])((?:(?!\1).)*)\1\]/.exec(rest);
      if (index) {
        steps.push(Number(index[1]));
        i += index[0].length;
      } else if (quoted) {
        steps.push(quoted[2]!);
        i += quoted[0].length;
      } else fail('expected [n] or ["key"]');
    } else fail(`unexpected "${ch}"`);
  }
  return steps;
}

export function evaluatePath(steps: readonly Step[], value: unknown): unknown {
  let cur = value;
  for (const step of steps) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[step];
    } else {
      if (Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, step)) return undefined;
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return cur;
}
