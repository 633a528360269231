import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../shared/index.ts';
import type { MailTarget } from './notification-repository.ts';
import { mailText } from './mail-text.ts';

/** SMTP_URL (smtp://user:pass@host:587, smtps://…:465) and the From address (MAIL_FROM). */
export interface MailConfig {
  smtpUrl: string;
  from: string;
}

/** Sends a notification's e-mail; throws when the SMTP server refuses, so the job retries. */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    private readonly cfg: MailConfig,
    private readonly timeZone: string,
    private readonly logger: Logger,
  ) {
    // Options ride on the URL (smtp://…?pool=true for a pooled connection), as nodemailer reads them.
    this.transport = nodemailer.createTransport(cfg.smtpUrl);
  }

  async send(t: MailTarget & { email: string }): Promise<void> {
    const { subject, text } = mailText(t.kind, t.details, t.displayName, this.timeZone);
    const info = await this.transport.sendMail({ from: this.cfg.from, to: t.email, subject, text });
    this.logger.info({ notification: t.id, messageId: info.messageId }, 'notification e-mailed');
  }

  close(): void {
    this.transport.close();
  }
}
