/** The web service's Node flags, read from render.yaml: the benches start the server as Render does. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function productionNodeFlags(): string[] {
  const render = readFileSync(path.join(process.cwd(), 'render.yaml'), 'utf8');
  const command = /startCommand:\s*node\s+(.*?)\s*dist\/node\/server\.mjs/.exec(render);
  if (!command) throw new Error('render.yaml: no web service starting dist/node/server.mjs');
  return command[1]!.split(/\s+/).filter(Boolean);
}
