// What a command body gets from the CLI shell: one progress bar, info lines, warnings and its result.
// Every command prints the same way: progress and info on stderr, the result (a summary, JSON) on stdout,
// problems as `[clientele] <what> <fix>`, so a pipe gets only the result.
import cliProgress from 'cli-progress';

export interface CommandIO {
  /** Moves the command's one progress bar: `fraction` of the whole command (0..1), in `stage`. */
  progress(stage: string, fraction: number): void;
  /** A line for the person watching (counts, what was read); held back while the bar is drawn. */
  info(line: string): void;
  /** A problem that did not stop the command, printed as `[clientele] warning: ...`. */
  warn(message: string): void;
  /** The command's output for stdout. */
  result(text: string): void;
  /** Ends the bar and prints the held-back lines; the shell calls it after the command returns. */
  done(): void;
}

/**
 * The standard IO: on a terminal a cli-progress bar redrawn in place; elsewhere (CI logs, pipes)
 * one plain line per stage and per 10%, so logs stay readable.
 * @example const io = createIO(); io.progress('reading log', 0.1); io.info('3,509 rows'); io.done();
 */
export function createIO(stderr: NodeJS.WriteStream = process.stderr, stdout: NodeJS.WritableStream = process.stdout): CommandIO {
  const tty = stderr.isTTY === true;
  let bar: cliProgress.SingleBar | null = null;
  const held: string[] = [];
  let lastStage = '';
  let lastTenth = -1;
  let highest = 0;
  return {
    progress(stage, fraction) {
      // Never backwards: a stage that starts below where the last one ended (its own estimate of its share) holds the
      // bar where it is, rather than moving it back in a log.
      const pct = (highest = Math.max(highest, Math.min(100, Math.floor(fraction * 100))));
      if (tty) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { stream: stderr, format: '{bar} {percentage}% {stage}', barsize: 28, hideCursor: true, clearOnComplete: false, etaBuffer: 20 },
            cliProgress.Presets.shades_classic,
          );
          bar.start(100, pct, { stage });
        } else bar.update(pct, { stage });
        return;
      }
      const tenth = Math.floor(pct / 10);
      if (stage !== lastStage || tenth !== lastTenth) stderr.write(`${String(pct).padStart(3)}% ${stage}\n`);
      lastStage = stage;
      lastTenth = tenth;
    },
    info(line) {
      if (bar) held.push(line);
      else stderr.write(line + '\n');
    },
    warn(message) {
      const line = `[clientele] warning: ${message}`;
      if (bar) held.push(line);
      else stderr.write(line + '\n');
    },
    result(text) {
      stdout.write(text.endsWith('\n') ? text : text + '\n');
    },
    done() {
      if (bar) {
        bar.stop();
        bar = null;
      }
      for (const line of held.splice(0)) stderr.write(line + '\n');
    },
  };
}
