import type { Server as IoServer } from 'socket.io';
import type { CtiBus, QueueState } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { Jobs } from '../jobs/index.ts';
import type { OutboundHandle } from '../outbound/index.ts';
import type { TriageHandle } from '../triage/index.ts';
import { liveGauge, type MetricSet } from './metric-set.ts';

/** An AMI or ARI client as metrics sees it (structural: metrics does not import the protocol clients). */
export interface PbxLink {
  readonly connected: boolean;
  on(event: 'connected', listener: () => void): unknown;
}

const queueOf = (q: string | null) => q ?? 'none';

/** Counters fed by the CTI bus: offered, answered and abandoned per queue. */
export function countCalls(m: MetricSet, bus: CtiBus): void {
  bus.on('call:queued', (c) => m.offered.inc({ server: c.serverId, queue: queueOf(c.queue) }));
  bus.on('call:answered', (c) => m.answered.inc({ server: c.serverId, queue: queueOf(c.queue) }));
  bus.on('call:ended', (c) => {
    if (c.endReason === 'abandoned') m.abandoned.inc({ server: c.serverId, queue: queueOf(c.queue) });
  });
}

/** Reconnects of each link (the first connect is the start, not a reconnect); every series starts at 0. */
export function countReconnects(m: MetricSet, links: Record<'ami' | 'ari', ReadonlyMap<string, PbxLink>>): void {
  for (const link of ['ami', 'ari'] as const)
    for (const [server, client] of links[link]) {
      const series = m.reconnects.labels({ server, link });
      series.inc(0);
      m.leaseChanges.labels({ server }).inc(0);
      let seen = client.connected;
      client.on('connected', () => {
        if (seen) series.inc();
        seen = true;
      });
    }
  liveGauge(
    m.registry,
    'cti137_pbx_link_up',
    'Whether the AMI or ARI link to an Asterisk server is up (1) or not (0)',
    ['server', 'link'],
    () =>
      (['ami', 'ari'] as const).flatMap((link) =>
        [...links[link]].map(([server, c]): [{ server: string; link: string }, number] => [
          { server, link },
          c.connected ? 1 : 0,
        ]),
      ),
  );
}

export interface LiveSources {
  queueState: Pick<QueueState, 'snapshot'>;
  db: Db;
  jobs: Pick<Jobs, 'depths'>;
  io: IoServer;
  triage?: Pick<TriageHandle, 'backlog'>;
  outbound?: Pick<OutboundHandle, 'inFlight'>;
}

/** Gauges read at scrape time from the live state of this node. */
export function liveGauges(m: MetricSet, s: LiveSources): void {
  const r = m.registry;
  liveGauge(r, 'cti137_queue_waiting_callers', 'Callers waiting in each queue now', ['server', 'queue'], () =>
    s.queueState
      .snapshot()
      .map((q): [{ server: string; queue: string }, number] => [
        { server: q.serverId, queue: q.name },
        q.waiting.length,
      ]),
  );
  liveGauge(
    r,
    'cti137_db_pool_connections',
    'PostgreSQL pool of this node: total, idle, and queries waiting for a connection',
    ['state'],
    () => [
      [{ state: 'total' }, s.db.totalCount],
      [{ state: 'idle' }, s.db.idleCount],
      [{ state: 'waiting' }, s.db.waitingCount],
    ],
  );
  liveGauge(
    r,
    'cti137_job_queue_jobs',
    'BullMQ jobs per queue and state (shared by every node)',
    ['queue', 'state'],
    async () =>
      (await s.jobs.depths()).map((d): [{ queue: string; state: string }, number] => [
        { queue: d.queue, state: d.state },
        d.count,
      ]),
  );
  liveGauge(r, 'cti137_sockets', 'socket.io connections on this node, per namespace', ['namespace'], () =>
    [...s.io._nsps].map(([ns, nsp]): [{ namespace: string }, number] => [{ namespace: ns }, nsp.sockets.size]),
  );
  const outbound = s.outbound;
  if (outbound)
    liveGauge(r, 'cti137_outbound_calls_dialling', 'Calls to citizens being dialled now (every node)', [], async () => [
      [{}, await outbound.inFlight()],
    ]);
  const triage = s.triage;
  if (triage)
    liveGauge(r, 'cti137_triage_waiting', 'Web, SMS and Open311 submissions waiting for an operator', [], async () => [
      [{}, (await triage.backlog()).waiting],
    ]);
}
