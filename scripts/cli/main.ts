// The `clientele` command (bin/clientele.mjs runs the built dist/cli/clientele.js, or this file from a
// checkout): parses each command's options, checks its input and output paths before any work, gives it
// one progress bar, and reports every problem the same way with exit code 2 (usage) or 1 (failure).
import { parseCommandArgs, usage } from './args.ts';
import { COMMANDS } from './commands.ts';
import { checkInputFile, prepareOutputDir, prepareOutputFile, samePathProblem } from './files.ts';
import { createIO, type CommandIO } from './io.ts';

function overview(): string {
  const lines = ['Usage: npx clientele <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(12)} ${c.about}`);
  lines.push('', 'Run `npx clientele <command> --help` for the options of one command.');
  return lines.join('\n') + '\n';
}

/** Silences third-party start-up banners (tfjs's "install our node backend") that would break the one-bar output. */
async function quietDependencies(): Promise<void> {
  try {
    const tf = await import('@tensorflow/tfjs-core');
    // PROD turns off tfjs's debug warnings, the banner among them; numerics are unchanged.
    tf.env().set('PROD', true);
  } catch {
    /* a command that needs tfjs reports its own problem */
  }
}

/**
 * Runs `clientele <argv>`; resolves to the exit code (0 done, 1 failed, 2 bad usage). Never throws.
 * @example process.exitCode = await runCli(['build-model', '--events', 'log.csv', '--out', 'model']);
 */
export async function runCli(argv: string[], io: CommandIO = createIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? process.stdout : process.stderr).write(overview());
    return name ? 0 : 2;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`[clientele] "${name}" is not a clientele command; use one of: ${Object.keys(COMMANDS).join(', ')}\n\n${overview()}`);
    return 2;
  }
  const help = () => usage(name, command.about, command.options, command.examples, command.notes);
  const parsed = parseCommandArgs(name, command.options, rest);
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n\n${help()}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(help());
    return 0;
  }
  // Every path is checked (and output folders made) before the work starts.
  for (const [option, spec] of Object.entries(command.options)) {
    const v = parsed.values[option];
    if (typeof v !== 'string' || !spec.path) continue;
    const check = spec.path === 'read-file' ? checkInputFile : spec.path === 'write-dir' ? prepareOutputDir : prepareOutputFile;
    // A folder given for an output file: the file name suggested is the one the option's help shows (<report.html>).
    const problem = check(`--${option}`, v, spec.value?.replace(/^<|>$/g, ''));
    if (problem) {
      process.stderr.write(problem + '\n');
      return 1;
    }
  }
  const clash = samePathProblem(command.options, parsed.values);
  if (clash) {
    process.stderr.write(clash + '\n');
    return 2;
  }
  await quietDependencies();
  try {
    return await command.run(parsed.values, io);
  } catch (e) {
    io.done();
    process.stderr.write(`[clientele] ${name} failed: ${(e as Error)?.message ?? e}\n`);
    return 1;
  } finally {
    io.done();
  }
}

const invoked = process.argv[1]?.replace(/\\/g, '/');
if (invoked && (invoked.endsWith('/scripts/cli/main.ts') || invoked.endsWith('/dist/cli/clientele.js'))) {
  runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
