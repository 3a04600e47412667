/**
 * Syslog over TCP (RFC 6587): the stream carries frames in one of two framings, decided per frame
 * from its first byte, as rsyslog and syslog-ng do:
 * - octet counting (§3.4.1): "MSG-LEN SP SYSLOG-MSG", MSG-LEN a decimal without leading zero;
 * - non-transparent (§3.4.2): the message ends at LF (a CR before it is dropped; NUL also ends a
 *   frame, as some old senders use it).
 * Frames longer than `maxMessageBytes` are refused and skipped without being buffered. A length that
 * is not a number leaves the stream impossible to follow: the caller closes the connection. Pure.
 */

export type FrameEvent =
  | { kind: 'message'; data: Buffer; framing: 'octet' | 'newline' }
  | { kind: 'error'; reason: 'oversize' | 'bad_frame'; sample: string; fatal: boolean };

const SP = 0x20;
const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

export class SyslogFramer {
  private buf: Buffer = Buffer.alloc(0);
  /** Bytes of an oversized octet-counted frame still to skip. */
  private skip = 0;
  /** Inside an oversized newline frame: drop bytes up to the next LF. */
  private dropToNewline = false;
  private failed = false;

  constructor(private readonly maxMessageBytes: number) {}

  /** Feeds a chunk; returns the complete frames (and refusals) it finished. */
  push(chunk: Buffer): FrameEvent[] {
    if (this.failed) return [];
    const out: FrameEvent[] = [];
    let data = chunk;
    if (this.skip > 0) {
      const n = Math.min(this.skip, data.length);
      this.skip -= n;
      data = data.subarray(n);
    }
    if (this.dropToNewline) {
      const lf = data.indexOf(LF);
      if (lf < 0) return out;
      this.dropToNewline = false;
      data = data.subarray(lf + 1);
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    for (;;) {
      if (this.buf.length === 0) break;
      const first = this.buf[0] ?? 0;
      if (first >= 0x31 && first <= 0x39) {
        // Octet counting: digits, then a space.
        const sp = this.buf.indexOf(SP);
        const digitsEnd = sp < 0 ? Math.min(this.buf.length, 11) : sp;
        for (let i = 0; i < digitsEnd; i += 1) {
          const c = this.buf[i] ?? 0;
          if (c < 0x30 || c > 0x39) return this.fail(out);
        }
        if (sp < 0) {
          if (this.buf.length > 10) return this.fail(out);
          break; // the length is still arriving
        }
        if (sp > 10) return this.fail(out);
        const len = Number(this.buf.subarray(0, sp).toString('latin1'));
        const start = sp + 1;
        if (len > this.maxMessageBytes) {
          out.push({ kind: 'error', reason: 'oversize', sample: this.buf.subarray(start, start + 200).toString('utf8'), fatal: false });
          const have = this.buf.length - start;
          if (have >= len) {
            this.buf = this.buf.subarray(start + len);
            continue;
          }
          this.skip = len - have;
          this.buf = Buffer.alloc(0);
          break;
        }
        if (this.buf.length - start < len) break;
        out.push({ kind: 'message', data: this.buf.subarray(start, start + len), framing: 'octet' });
        this.buf = this.buf.subarray(start + len);
        continue;
      }
      // Non-transparent framing. Blank separators between frames are skipped.
      if (first === LF || first === CR || first === NUL) {
        this.buf = this.buf.subarray(1);
        continue;
      }
      const lf = this.buf.indexOf(LF);
      const nul = this.buf.indexOf(NUL);
      const end = lf < 0 ? nul : nul < 0 ? lf : Math.min(lf, nul);
      if (end > this.maxMessageBytes) {
        out.push({ kind: 'error', reason: 'oversize', sample: this.buf.subarray(0, 200).toString('utf8'), fatal: false });
        this.buf = this.buf.subarray(end + 1);
        continue;
      }
      if (end < 0) {
        if (this.buf.length > this.maxMessageBytes) {
          out.push({ kind: 'error', reason: 'oversize', sample: this.buf.subarray(0, 200).toString('utf8'), fatal: false });
          this.buf = Buffer.alloc(0);
          this.dropToNewline = true;
        }
        break;
      }
      const stop = end > 0 && this.buf[end - 1] === CR ? end - 1 : end;
      out.push({ kind: 'message', data: this.buf.subarray(0, stop), framing: 'newline' });
      this.buf = this.buf.subarray(end + 1);
    }
    // Keep a copy of a partial frame, not a view on a large chunk.
    if (this.buf.length && this.buf.byteOffset !== 0) this.buf = Buffer.from(this.buf);
    return out;
  }

  /** The connection ended: a last newline frame without its LF is still a message. */
  end(): FrameEvent[] {
    if (this.failed || this.dropToNewline || this.skip > 0) return [];
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    if (rest.length === 0) return [];
    const first = rest[0] ?? 0;
    if (first >= 0x31 && first <= 0x39 && /^\d+ /.test(rest.subarray(0, 12).toString('latin1'))) {
      return [{ kind: 'error', reason: 'bad_frame', sample: rest.subarray(0, 200).toString('utf8'), fatal: true }];
    }
    const trimmed = rest[rest.length - 1] === CR ? rest.subarray(0, rest.length - 1) : rest;
    return trimmed.length ? [{ kind: 'message', data: trimmed, framing: 'newline' }] : [];
  }

  private fail(out: FrameEvent[]): FrameEvent[] {
    out.push({ kind: 'error', reason: 'bad_frame', sample: this.buf.subarray(0, 200).toString('utf8'), fatal: true });
    this.failed = true;
    this.buf = Buffer.alloc(0);
    return out;
  }
}
