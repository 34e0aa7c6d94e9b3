import { createTransport, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';

/** Queued mail is deleted after this long: the longest-lived link in a mail (confirmation) lasts 24 hours. */
export const OUTBOX_RETENTION_MS = 24 * 3_600_000;

/**
 * Mail goes to the `outbox` table first (so nothing is lost while SMTP is down, and development can read it on
 * `/dev/outbox`); when `SMTP_URL` is configured, a sender delivers unsent rows through nodemailer. A delivered
 * row keeps no body (its links are credentials), and rows older than `OUTBOX_RETENTION_MS` are deleted whenever
 * mail is queued.
 */
export interface Mailer {
  send(mail: { to: string; subject: string; body: string }): Promise<void>;
  /** Delivers what is waiting (no-op without SMTP). */
  flush(): Promise<void>;
}

export function createMailer(
  store: Store,
  {
    smtpUrl,
    from = 'Batteries Included <no-reply@batteriesincl.com>',
    logger,
    now = () => new Date(),
  }: { smtpUrl?: string; from?: string; logger?: Logger; now?: () => Date } = {},
): Mailer {
  const transport: Transporter | undefined = smtpUrl ? createTransport(smtpUrl) : undefined;
  let flushing: Promise<void> | undefined;
  const flush = async () => {
    if (!transport) return;
    for (const mail of await store.listUnsentMail()) {
      try {
        await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.body });
        await store.markMail(mail.id, { sentAt: now() });
      } catch (error) {
        logger?.warn({ err: String(error), mail: mail.id }, 'mail not sent');
        await store.markMail(mail.id, { error: String(error) });
      }
    }
  };
  return {
    async send(mail) {
      const at = now();
      await store.expireOutbox(new Date(at.getTime() - OUTBOX_RETENTION_MS));
      const id = await store.enqueueMail({ ...mail, createdAt: at });
      logger?.info({ mail: id, subject: mail.subject }, 'mail queued');
      if (transport) flushing = (flushing ?? Promise.resolve()).then(flush).catch(() => undefined);
    },
    flush: async () => {
      await flushing;
      await flush();
    },
  };
}
