#!/usr/bin/env node
import { runCli } from './run-cli.js';
import { tuneV8ForOneScan } from '../v8-tuning.js';

tuneV8ForOneScan();

// A reader that stops early (`secret-scan … | head`) closes the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
