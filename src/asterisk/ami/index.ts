// Public surface of the AMI layer: the client, its errors and the codec types it hands out.

export { AmiClient } from './ami-client.ts';
export type { AmiClientOptions, AmiClientEvents, AmiActionOptions } from './ami-client-options.ts';
export { DEFAULT_DROPPED_EVENTS } from './ami-client-options.ts';
export { AmiActionError, AmiTimeoutError, AmiNotConnectedError } from './ami-errors.ts';
export type { AmiListResult } from './ami-pending.ts';
export type { AmiProblem } from './ami-frames.ts';
export { isListAction } from './ami-message-kind.ts';
export {
  AmiMessage,
  AmiParser,
  AmiHeaderInjectionError,
  encodeAmi,
  encodeAmiFields,
  type AmiFieldInput,
  type AmiParseProblem,
} from './ami-codec.ts';
