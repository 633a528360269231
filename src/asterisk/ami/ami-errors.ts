// Errors an AMI action can end with. Each carries the action name so a log line says what failed
// without the caller having to wrap it.

import type { AmiMessage } from './ami-codec.ts';

/** Asterisk answered `Response: Error`; `message` is Asterisk's own `Message:` text. */
export class AmiActionError extends Error {
  readonly code = 'AMI_ACTION_FAILED';
  constructor(
    readonly action: string,
    readonly response: AmiMessage,
  ) {
    super(response.get('Message') ?? `AMI action ${action} failed (Response: ${response.response ?? '?'})`);
    this.name = 'AmiActionError';
  }
}

export class AmiTimeoutError extends Error {
  readonly code = 'AMI_TIMEOUT';
  constructor(
    readonly action: string,
    readonly actionId: string,
    readonly timeoutMs: number,
  ) {
    super(`AMI action ${action} (ActionID ${actionId}) got no answer within ${timeoutMs} ms`);
    this.name = 'AmiTimeoutError';
  }
}

/** Not logged in to Asterisk (or the connection dropped while the action was pending). Never queued. */
export class AmiNotConnectedError extends Error {
  readonly code = 'AMI_NOT_CONNECTED';
  constructor(
    readonly action: string,
    readonly serverId: string,
    detail = 'not connected',
  ) {
    super(
      `AMI action ${action} failed: Asterisk "${serverId}" is ${detail}; try again once the PBX connection is back`,
    );
    this.name = 'AmiNotConnectedError';
  }
}
