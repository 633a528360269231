// The timed jobs cti schedules (typed through the jobs layer's JobPayloads).

/** End an operator's wrap-up, unless a newer wrap-up (another token) replaced it. */
export interface WrapUpEnd {
  operatorId: string;
  token: string;
}

declare module '../jobs/index.ts' {
  interface JobPayloads {
    'wrapup-end': WrapUpEnd;
  }
}
