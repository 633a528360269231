// The timed jobs cti schedules (typed through the jobs layer's JobPayloads).
declare module '../jobs/index.ts' {
  interface JobPayloads {
    /** End an operator's wrap-up, unless a newer wrap-up (another token) replaced it. */
    'wrapup-end': { operatorId: string; token: string };
  }
}
export {};
