// Set-up shared by the office tests: unit users who can sign in, a pothole registered in District 5
// through the API (routed to District 5's roads unit), the /office socket, and what arrived on it.
import { io as ioClient, type Socket } from 'socket.io-client';
import { hashPassword } from '../../../src/auth/auth-service.ts';
import type { Role } from '../../../src/auth/index.ts';
import type { Db } from '../../../src/db/index.ts';
import type { InboxChanged, NotificationItem, NotificationPage } from '../../../src/office/index.ts';
import { api } from '../../helpers/http.ts';
import { connected } from '../../helpers/sockets.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PASSWORD = 'demo137';

let hash: Promise<string> | null = null;

export async function unitIdOf(db: Db, code: string): Promise<number> {
  const r = await db.query<{ id: number }>(`SELECT id FROM units WHERE code = $1`, [code]);
  if (!r.rows[0]) throw new Error(`no unit ${code}`);
  return r.rows[0].id;
}

/** A user who can sign in with PASSWORD; unit roles are made members of `unitCode`. */
export async function addUser(
  db: Db,
  u: { username: string; role: Role; unitCode?: string; email?: string },
): Promise<{ id: string; unitId: number | null }> {
  hash ??= hashPassword(PASSWORD);
  const r = await db.query<{ id: string }>(
    `INSERT INTO users (username, display_name, password_hash, role, email) VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
    [u.username, `${u.username} (test)`, await hash, u.role, u.email ?? null],
  );
  const id = r.rows[0]!.id;
  if (!u.unitCode) return { id, unitId: null };
  const unitId = await unitIdOf(db, u.unitCode);
  await db.query(`INSERT INTO unit_members (user_id, unit_id) VALUES ($1, $2)`, [id, unitId]);
  return { id, unitId };
}

/** A neighbourhood of the district at this position (District 5's potholes go to district-5-roads). */
export async function hoodOfDistrict(db: Db, position: number): Promise<number> {
  const r = await db.query<{ id: number }>(
    `SELECT n.id FROM neighbourhoods n JOIN districts d ON d.id = n.district_id WHERE d.position = $1 ORDER BY n.id LIMIT 1`,
    [position],
  );
  if (!r.rows[0]) throw new Error(`no neighbourhood in district ${position}`);
  return r.rows[0].id;
}

export interface Registered {
  id: string;
  trackingCode: string;
  status: string;
}

/** An operator registers a pothole in this neighbourhood (auto-referred by its route). */
export async function registerPothole(db: Db, url: string, cookie: string, hood: number): Promise<Registered> {
  const cat = await db.query<{ id: number }>(`SELECT id FROM categories WHERE code = 'pothole'`);
  const r = await api<Registered>(url, cookie, 'POST', '/api/v1/requests', {
    categoryId: cat.rows[0]!.id,
    neighbourhoodId: hood,
    description: 'چاله بزرگ وسط خیابان، خودروها آسیب می‌بینند',
    phone: '09121234567',
  });
  if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const notifications = (url: string, cookie: string, query = '') =>
  api<NotificationPage>(url, cookie, 'GET', `/api/v1/notifications${query}`);

/** What an /office socket heard, in order, with when. */
export interface Heard {
  notifications: Array<{ item: NotificationItem; unread: number; at: number }>;
  inbox: Array<InboxChanged & { at: number }>;
  read: Array<{ unread: number }>;
}

/** An /office socket signed in with this cookie, connected, recording what it hears. */
export async function openOffice(
  url: string,
  cookie: string | null,
  headers: Record<string, string> = {},
): Promise<{ socket: Socket; heard: Heard }> {
  const socket = officeSocket(url, cookie, headers);
  const heard: Heard = { notifications: [], inbox: [], read: [] };
  socket.on('notification', (n: { item: NotificationItem; unread: number }) =>
    heard.notifications.push({ ...n, at: Date.now() }),
  );
  socket.on('inbox-changed', (e: InboxChanged) => heard.inbox.push({ ...e, at: Date.now() }));
  socket.on('notifications-read', (n: { unread: number }) => heard.read.push(n));
  await connected(socket);
  return { socket, heard };
}

export function officeSocket(url: string, cookie: string | null, headers: Record<string, string> = {}): Socket {
  return ioClient(`${url}/office`, {
    extraHeaders: { ...(cookie ? { cookie } : {}), ...headers },
    transports: ['websocket'],
    reconnection: false,
  });
}
