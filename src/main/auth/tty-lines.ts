// Line input from a terminal in raw mode, with or without echo, for the first-run prompt. Raw
// mode is what keeps a password off the screen; it also means handling Enter, Backspace and
// Ctrl-C here rather than in the terminal driver.
import { StringDecoder } from 'node:string_decoder';

export interface PromptIO {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  output: NodeJS.WritableStream;
}

export class PromptCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'PromptCancelled';
  }
}

interface Pending {
  echo: boolean;
  line: string;
  resolve(line: string): void;
  reject(error: Error): void;
}

// cursor keys and the like: ESC [ parameters final-byte, or ESC and one character; matching the
// ESC control character is the point of this pattern
// eslint-disable-next-line no-control-regex
const ESCAPE = /^\x1b(?:\[[0-9;]*[@-~]|.)?/s;

export class TtyLines {
  private buffer = '';
  private pending: Pending | undefined;
  private ended = false;
  private skipLineFeed = false;
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly io: PromptIO) {
    io.input.setRawMode?.(true);
    io.input.on('data', this.onData);
    io.input.on('end', this.onEnd);
    io.input.resume();
  }

  read(prompt: string, echo: boolean): Promise<string> {
    this.io.output.write(prompt);
    return new Promise((resolve, reject) => {
      this.pending = { echo, line: '', resolve, reject };
      this.drain();
    });
  }

  close(): void {
    this.io.input.off('data', this.onData);
    this.io.input.off('end', this.onEnd);
    this.io.input.setRawMode?.(false);
    this.io.input.pause();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    this.drain();
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    this.drain();
  };

  private drain(): void {
    const p = this.pending;
    if (!p) return;
    while (this.buffer.length > 0) {
      const escape = ESCAPE.exec(this.buffer);
      if (escape) {
        this.buffer = this.buffer.slice(escape[0].length);
        continue;
      }
      const ch = String.fromCodePoint(this.buffer.codePointAt(0)!);
      this.buffer = this.buffer.slice(ch.length);
      const afterReturn = this.skipLineFeed;
      this.skipLineFeed = false;
      if (ch === '\n' && afterReturn) continue;
      if (ch === '\r' || ch === '\n') {
        this.skipLineFeed = ch === '\r';
        this.io.output.write('\n');
        this.pending = undefined;
        p.resolve(p.line);
        return;
      }
      if (ch === '\u0003' || (ch === '\u0004' && p.line === '')) {
        this.pending = undefined;
        p.reject(new PromptCancelled());
        return;
      }
      if (ch === '\u007f' || ch === '\b') {
        if (p.line.length > 0) {
          const chars = [...p.line];
          chars.pop();
          p.line = chars.join('');
          if (p.echo) this.io.output.write('\b \b');
        }
        continue;
      }
      if (ch < ' ') continue;
      p.line += ch;
      if (p.echo) this.io.output.write(ch);
    }
    if (this.ended) {
      this.pending = undefined;
      p.reject(new PromptCancelled());
    }
  }
}
