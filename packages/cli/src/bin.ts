#!/usr/bin/env node
import { main } from './main.js';

// Set the code rather than exit(), so stdout is flushed when piped.
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
