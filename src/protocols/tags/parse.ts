// Reading tag maps: YAML or JSON (one parser reads both) and the CSV register lists PLC
// integrators deliver. Every mistake names the file, the line and the field, because the map
// is written by hand during commissioning and the person fixing it is on site.
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { ZodError } from 'zod';
import { TagMapSchema, type TagMap } from './schema';

export class TagMapError extends Error {
  constructor(
    readonly fileName: string,
    readonly line: number | null,
    readonly path: string,
    detail: string,
  ) {
    super(`${fileName}${line !== null ? `: line ${line}` : ''}${path ? ` (${path})` : ''}: ${detail}`);
    this.name = 'TagMapError';
  }
}

export function printablePath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

/** Parse a YAML or JSON tag map; throws TagMapError with the line of the first mistake. */
export function parseTagMap(text: string, fileName: string): TagMap {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax)
    throw new TagMapError(fileName, syntax.linePos?.[0]?.line ?? null, '', syntax.message.split('\n')[0]!);
  let data: unknown;
  try {
    // toJS throws on what parses but does not resolve (an alias to a missing anchor)
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new TagMapError(fileName, null, '', (error as Error).message);
  }
  const parsed = TagMapSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = firstIssue(parsed.error);
  // walk as deep as the document goes, so a missing key points at its parent
  let node = doc.contents as YamlNode | null;
  for (const key of issue.path) {
    const child: unknown = isMap(node) || isSeq(node) ? node.get(key as never, true) : undefined;
    if (!child || typeof child !== 'object') break;
    node = child as YamlNode;
  }
  const offset = node?.range?.[0];
  const line = offset === undefined ? null : lines.linePos(offset).line;
  throw new TagMapError(fileName, line, printablePath(issue.path), issue.message);
}

export function firstIssue(error: ZodError): { path: PropertyKey[]; message: string } {
  const issue = error.issues[0]!;
  return { path: issue.path, message: issue.message };
}

/** Pick the parser by extension: .csv → Modbus register list, anything else → YAML/JSON. */
export function parseTagFile(text: string, fileName: string): TagMap {
  return /\.csv$/i.test(fileName) ? parseModbusCsv(text, fileName) : parseTagMap(text, fileName);
}

// CSV: one register per line, with a header naming the columns (any order, case-insensitive).
// Required: point, table, address. Optional: unit, type, word_order, byte_order, raw_min, raw_max,
// eu_min, eu_max, factor, offset, units, access, deadband, stale_after_s. Lines starting with
// '#' and blank lines are skipped. Addresses may be 0-based or Modicon style (40001 → holding 0)
// when the table column is empty.
const CSV_COLUMNS = [
  'point',
  'unit',
  'table',
  'address',
  'type',
  'word_order',
  'byte_order',
  'raw_min',
  'raw_max',
  'eu_min',
  'eu_max',
  'factor',
  'offset',
  'units',
  'access',
  'deadband',
  'stale_after_s',
] as const;

