import { hostname } from 'node:os';
import type { Cluster } from '../cluster/index.ts';

/** Something with a link that this node opens only while it owns the PBX (AMI, ARI). */
interface Link {
  start(): void;
  stop(): Promise<void>;
}

/** This node's default name: the host and the process, unique among the nodes of one deployment. */
export function nodeName(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * The links follow the lease: opened when this node takes it (each then resyncs as after a
 * reconnect: the calls, queue members and Stasis channels are Asterisk's truth), closed at once
 * when another node has it, so two nodes never act on one PBX.
 */
export function followLease(
  cluster: Cluster,
  links: Link[],
  url: string,
  servers: string[],
  metrics: { leaseChanged(serverId: string): void },
): void {
  cluster.setUrl(url);
  // Every change of hands this node takes part in, per PBX (/metrics: cti137_lease_changes_total);
  // a node alone owns from its start, which changes no hands.
  const counted = () => !cluster.single && servers.forEach((s) => metrics.leaseChanged(s));
  cluster.on('acquired', () => {
    for (const l of links) l.start();
    counted();
  });
  cluster.on('lost', () => {
    for (const l of links) void l.stop();
    counted();
  });
}
