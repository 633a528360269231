// The server's clock, as seen from this browser: waits and pauses count against it, so a browser
// whose clock is a minute off still shows the right durations.
let offsetMs = 0;

export function syncServerTime(serverTime: number): void {
  offsetMs = serverTime - Date.now();
}

export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** Seconds from an ISO time to now on the server's clock. */
export function secondsSince(iso: string, now = serverNow()): number {
  return (now - Date.parse(iso)) / 1000;
}
