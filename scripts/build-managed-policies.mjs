#!/usr/bin/env node
// Placeholder until the AWS CLI loader lands: writes an empty catalog so the build succeeds.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
mkdirSync('data', { recursive: true });
if (!existsSync('data/aws-managed-policies.json')) writeFileSync('data/aws-managed-policies.json', '{}');
