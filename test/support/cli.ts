/** Running a CLI of src/cli (or src/main.ts) in a child process, as a user would. */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';

export interface CliRun { code: number; stdout: string; stderr: string }

export function runCli(script: string, args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env }, timeout: timeoutMs, encoding: 'utf8',
    }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }));
  });
}

/** A port nothing listens on (listened once by us, then closed). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** The non-empty lines of an output; a stack trace shows as lines starting with "    at ". */
export const linesOf = (s: string) => s.split('\n').filter((l) => l.trim() !== '');
export const hasStack = (s: string) => /^\s+at .+[:(]/m.test(s);
