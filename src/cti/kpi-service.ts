import type { Db } from '../db/index.ts';
import { callTotals, handledByOperator, type KpiQuery } from './kpi-repository.ts';
import type { Kpis } from './queue-types.ts';

export type { KpiQuery } from './kpi-repository.ts';

/**
 * Call-centre KPIs from our call records, with the usual definitions: service level = answered
 * within T ÷ offered (every queued call, short abandons included: they are reported apart, not
 * taken out of the base); ASA = mean wait of answered calls; AHT = (talk + hold +
 * wrap-up) ÷ answered calls; abandonment rate = abandons ÷ (offered − short abandons). Only a
 * caller who hung up while waiting abandoned: Queue() timeouts (`timeout`) and calls lost when
 * Asterisk restarted (`pbx-restart`) are offered calls, counted apart and never as abandons.
 * talk_seconds is stored net of hold, so the three parts never overlap.
 */
export async function computeKpis(db: Db, q: KpiQuery): Promise<Kpis> {
  const x = await callTotals(db, q);
  // Handle time per operator; the total is their sum (calls of interfaces that are no operator of ours included).
  const handled = await handledByOperator(db, q);
  const { offered, answered } = x;
  const base = offered - x.shortAbandoned;
  const sum = (k: 'talk' | 'hold' | 'wrap') => handled.reduce((a, row) => a + row[k], 0);
  const [talk, hold, wrap] = [sum('talk'), sum('hold'), sum('wrap')];
  const per = (v: number) => (answered ? v / answered : null);
  return {
    offered,
    answered,
    abandoned: x.abandoned,
    shortAbandoned: x.shortAbandoned,
    timedOut: x.timedOut,
    lostInRestart: x.lostInRestart,
    serviceLevel: offered > 0 ? x.answeredInServiceLevel / offered : null,
    serviceLevelSeconds: q.serviceLevelSeconds,
    asa: answered ? x.asa : null,
    aht: per(talk + hold + wrap),
    avgTalk: per(talk),
    avgHold: per(hold),
    avgWrapUp: per(wrap),
    abandonRate: base > 0 ? x.abandoned / base : null,
    perOperator: handled
      .filter((p) => p.operatorId !== null)
      .map((p) => ({
        operatorId: p.operatorId!,
        displayName: p.displayName!,
        answered: p.answered,
        talkSeconds: p.talk,
        holdSeconds: p.hold,
        aht: (p.talk + p.hold + p.wrap) / p.answered,
      })),
  };
}
