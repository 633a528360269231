import type { Channel } from './channel.ts';
import type { Pbx } from './ports.ts';

/** Nominal RFC 4733 event length seen in the lab (sipp's pcaps), and the pause between digits. */
const DIGIT_MS = 280;
const GAP_MS = 220;
export const DTMF_RE = /^[0-9*#A-D]+$/;

/**
 * The caller keys digits: per digit DTMFBegin, then DTMFEnd with DurationMs, and for a channel an
 * ARI app can see, one ChannelDtmfReceived at the end of the digit (no begin/end pair in ARI).
 * A playback running meanwhile neither swallows the key nor stops: Asterisk's ARI playback
 * (res_stasis_playback.c) streams with no stop keys, and ast_read() publishes every DTMF end.
 */
export function receiveDtmf(pbx: Pbx, ch: Channel, digits: string): void {
  [...digits].forEach((digit, i) => {
    pbx.timers.after(i * (DIGIT_MS + GAP_MS), () => {
      if (ch.destroyed) return;
      pbx.chanEvent('DTMFBegin', 'dtmf,all', ch, [
        ['Digit', digit],
        ['Direction', 'Received'],
      ]);
      pbx.timers.after(DIGIT_MS, () => {
        if (ch.destroyed) return;
        pbx.chanEvent('DTMFEnd', 'dtmf,all', ch, [
          ['Digit', digit],
          ['DurationMs', String(DIGIT_MS)],
          ['Direction', 'Received'],
        ]);
        pbx.ari.channelEvent(ch, 'ChannelDtmfReceived', {}, { digit, duration_ms: DIGIT_MS });
      });
    });
  });
}
