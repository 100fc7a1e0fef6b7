import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createIO } from '../../scripts/cli/io.ts';

/** A stderr stand-in that is not a terminal, collecting what is written. */
function sink() {
  const out: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { out.push(String(chunk)); done(); } }) as unknown as NodeJS.WriteStream;
  return { stream, out };
}

describe('createIO off a terminal', () => {
  it('prints one line per stage and per 10%, and never a percentage below one already printed', () => {
    const err = sink(), res = sink();
    const io = createIO(err.stream, res.stream);
    for (const [stage, f] of [['reading log', 0], ['reading log', 0.05], ['reading log', 0.42], ['fitting', 0.35], ['fitting', 0.61], ['writing', 1]] as const) io.progress(stage, f);
    io.result('done');
    io.done();
    const lines = err.out.join('').replace(/\n$/, '').split('\n');
    expect(lines).toEqual(['  0% reading log', ' 42% reading log', ' 42% fitting', ' 61% fitting', '100% writing']);
    const pcts = lines.map((l) => Number(l.slice(0, 3)));
    expect(pcts).toEqual([...pcts].sort((a, b) => a - b));
    expect(res.out.join('')).toBe('done\n');
  });
});
