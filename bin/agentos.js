#!/usr/bin/env node
// The `agentos` command: runs the built kernel CLI (npm install builds it).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'hosts', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(`AgentOS is not built yet (${entry} is missing). Run "npm install" (or "npm run build") in ${root} first.\n`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
