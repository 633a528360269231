// The `smpp` package (farhadi/node-smpp) ships no types: the small part cti137 uses, client and
// server side (tests run its server as the SMSC). Fields of a PDU are its SMPP parameters by name.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  export interface PduFields {
    command_status?: number;
    sequence_number?: number;
    [param: string]: unknown;
  }

  export class PDU {
    constructor(command: string, options?: PduFields);
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [param: string]: unknown;
    isResponse(): boolean;
    response(options?: PduFields): PDU;
    toBuffer(): Buffer;
  }

  export type ResponseCallback = (pdu: PDU) => void;

  export class Session extends EventEmitter {
    socket: Socket;
    send(pdu: PDU, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: PduFields, cb?: ResponseCallback): boolean;
    submit_sm(options: PduFields, cb?: ResponseCallback): boolean;
    deliver_sm(options: PduFields, cb?: ResponseCallback): boolean;
    enquire_link(options?: PduFields | ResponseCallback, cb?: ResponseCallback): boolean;
    unbind(options?: PduFields | ResponseCallback, cb?: ResponseCallback): boolean;
  }

  export class Server extends NetServer {
    sessions: Session[];
  }

  export function connect(options: { host: string; port: number; auto_enquire_link_period?: number }): Session;
  export function createServer(listener: (session: Session) => void): Server;
}
