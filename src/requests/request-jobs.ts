// The timed jobs the requests domain schedules (typed through the jobs layer's JobPayloads).
declare module '../jobs/index.ts' {
  interface JobPayloads {
    /** Check a request at its deadline: still open then means overdue. */
    'request-deadline': { requestId: string };
  }
}
export {};
