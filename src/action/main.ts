#!/usr/bin/env node
// The GitHub Action's entry (action.yml → action/dist/index.js, bundled by scripts/build-action.mjs).
import { runAction } from './run-action.js';
import { tuneV8ForOneScan } from '../v8-tuning.js';

tuneV8ForOneScan();

process.exitCode = await runAction(process.env, { stdout: process.stdout, stderr: process.stderr, cwd: process.env.GITHUB_WORKSPACE || process.cwd() });
