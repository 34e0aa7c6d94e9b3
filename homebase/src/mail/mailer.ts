import { createTransport, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';

/**
 * Mail goes to the `outbox` table first (so nothing is lost while SMTP is down, and development can read it on
 * `/dev/outbox`); when `SMTP_URL` is configured, a sender delivers unsent rows through nodemailer.
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
  }: { smtpUrl?: string; from?: string; logger?: Logger } = {},
): Mailer {
  const transport: Transporter | undefined = smtpUrl ? createTransport(smtpUrl) : undefined;
  let flushing: Promise<void> | undefined;
  const flush = async () => {
    if (!transport) return;
    for (const mail of await store.listUnsentMail()) {
      try {
        await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.body });
        await store.markMail(mail.id, { sentAt: new Date() });
      } catch (error) {
        logger?.warn({ err: String(error), mail: mail.id }, 'mail not sent');
        await store.markMail(mail.id, { error: String(error) });
      }
    }
  };
  return {
    async send(mail) {
      const id = await store.enqueueMail(mail);
      logger?.info({ mail: id, subject: mail.subject }, 'mail queued');
      if (transport) flushing = (flushing ?? Promise.resolve()).then(flush).catch(() => undefined);
    },
    flush: async () => {
      await flushing;
      await flush();
    },
  };
}
