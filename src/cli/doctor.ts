import { promises as fs } from 'node:fs';
import { doctorJson, doctorText } from '../doctor/report.js';
import { doctorFailed, runDoctor } from '../doctor/run.js';
import { UsageError } from '../errors.js';
import { baseUrlsFrom } from '../probe/base-url.js';
import type { Command } from './command.js';
import { oneOf } from './options.js';
import { singleOutput, useColor } from './output.js';
import { PROBE_OPTIONS, probeTimeoutMs } from './probe-options.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'diagnose a 401 cause by cause, for each provider key variable that is set',
  usage: `scan-keys doctor [--probe]      why does my key give 401? checks each key variable set here (OPENAI_API_KEY, ANTHROPIC_API_KEY, GROQ_API_KEY...; in the environment or a .env) cause by cause`,
  options: { ...PROBE_OPTIONS },
  async run({ values, positionals }) {
    if (positionals.length > 0) throw new UsageError(`doctor takes no arguments; got '${positionals[0]}'`);
    const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
    const timeoutMs = probeTimeoutMs(values);
    const context = {
      env: process.env,
      cwd: process.cwd(),
      bases: baseUrlsFrom(process.env),
      ...(values.probe ? { probeTimeoutMs: timeoutMs } : {}),
    };
    const checks = await runDoctor(context);
    const file = singleOutput(values);
    const text = format === 'json' ? doctorJson(checks) : doctorText(checks, useColor(values, file !== undefined));
    if (file) {
      await fs.writeFile(file, text).catch((e: NodeJS.ErrnoException) => {
        throw new UsageError(`--output ${file}: ${e.code ?? String(e)}`);
      });
    } else {
      process.stdout.write(text);
    }
    return doctorFailed(checks) ? 1 : 0;
  },
};
