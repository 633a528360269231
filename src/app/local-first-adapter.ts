import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { Namespace } from 'socket.io';

// socket.io's cluster adapter publishes a broadcast to Redis and only then emits it to this node's
// own sockets, so with Redis down a screen-pop to a desk on this very node waited for Redis to come
// back (12 s late in a 10 s outage). Here this node's sockets get the packet at once and the copy
// for the other nodes goes to Redis behind it; they skip nothing, since a node never re-emits its
// own messages. socket.io-adapter's BROADCAST message type and option encoding, copied because the
// package does not export the encoder.
const BROADCAST = 3;

interface BroadcastOpts {
  rooms: Set<string>;
  except?: Set<string>;
  flags?: { local?: boolean } & Record<string, unknown>;
}

interface ClusterInternals {
  broadcast(packet: unknown, opts: BroadcastOpts): Promise<void> | void;
  publish(message: { type: number; data: unknown }): void;
}

type AdapterFactory = (nsp: Namespace) => ClusterInternals;

/**
 * `streamName`: the Redis stream the nodes of one deployment share (its jobs prefix): two
 * deployments, or two test apps, on one Redis never see each other's rooms (operator:1, user:5).
 */
export function localFirstAdapter(redis: Redis, streamName = 'cti137:socket.io'): AdapterFactory {
  const factory = createAdapter(redis, { streamName }) as unknown as AdapterFactory;
  // socket.io calls the adapter with `new`: a function (not an arrow) that returns the instance.
  return function localFirst(nsp: Namespace) {
    const adapter = factory(nsp);
    // The in-memory Adapter's broadcast, the cluster adapter's base: this node's sockets only.
    const emitHere = inMemoryBroadcast(adapter);
    if (!emitHere) return adapter;
    adapter.broadcast = (packet, opts) => {
      emitHere.call(adapter, packet, opts);
      if (opts.flags?.local) return;
      // publish() logs its own failures; with Redis down ioredis holds it until Redis is back.
      adapter.publish({
        type: BROADCAST,
        data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags } },
      });
    };
    return adapter;
  };
}

function inMemoryBroadcast(adapter: object): ClusterInternals['broadcast'] | null {
  for (let p = Object.getPrototypeOf(adapter) as object | null; p; p = Object.getPrototypeOf(p) as object | null) {
    const own = Object.getOwnPropertyDescriptor(p, 'broadcast');
    if ((p as { constructor?: { name?: string } }).constructor?.name === 'Adapter' && typeof own?.value === 'function')
      return own.value as ClusterInternals['broadcast'];
  }
  return null;
}
