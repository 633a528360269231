// Asterisk prints time in several shapes; each helper mirrors one seen in the transcripts.

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Wall-clock microseconds; Date.now() alone would give duplicate Timestamp values. */
function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** AMI `Timestamp: 1795329939.238978` (timestampevents = yes). */
export function amiTimestamp(): string {
  const us = nowMicros();
  return `${Math.floor(us / 1e6)}.${pad(us % 1e6, 6)}`;
}

/** ARI and security-event time: `2026-11-22T06:44:21.158+0000` (no colon in the offset). */
export function ariTime(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Cdr times: `2026-11-22 06:45:39` (the lab ran in UTC). */
export function cdrTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** CoreStatus dates and times: `2026-11-22` and `06:45:21`. */
export function coreDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
export function coreClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** CoreShowChannel `Duration: 00:00:07`. */
export function hms(totalSec: number): string {
  const s = Math.max(0, Math.floor(totalSec));
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

export function epochSec(ms: number = Date.now()): number {
  return Math.floor(ms / 1000);
}
