// An HTTP + WebSocket server standing in for Asterisk's ARI: REST answers are the captured
// responses (status and body) looked up by method and path; the event socket sends whatever the
// test pushes, typically the captured frames.

import http from 'node:http';
import type net from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { type AriHttpRecord, readAriHttp } from './transcripts.ts';

export interface RecordedRequest {
  method: string;
  url: URL;
  authorization: string | undefined;
}

export interface FakeAri {
  baseUrl: string;
  requests: RecordedRequest[];
  upgrades: RecordedRequest[];
  sockets: WebSocket[];
  onSocket: (ws: WebSocket) => void;
  close(): Promise<void>;
}

export async function startFakeAri(opts: { username: string; password: string }): Promise<FakeAri> {
  const expected = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
  const records: AriHttpRecord[] = [
    ...readAriHttp('ari-stasis-survey.timeline'),
    ...readAriHttp('ari-queue-then-stasis.timeline'),
    ...readAriHttp('ari-rest-basics').filter((r) => r.status !== 401),
  ];
  const find = (method: string, url: URL) =>
    records.find((r) => {
      const rec = new URL(r.path, 'http://x');
      if (r.method !== method || rec.pathname !== url.pathname) return false;
      // Every query parameter the client sent must match the captured request's.
      return [...url.searchParams].every(([k, v]) => rec.searchParams.get(k) === v);
    });

  const conns = new Set<net.Socket>();
  const wss = new WebSocketServer({ noServer: true });
  const fake: FakeAri = {
    baseUrl: '',
    requests: [],
    upgrades: [],
    sockets: [],
    onSocket: () => undefined,
    close: async () => {
      for (const ws of fake.sockets) ws.terminate();
      for (const c of conns) c.destroy();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    fake.requests.push({ method: req.method ?? '', url, authorization: req.headers.authorization });
    const send = (status: number, body: unknown) => {
      const text = body === null || body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, text ? { 'content-type': 'application/json' } : {});
      res.end(text);
    };
    if (req.headers.authorization !== expected) return send(401, { message: 'Authentication required' });
    if (url.pathname === '/ari/slow') return; // never answers
    const rec = find(req.method ?? '', url);
    if (rec) return send(rec.status, rec.response_body);
    if (url.pathname.endsWith('/variable')) return send(404, { message: 'Provided variable was not found' });
    send(404, { message: 'Channel not found' });
  });
  server.on('connection', (c) => {
    conns.add(c);
    c.on('close', () => conns.delete(c));
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    fake.upgrades.push({ method: 'GET', url, authorization: req.headers.authorization });
    if (req.headers.authorization !== expected || url.pathname !== '/ari/events') {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 37\r\n\r\n{"message":"Authentication required"}',
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      fake.sockets.push(ws);
      fake.onSocket(ws);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return fake;
}

export { WebSocket };
