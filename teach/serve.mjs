#!/usr/bin/env node
// `npm run teach`: build the teaching page (Vite) into teach/dist/ and serve it on localhost.
// `npm run teach -- --build`: only build. `--port N` picks the port (default 5173, next free one if taken).
// The built folder also works opened straight from disk (teach/dist/index.html) or from any static server.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const args = process.argv.slice(2);
const onlyBuild = args.includes('--build');
const portArg = args.indexOf('--port');
const firstPort = portArg >= 0 ? Number(args[portArg + 1]) : 5173;
if (!Number.isInteger(firstPort) || firstPort < 1 || firstPort > 65535) {
  console.error(`--port: expected a port number from 1 to 65535, got '${args[portArg + 1]}'`);
  process.exit(2);
}

const t0 = performance.now();
await build({ configFile: join(here, 'vite.config.ts') });
console.log(`built ${relative(process.cwd(), dist)}${sep} in ${((performance.now() - t0) / 1000).toFixed(1)} s (open ${relative(process.cwd(), join(dist, 'index.html'))} directly, or serve the folder)`);
if (onlyBuild) process.exit(0);

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json' };
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let path = normalize(join(dist, decodeURIComponent(url.pathname)));
  if (!path.startsWith(dist)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  try {
    if (statSync(path).isDirectory()) path = join(path, 'index.html');
    statSync(path);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  createReadStream(path).pipe(res);
});

function listen(port) {
  server.once('error', (e) => {
    if (e.code === 'EADDRINUSE' && port < firstPort + 20) listen(port + 1);
    else {
      console.error(`cannot listen on port ${port}: ${e.message}`);
      process.exit(1);
    }
  });
  server.listen(port, '127.0.0.1', () => console.log(`teaching page: http://127.0.0.1:${port}/  (Ctrl-C to stop)`));
}
listen(firstPort);
