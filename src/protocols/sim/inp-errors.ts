// EPANET reports input errors in its report file as "Error 2xx: <what> in [SECTION] section:"
// followed by the offending line's text, but without a line number. Operators and engineers
// fixing a model need the line, so we find it back in the source text.

export interface InpProblem {
  code: number;
  message: string;
  section: string | null;
  /** 1-based line in the .inp, when it could be found */
  line: number | null;
  text: string | null;
}

export class InpError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: InpProblem[],
    summary?: string,
  ) {
    super(summary ?? describe(fileName, problems));
    this.name = 'InpError';
  }
}

function describe(fileName: string, problems: InpProblem[]): string {
  if (problems.length === 0) return `${fileName}: not a valid EPANET input file`;
  const shown = problems.slice(0, 5).map((p) => {
    const where = [p.line !== null ? `line ${p.line}` : null, p.section ? `[${p.section}]` : null]
      .filter(Boolean)
      .join(' ');
    return `${where ? `${where}: ` : ''}${p.message}${p.text ? ` (“${p.text}”)` : ''}`;
  });
  const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
  return `${fileName}: ${shown.join('; ')}${more}`;
}

const errorLine = /^\s*Error (\d+): (.*?)(?: in \[([A-Z_]+)\] section)?:?\s*$/;

/** Pull the individual problems out of an EPANET report and locate them in the source. */
export function problemsFromReport(report: string, source: string): InpProblem[] {
  const reportLines = report.split(/\r?\n/);
  const sourceLines = source.split(/\r?\n/);
  const problems: InpProblem[] = [];
  for (let i = 0; i < reportLines.length; i++) {
    const match = errorLine.exec(reportLines[i]!);
    if (!match) continue;
    const code = Number(match[1]);
    if (code === 200) continue; // "one or more errors in input file": the summary, not a problem
    const section = match[3] ?? null;
    const quoted = reportLines[i + 1]?.trim() || null;
    problems.push({
      code,
      message: match[2]!.trim(),
      section,
      line: quoted ? locate(sourceLines, quoted, section) : null,
      text: quoted ? quoted.replace(/\s+/g, ' ').replace(/\s*;\s*$/, '') : null,
    });
  }
  return problems;
}

function locate(lines: string[], quoted: string, section: string | null): number | null {
  const wanted = normalise(quoted);
  let current: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = /^\s*\[([A-Za-z_]+)\]/.exec(line);
    if (header) current = header[1]!.toUpperCase();
    if (section && current !== section && !header) continue;
    if (normalise(line) === wanted) return i + 1;
  }
  return null;
}

function normalise(line: string): string {
  return line.replace(/;.*$/, '').trim().split(/\s+/).join(' ');
}
