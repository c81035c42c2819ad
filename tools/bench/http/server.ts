/**
 * One server under test, in its own process: `node --import tsx server.ts <variant>` listens on
 * a free loopback port and tells the parent that port over IPC. Every variant serves the same
 * trivial route, GET /ping → {"ok":true}, so the differences are the stack around it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fastifyVariants } from './variants.js';

const body = JSON.stringify({ ok: true });

function listenNodeHttp(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer((_request, response) => {
      const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) };
      response.writeHead(200, headers);
      response.end(body);
    });
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

async function listen(variant: string): Promise<number> {
  if (variant === 'node-http') return listenNodeHttp();
  const build = fastifyVariants[variant];
  if (!build) {
    throw new Error(`unknown variant ${variant}; known: node-http, ${Object.keys(fastifyVariants).join(', ')}`);
  }
  const app = await build();
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

const port = await listen(process.argv[2] ?? '');
// Run by hand (e.g. under --cpu-prof) there is no parent to tell: the port goes to stderr, and
// SIGTERM ends the process normally, so that the profile is written.
if (process.send) process.send({ port });
else console.error(`listening on ${port}`);
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
