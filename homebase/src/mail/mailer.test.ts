import type { AddressInfo } from 'node:net';
import { freshPgliteStore } from '../testing/harness.js';
import { startSmtpServer } from '../testing/smtp-server.js';
import type { Store } from '../store/store.js';
import { createMailer } from './mailer.js';

describe('mailer', () => {
  let store: Store;
  beforeAll(async () => {
    store = await freshPgliteStore();
  }, 60_000);
  afterAll(() => store.close());

  it('keeps mail in the outbox when no SMTP server is configured', async () => {
    const mailer = createMailer(store);
    await mailer.send({ to: 'a@example.com', subject: 'kept', body: 'hello' });
    await mailer.flush();
    expect((await store.listOutbox()).find((m) => m.subject === 'kept')).toMatchObject({
      to: 'a@example.com',
      sentAt: undefined,
    });
  });

  it('delivers queued mail over SMTP with nodemailer and marks it sent', async () => {
    const received: string[] = [];
    const server = await startSmtpServer(received);
    try {
      const { port } = server.address() as AddressInfo;
      const mailer = createMailer(store, { smtpUrl: `smtp://127.0.0.1:${port}` });
      await mailer.send({ to: 'b@example.com', subject: 'delivered', body: 'the body' });
      await mailer.flush();
      expect(received.some((m) => m.includes('Subject: delivered') && m.includes('the body'))).toBe(true);
      const stored = (await store.listOutbox()).find((m) => m.subject === 'delivered');
      expect(stored?.sentAt).toBeInstanceOf(Date);
      expect(await store.listUnsentMail()).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('records the error when the SMTP server cannot be reached', async () => {
    const mailer = createMailer(store, { smtpUrl: 'smtp://127.0.0.1:1' });
    await mailer.send({ to: 'c@example.com', subject: 'undeliverable', body: 'x' });
    await mailer.flush();
    expect((await store.listOutbox()).find((m) => m.subject === 'undeliverable')?.error).toMatch(
      /ECONNREFUSED/,
    );
  });
});
