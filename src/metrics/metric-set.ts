import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every metric of one cti137 node, on a registry of its own (not prom-client's global one), so two
 * apps in one process (tests, the cluster bench) never share a series. Counters count what this
 * node saw since it started: Prometheus sums nodes and handles restarts (rate(), increase()).
 */
export function createMetricSet() {
  const registry = new Registry();
  // Process metrics and the event-loop lag (nodejs_eventloop_lag_seconds and its percentiles).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const on = [registry];
  const labels = ['server', 'queue'] as const;
  return {
    registry,
    offered: new Counter({
      name: 'cti137_calls_offered_total',
      help: 'Calls that joined a queue, per Asterisk server and queue (a call queued again after a transfer counts again)',
      labelNames: labels,
      registers: on,
    }),
    answered: new Counter({
      name: 'cti137_calls_answered_total',
      help: 'Calls an operator answered, per server and the queue they waited in ("none": reached by a direct transfer)',
      labelNames: labels,
      registers: on,
    }),
    abandoned: new Counter({
      name: 'cti137_calls_abandoned_total',
      help: 'Callers who hung up while waiting in a queue, per server and queue',
      labelNames: labels,
      registers: on,
    }),
    popLatency: new Histogram({
      name: 'cti137_screen_pop_latency_seconds',
      help: "From the ring (AgentCalled's PBX time) to the screen-pop leaving for the operator's desk",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: on,
    }),
    surveyAnswers: new Counter({
      name: 'cti137_survey_answers_total',
      help: 'Keypad survey answers stored (committed to the database)',
      registers: on,
    }),
    reconnects: new Counter({
      name: 'cti137_pbx_reconnects_total',
      help: 'AMI or ARI links to an Asterisk server connected again after a drop (the first connect does not count)',
      labelNames: ['server', 'link'] as const,
      registers: on,
    }),
    leaseChanges: new Counter({
      name: 'cti137_lease_changes_total',
      help: 'Times this node took or lost the ownership lease of an Asterisk server',
      labelNames: ['server'] as const,
      registers: on,
    }),
  };
}

export type MetricSet = ReturnType<typeof createMetricSet>;

/** A gauge whose value is read at scrape time from the live state (nothing to keep in step). */
export function liveGauge<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
  read: () => Promise<Array<[Partial<Record<L, string>>, number]>> | Array<[Partial<Record<L, string>>, number]>,
): void {
  new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      // A source that cannot answer now (the database away) leaves its series out, never fails the scrape.
      const values = await Promise.resolve()
        .then(read)
        .catch(() => []);
      for (const [l, v] of values) this.set(l, v);
    },
  });
}
