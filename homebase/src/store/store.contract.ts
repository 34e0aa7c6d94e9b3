import type { UsageReport } from '@batteries-included/batteries';
import type { Sql } from '@batteries-included/sql';
import { migrateHomeBase } from '../db/migrate.js';
import { createStore, type Store } from './store.js';

const report = (pods: number): UsageReport => ({
  version: '1',
  batteries: ['core'],
  nodes: 1,
  pods,
  podsByNode: {},
});
const hour = 3_600_000;

/**
 * The behaviour every Home Base store backend must show, run against a real PostgreSQL server and against
 * PGlite. `openSql` must give a fresh, empty database (or schema) on every call.
 */
export function describeStoreContract(name: string, openSql: () => Promise<Sql>): void {
  describe(`homebase store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await createStore(await openSql());
    }, 60_000);
    afterEach(() => store?.close(), 60_000);

    const newUser = async (email: string) => (await store.createUser({ email, passwordHash: 'scrypt$x' }))!;
    const newInstallation = async (teamId: string, slug: string, createdBy: string) =>
      (await store.createInstallation({
        teamId,
        slug,
        provider: 'kind',
        usage: 'development',
        defaultSize: 'small',
        batteries: ['core'],
        publicJwk: { kty: 'EC' },
        privateJwkSealed: 'sealed',
        createdBy,
      }))!;

    it('migrates once: a second run applies nothing', async () => {
      expect(await migrateHomeBase(store.sql)).toEqual([]);
      expect(await store.sql.query('SELECT version, name FROM migrations')).toEqual([
        { version: 1, name: 'accounts-teams-installations-reports' },
        { version: 2, name: 'invitation-expiry-outbox-retention' },
      ]);
    });

    it('keeps emails unique regardless of case', async () => {
      const user = await newUser('Ada@Example.com');
      expect(await store.createUser({ email: 'ada@example.COM', passwordHash: 'x' })).toBeUndefined();
      expect((await store.findUserByEmail('ADA@example.com'))?.id).toBe(user.id);
    });

    it('spends a one-time token once, only before it expires and only for its context', async () => {
      const user = await newUser('t@example.com');
      const now = new Date();
      const token = {
        userId: user.id,
        sentTo: user.email,
        createdAt: now,
        expiresAt: new Date(now.getTime() + hour),
      };
      await store.createUserToken({ ...token, tokenHash: 'a', context: 'confirm' });
      await store.createUserToken({ ...token, tokenHash: 'b', context: 'reset' });
      expect(await store.useUserToken('a', 'reset', now)).toBeUndefined();
      expect(await store.useUserToken('a', 'confirm', now)).toBe(user.id);
      expect(await store.useUserToken('a', 'confirm', now)).toBeUndefined();
      expect(await store.useUserToken('b', 'reset', new Date(now.getTime() + 2 * hour))).toBeUndefined();
    });

    it('revokes every session and pending reset link when the password changes', async () => {
      const user = await newUser('s@example.com');
      const now = new Date();
      const expiresAt = new Date(now.getTime() + hour);
      await store.createSession({ tokenHash: 's1', userId: user.id, createdAt: now, expiresAt });
      await store.createSession({ tokenHash: 's2', userId: user.id, createdAt: now, expiresAt });
      await store.createUserToken({
        tokenHash: 'r',
        userId: user.id,
        context: 'reset',
        sentTo: user.email,
        createdAt: now,
        expiresAt,
      });
      expect(await store.countSessions(user.id)).toBe(2);
      await store.changePassword(user.id, 'scrypt$new');
      expect(await store.countSessions(user.id)).toBe(0);
      expect(await store.useUserToken('r', 'reset', now)).toBeUndefined();
      expect((await store.getUser(user.id))?.passwordHash).toBe('scrypt$new');
    });

    it('expires sessions and forgets the active team of a removed member', async () => {
      const owner = await newUser('o@example.com');
      const member = await newUser('m@example.com');
      const teamId = await store.createTeam({ name: 'ops', ownerId: owner.id });
      await store.createInvitation({ teamId, email: 'M@example.com', isAdmin: false, invitedBy: owner.id });
      expect(
        await store.acceptInvitation({
          invitationId: (await store.listTeamInvitations(teamId))[0]!.id,
          userId: member.id,
          email: member.email,
        }),
      ).toBe(teamId);
      const now = new Date();
      await store.createSession({
        tokenHash: 'm',
        userId: member.id,
        teamId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + hour),
      });
      expect((await store.getSession('m', now))?.teamId).toBe(teamId);
      expect(await store.removeMember(teamId, member.id)).toBe(true);
      expect((await store.getSession('m', now))?.teamId).toBeUndefined();
      expect(await store.getSession('m', new Date(now.getTime() + 2 * hour))).toBeUndefined();
      // The last admin stays, as a member and as an admin.
      expect(await store.removeMember(teamId, owner.id)).toBe(false);
      expect(await store.setMemberRole(teamId, owner.id, false)).toBe(false);
      expect(await store.setMemberRole(teamId, owner.id, true)).toBe(true);
    });

    it('scopes installations to their team', async () => {
      const user = await newUser('i@example.com');
      const teamA = await store.createTeam({ name: 'a', ownerId: user.id });
      const teamB = await store.createTeam({ name: 'b', ownerId: user.id });
      const a = await newInstallation(teamA, 'same', user.id);
      const b = await newInstallation(teamB, 'same', user.id);
      expect(
        await store.createInstallation({ ...a, privateJwkSealed: 'x', createdBy: user.id }),
      ).toBeUndefined();
      expect((await store.listInstallations(teamA)).map((i) => i.id)).toEqual([a.id]);
      expect(await store.getTeamInstallation(teamA, b.id)).toBeUndefined();
      expect(await store.getTeamInstallation(teamA, 'not-a-uuid')).toBeUndefined();
      expect(await store.deleteInstallation(teamA, b.id)).toBe(false);
      expect((await store.getTeamInstallation(teamB, b.id))?.slug).toBe('same');
    });

    it('stores reports once per jti and retires the private key at the first one', async () => {
      const user = await newUser('r@example.com');
      const teamId = await store.createTeam({ name: 'r', ownerId: user.id });
      const installation = await newInstallation(teamId, 'r', user.id);
      expect(installation.privateJwkSealed).toBe('sealed');
      const t0 = new Date('2026-01-01T00:00:00Z');
      const at = (h: number) => new Date(t0.getTime() + h * hour);
      const record = (jti: string, h: number, pods: number) =>
        store.recordReport({
          installationId: installation.id,
          jti,
          issuedAt: at(h),
          receivedAt: at(h),
          report: report(pods),
        });
      expect(await record('j1', 0, 1)).toBe('stored');
      expect(await record('j1', 1, 99)).toBe('replayed');
      expect(await record('j2', 1, 2)).toBe('stored');
      expect(await record('j3', 2, 3)).toBe('stored');
      const after = (await store.getInstallation(installation.id))!;
      expect(after.privateJwkSealed).toBeUndefined();
      expect(after.firstReportAt).toEqual(t0);
      expect((await store.listReports(installation.id)).map((r) => r.report.pods)).toEqual([1, 2, 3]);
      expect((await store.listReports(installation.id, { since: at(1) })).map((r) => r.jti)).toEqual([
        'j2',
        'j3',
      ]);
      expect((await store.listReports(installation.id, { limit: 2 })).map((r) => r.jti)).toEqual([
        'j2',
        'j3',
      ]);
    });

    it('lists signing keys in the order they were added', async () => {
      const createdAt = new Date();
      for (const kid of ['z', 'a', 'm'])
        await store.addSigningKey({ kid, publicJwk: { kid }, privateJwkSealed: 's', createdAt });
      expect((await store.listSigningKeys()).map((k) => k.kid)).toEqual(['z', 'a', 'm']);
    });

    it('queues mail and records delivery', async () => {
      const first = await store.enqueueMail({ to: 'a@example.com', subject: 'one', body: 'x' });
      const second = await store.enqueueMail({ to: 'b@example.com', subject: 'two', body: 'y' });
      expect((await store.listOutbox()).map((m) => m.subject)).toEqual(['two', 'one']);
      await store.markMail(first, { sentAt: new Date() });
      await store.markMail(second, { error: 'smtp down' });
      expect(await store.listUnsentMail()).toEqual([]);
      expect((await store.listOutbox()).find((m) => m.id === second)?.error).toBe('smtp down');
    });

    it('rolls back a failed transaction', async () => {
      const user = await newUser('x@example.com');
      await expect(
        store.sql.transaction(async (tx) => {
          await tx.query('DELETE FROM users WHERE id = $1', [user.id]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.getUser(user.id)).toBeDefined();
    });
  });
}
