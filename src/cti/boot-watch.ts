import type { AmiMessage } from '../asterisk/ami/index.ts';

/**
 * Tells an Asterisk restart from a dropped connection, across connections: CoreStatus's
 * CoreStartupDate/Time change only when Asterisk starts again (a `core reload` changes
 * CoreReloadDate/Time and keeps the channels). Without CoreStatus (an AMI user without the
 * `system`/`reporting` class), FullyBooted's Uptime gives the start to within a few seconds.
 */
export class BootWatch {
  /** CoreStartupDate + CoreStartupTime of the Asterisk we last talked to. */
  startup: string | null = null;
  private reload: string | null = null;
  /** Start time estimated from FullyBooted's Uptime (ms since epoch). */
  private bootEstimate: number | null = null;
  private bootThisConnection: number | null = null;

  connected(): void {
    this.bootThisConnection = null;
  }

  fullyBooted(m: AmiMessage, now: number): void {
    const up = Number(m.get('Uptime'));
    if (m.get('Uptime') !== undefined && Number.isFinite(up)) this.bootThisConnection = now - up * 1000;
  }

  /** After a (re)connect: the first connection is 'first'; later ones 'same', 'reloaded' or 'restarted'. */
  judge(core: AmiMessage | undefined): 'first' | 'same' | 'reloaded' | 'restarted' {
    const date = core?.get('CoreStartupDate');
    const time = core?.get('CoreStartupTime');
    const startup = date && time ? `${date} ${time}` : null;
    const reload = core ? `${core.get('CoreReloadDate') ?? ''} ${core.get('CoreReloadTime') ?? ''}` : null;
    const boot = this.bootThisConnection;
    const first = this.startup === null && this.bootEstimate === null;
    let verdict: 'first' | 'same' | 'reloaded' | 'restarted' = 'first';
    if (!first) {
      if (startup !== null && this.startup !== null)
        verdict = startup !== this.startup ? 'restarted' : reload !== this.reload ? 'reloaded' : 'same';
      // Uptime has whole seconds and the two readings a network delay between them.
      else if (boot !== null && this.bootEstimate !== null)
        verdict = Math.abs(boot - this.bootEstimate) > 3_000 ? 'restarted' : 'same';
      else verdict = 'same';
    }
    if (startup !== null) this.startup = startup;
    if (reload !== null) this.reload = reload;
    if (boot !== null) this.bootEstimate = boot;
    return verdict;
  }
}
