// The timed jobs the office schedules (typed through the jobs layer's JobPayloads).

/** Reach one escalation level of a referral, if it is still due then. */
export interface EscalationStep {
  referralId: string;
  requestId: string;
  /** 1 reminder, 2 overdue, 3.. the next units up the tree. */
  level: number;
  /** The deadline the step was planned for: a moved deadline makes it void. */
  deadlineAt: string;
}

/** Send one notification by e-mail (retried by the queue when the SMTP server fails). */
export interface MailStep {
  notificationId: string;
}

declare module '../jobs/index.ts' {
  interface JobPayloads {
    'office-escalation': EscalationStep;
    'office-mail': MailStep;
  }
}
