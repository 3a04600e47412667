import { describe, expect, it } from 'vitest';
import { SyslogFramer, type FrameEvent } from './syslog.framing';

const msgs = (events: FrameEvent[]) => events.flatMap((e) => (e.kind === 'message' ? [e.data.toString('utf8')] : []));
const errors = (events: FrameEvent[]) => events.flatMap((e) => (e.kind === 'error' ? [`${e.reason}${e.fatal ? '!' : ''}`] : []));

function octet(s: string): string {
  return `${Buffer.byteLength(s)} ${s}`;
}

describe('TCP framing (RFC 6587)', () => {
  it('splits newline-framed messages, dropping CR, NUL separators and blank lines', () => {
    const f = new SyslogFramer(1024);
    expect(msgs(f.push(Buffer.from('<13>a one\r\n<13>b two\n\n<13>c three\0<13>d')))).toEqual(['<13>a one', '<13>b two', '<13>c three']);
    expect(msgs(f.push(Buffer.from(' four\n')))).toEqual(['<13>d four']);
  });

  it('reads octet-counted frames, including messages that contain newlines and multi-byte UTF-8', () => {
    const f = new SyslogFramer(1024);
    const a = '<13>1 - h a - - - dòng một\ndòng hai';
    const b = '<13>1 - h a - - - CEF:0|V|P|1|1|n|3|msg=Cảnh báo';
    expect(msgs(f.push(Buffer.from(octet(a) + octet(b))))).toEqual([a, b]);
  });

  it('reassembles frames split across chunks at any byte, in both framings', () => {
    const stream = Buffer.from(`${octet('<13>first ừ')}<13>second\n${octet('<13>third')}`);
    for (let cut = 1; cut < stream.length; cut += 1) {
      const f = new SyslogFramer(1024);
      const out = [...f.push(stream.subarray(0, cut)), ...f.push(stream.subarray(cut)), ...f.end()];
      expect(msgs(out)).toEqual(['<13>first ừ', '<13>second', '<13>third']);
    }
  });

  it('skips an oversized octet-counted frame without buffering it and carries on', () => {
    const f = new SyslogFramer(16);
    const big = 'x'.repeat(100);
    const out = [...f.push(Buffer.from(`100 ${big.slice(0, 30)}`)), ...f.push(Buffer.from(`${big.slice(30)}${octet('<13>ok')}`))];
    expect(errors(out)).toEqual(['oversize']);
    expect(msgs(out)).toEqual(['<13>ok']);
  });

  it('refuses an oversized newline frame, drops it up to its LF and carries on', () => {
    const f = new SyslogFramer(16);
    const out = [...f.push(Buffer.from(`<13>${'y'.repeat(40)}`)), ...f.push(Buffer.from(`${'y'.repeat(10)}\n<13>ok\n`))];
    expect(errors(out)).toEqual(['oversize']);
    expect(msgs(out)).toEqual(['<13>ok']);
    const g = new SyslogFramer(16);
    const out2 = g.push(Buffer.from(`<13>${'z'.repeat(40)}\n<13>fine\n`));
    expect(errors(out2)).toEqual(['oversize']);
    expect(msgs(out2)).toEqual(['<13>fine']);
  });

  it('gives up on a length that is not a number (the stream cannot be followed)', () => {
    const f = new SyslogFramer(1024);
    expect(errors(f.push(Buffer.from('12x4 <13>nope\n')))).toEqual(['bad_frame!']);
    expect(f.push(Buffer.from('<13>after\n'))).toEqual([]);
    const g = new SyslogFramer(1024);
    expect(errors(g.push(Buffer.from('12345678901')))).toEqual(['bad_frame!']);
  });

  it('at the end of the stream: a last line without LF is a message, a cut octet frame is an error', () => {
    const f = new SyslogFramer(1024);
    expect(f.push(Buffer.from('<13>last'))).toEqual([]);
    expect(msgs(f.end())).toEqual(['<13>last']);
    const g = new SyslogFramer(1024);
    expect(g.push(Buffer.from('20 <13>cut'))).toEqual([]);
    expect(errors(g.end())).toEqual(['bad_frame!']);
  });
});
