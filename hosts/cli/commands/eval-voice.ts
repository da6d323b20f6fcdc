/**
 * `agentos eval voice --data DIR [--engine NAME] [--json]`: WER, intent accuracy and RTF on a spoken
 * test set, and the false-accept rate on its non-command rows (`intent: null`) and wrong-action rate.
 */
import { evaluateVoice } from '../../../kernel/voice/index.js';
import { numberFlag, parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { bold, dim, red } from '../io.js';

const usage = 'agentos eval voice --data DIR [--engine whisper-cpp|transformers|pocketsphinx] [--limit N] [--json] [--verbose]';

export const command: CliCommand = {
  name: 'eval voice',
  summary: 'measure speech recognition: WER, spoken vs typed intent accuracy, real-time factor, false accepts',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { data: { type: 'string' }, engine: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' } },
      usage,
    );
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".\nUsage: ${usage}`);
    if (!values.data) throw new UsageError(`--data DIR is required: a folder of 16 kHz mono WAVs and labels.jsonl.\nUsage: ${usage}`);
    const limit = numberFlag(values.limit, 'limit', { min: 1, integer: true });
    const data = values.data;
    return withKernel(async (kernel) => {
      const { result, rows } = await evaluateVoice(kernel, data, {
        ...(values.engine ? { engine: values.engine } : {}),
        ...(limit ? { limit } : {}),
        onRow: (row, i, n) => {
          if (values.verbose) io.err(`${i + 1}/${n} ${row.predicted === row.intent ? '✓' : '✗'} ${row.text} → ${row.transcript}${row.error ? ` (${row.error})` : ''}`);
        },
    });
    if (!values.json) {
      const wrong = rows.filter((r) => r.intent && r.predicted !== r.intent && r.textPredicted === r.intent).slice(0, 10);
      io.out(bold(`Voice evaluation (${result.engine}) on ${values.data}`));
      io.out(`  utterances            ${result.utterances} (${result.intent_utterances} with an installed intent)`);
      io.out(`  word error rate       ${(result.wer * 100).toFixed(1)} %`);
      io.out(`  intent accuracy       ${(result.intent_accuracy * 100).toFixed(1)} % spoken vs ${(result.text_intent_accuracy * 100).toFixed(1)} % typed`);
      io.out(`  real-time factor      ${result.rtf.toFixed(3)}`);
      if (result.non_command_utterances) io.out(`  false accepts         ${(result.false_accept_rate * 100).toFixed(1)} % of ${result.non_command_utterances} non-command utterances`);
      if (result.intent_utterances) {
        io.out(`  served right          ${(result.served_right_rate * 100).toFixed(1)} % of commands (ran as said, or read back as said); ${(result.read_back_rate * 100).toFixed(1)} % read back first`);
        io.out(`  wrong actions         ${(result.wrong_action_rate * 100).toFixed(1)} % (ran as another request without a read-back); commands refused ${(result.command_reject_rate * 100).toFixed(1)} %`);
      }
      if (result.failures) io.out(red(`  failures              ${result.failures}`));
      if (wrong.length) io.out(dim(`Misheard (first ${wrong.length}):\n${wrong.map((r) => `  "${r.text}" → "${r.transcript}"`).join('\n')}`));
    }
    // The last line is always the one JSON object of BENCHMARKS.md.
    io.out(JSON.stringify({ utterances: result.utterances, wer: result.wer, intent_accuracy: result.intent_accuracy, text_intent_accuracy: result.text_intent_accuracy, rtf: result.rtf, ...(values.json ? { engine: result.engine, intent_utterances: result.intent_utterances, general_fallback: result.general_fallback, failures: result.failures, command_reject_rate: result.command_reject_rate, served_right_rate: result.served_right_rate, read_back_rate: result.read_back_rate } : {}), non_command_utterances: result.non_command_utterances, false_accept_rate: result.false_accept_rate, wrong_action_rate: result.wrong_action_rate }));
    return EXIT.ok;
    });
  },
};
