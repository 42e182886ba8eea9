#!/usr/bin/env node
import { main } from './main.js';

// `rivulet transform … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
// Set the code rather than exit(), so stdout is flushed when piped.
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
