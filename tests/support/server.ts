/** Starts the production server (server/main.ts) over a built site, as a child process on a free port. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The server entry as production runs it; tsx compiles it here, as `cli serve` does in development. */
export const SERVER_COMMAND: readonly string[] = [
  '--import',
  'tsx',
  path.join(ROOT, 'server', 'main.ts'),
];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  origin: string;
  /** The server process (to read its memory use). */
  pid: number;
  output: () => string;
  stop(): Promise<void>;
}

export async function startBuiltServer(
  outDir: string,
  env: Record<string, string>,
  port?: number,
): Promise<RunningServer> {
  // A free port can be taken by another process before the server binds it: try another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(outDir, env, port ?? (await freePort()));
    } catch (error) {
      if (
        port !== undefined ||
        attempt >= 3 ||
        !String((error as Error).message).includes('EADDRINUSE')
      )
        throw error;
    }
  }
}

async function startOnce(
  outDir: string,
  env: Record<string, string>,
  port: number,
): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [...SERVER_COMMAND], {
    cwd: ROOT,
    env: {
      ...process.env,
      APP_DOMAIN: `http://127.0.0.1:${port}`,
      ...env,
      SITE_DIR: outDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      ASTRO_NODE_LOGGING: 'disabled',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  const origin = `http://127.0.0.1:${port}`;
  // Generous: on a loaded 2-core machine a cold start beside other suites can take many seconds.
  const deadline = Date.now() + 60_000;
  // Wait for the server's own line: polling the port could reach another process that took it first.
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`server exited early (${child.exitCode}):\n${output}`);
    if (output.includes(`listening on http://127.0.0.1:${port}`)) break;
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    origin,
    pid: child.pid!,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