export function parseModbusCsv(text: string, fileName: string, revision = ''): TagMap {
  const rows = text.split(/\r?\n/);
  let header: string[] | undefined;
  let headerLine = 0;
  const tags: unknown[] = [];
  const lineOfTag: number[] = [];
  rows.forEach((raw, i) => {
    const lineNo = i + 1;
    if (!raw.trim() || raw.trimStart().startsWith('#')) return;
    const cells = splitCsvLine(raw, fileName, lineNo);
    if (!header) {
      header = cells.map((c) =>
        c
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_'),
      );
      headerLine = lineNo;
      const unknown = header.find((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
      if (unknown !== undefined)
        throw new TagMapError(fileName, lineNo, unknown, `unknown column (known: ${CSV_COLUMNS.join(', ')})`);
      for (const need of ['point', 'address'])
        if (!header.includes(need)) throw new TagMapError(fileName, lineNo, need, 'missing column');
      return;
    }
    if (cells.length > header.length)
      throw new TagMapError(
        fileName,
        lineNo,
        '',
        `${cells.length} cells but the header on line ${headerLine} has ${header.length}`,
      );
    const cell: Record<string, string> = {};
    header.forEach((h, j) => (cell[h] = (cells[j] ?? '').trim()));
    tags.push(csvTag(cell, fileName, lineNo));
    lineOfTag.push(lineNo);
  });
  if (!header) throw new TagMapError(fileName, null, '', 'empty file: expected a header line');
  const parsed = TagMapSchema.safeParse({ version: 1, revision, tags });
  if (parsed.success) return parsed.data;
  const issue = firstIssue(parsed.error);
  const [, index, ...rest] = issue.path;
  const line = typeof index === 'number' ? (lineOfTag[index] ?? null) : null;
  throw new TagMapError(fileName, line, csvColumn(rest), issue.message);
}

function csvTag(c: Record<string, string>, fileName: string, line: number): unknown {
  const num = (col: string) => {
    const v = c[col];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new TagMapError(fileName, line, col, `"${v}" is not a number`);
    return n;
  };
  let table = c.table?.toLowerCase() || undefined;
  let address = num('address');
  if (!table && address !== undefined) {
    // Modicon numbering: 00001 coils, 10001 discrete inputs, 30001 input registers, 40001 holding
    const modicon: [number, string][] = [
      [40001, 'holding'],
      [30001, 'input'],
      [10001, 'discrete'],
      [1, 'coil'],
    ];
    const hit = modicon.find(([base]) => address! >= base && address! < base + 10000);
    if (!hit)
      throw new TagMapError(
        fileName,
        line,
        'address',
        `${address} is not a Modicon address (1–49999) and no table is given`,
      );
    table = hit[1];
    address -= hit[0];
  }
  const tableAliases: Record<string, string> = {
    hr: 'holding',
    ir: 'input',
    di: 'discrete',
    co: 'coil',
    coils: 'coil',
  };
  table = table ? (tableAliases[table] ?? table) : table;
  const scale =
    c.factor || c.offset
      ? { factor: num('factor') ?? 1, offset: num('offset') ?? 0 }
      : c.raw_min || c.raw_max || c.eu_min || c.eu_max
        ? { rawMin: num('raw_min'), rawMax: num('raw_max'), euMin: num('eu_min'), euMax: num('eu_max') }
        : undefined;
  const bit = table === 'coil' || table === 'discrete';
  return strip({
    point: c.point,
    modbus: strip({ unit: num('unit'), table, address }),
    type: c.type?.toLowerCase() || (bit ? 'bool' : undefined),
    wordOrder: c.word_order?.toLowerCase() || undefined,
    byteOrder: c.byte_order?.toLowerCase() || undefined,
    scale,
    units: c.units || undefined,
    access: c.access?.toLowerCase() || undefined,
    deadband: num('deadband'),
    staleAfterS: num('stale_after_s'),
  });
}

/** the CSV column a schema path points at */
function csvColumn(path: PropertyKey[]): string {
  const key = String(path.at(-1) ?? '');
  const columns: Record<string, string> = {
    wordOrder: 'word_order',
    byteOrder: 'byte_order',
    rawMin: 'raw_min',
    rawMax: 'raw_max',
    euMin: 'eu_min',
    euMax: 'eu_max',
    staleAfterS: 'stale_after_s',
  };
  return columns[key] ?? key;
}

function strip<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** RFC 4180 cells: commas, "quoted, cells" and "" for a quote inside quotes */
function splitCsvLine(line: string, fileName: string, lineNo: number): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quoted) throw new TagMapError(fileName, lineNo, '', 'unterminated quoted cell');
  cells.push(cur);
  return cells;
}

/** Write a tag map's Modbus tags as CSV (the plant simulator hands this to integrators). */
export function toModbusCsv(map: TagMap): string {
  const head = 'point,unit,table,address,type,word_order,byte_order,factor,offset,units,access';
  const lines = map.tags
    .filter((t) => t.modbus)
    .map((t) => {
      const s = t.scale && 'factor' in t.scale ? t.scale : undefined;
      return [
        t.point,
        t.modbus!.unit,
        t.modbus!.table,
        t.modbus!.address,
        t.type,
        t.wordOrder,
        t.byteOrder,
        s?.factor ?? '',
        s?.offset ?? '',
        t.units,
        t.access,
      ].join(',');
    });
  return [head, ...lines].join('\n') + '\n';
}
