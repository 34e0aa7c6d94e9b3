import { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { field, pageContext, requireSession, type HomeBaseContext, type HomeBaseEnv } from '../context.js';
import { csrfField, notice, page } from '../layout.js';
import { HttpProblem, notFound } from '../problem.js';
import { isUuid } from '../../ids.js';
import { setSessionTeamFor } from './session-team.js';

const teamName = z
  .string()
  .min(1, { error: 'Give the team a name.' })
  .max(80, { error: 'Use at most 80 characters.' });
const inviteEmail = z.email({ error: 'Enter a valid email address.' }).max(254);

/** The caller's membership of `teamId`, or a 404 that does not say whether the team exists. */
async function membershipOf(c: HomeBaseContext, teamId: string, { admin }: { admin: boolean }) {
  const session = requireSession(c);
  if (!isUuid(teamId)) throw notFound('team');
  const membership = await c.get('deps').store.getMembership(teamId, session.userId);
  if (!membership) throw notFound('team');
  if (admin && !membership.isAdmin)
    throw new HttpProblem(403, 'Admins only', 'Only team admins can do this.');
  return { session, membership };
}

/** Teams: list and create, switch the active team, members and invitations. */
export function teamRoutes(): Hono<HomeBaseEnv> {
  const app = new Hono<HomeBaseEnv>();

  app.get('/teams', async (c) => {
    const session = requireSession(c);
    const { store, now } = c.get('deps');
    const [teams, invitations] = await Promise.all([
      store.listTeamsOf(session.userId),
      store.listInvitationsFor(session.userId, session.email, now()),
    ]);
    const ctx = pageContext(c);
    return c.html(
      page(
        ctx,
        'Teams',
        html`<table id="teams">
            <tr>
              <th>Team</th>
              <th>Role</th>
              <th></th>
            </tr>
            ${teams.map(
              (t) =>
                html`<tr>
                  <td><a href="/teams/${t.teamId}">${t.name}</a></td>
                  <td>${t.isAdmin ? 'admin' : 'member'}</td>
                  <td>
                    ${
                      t.teamId === session.teamId
                        ? 'active'
                        : html`<form method="post" action="/teams/${t.teamId}/switch" class="inline">
                            ${csrfField(ctx)}<button>Switch to</button>
                          </form>`
                    }
                  </td>
                </tr>`,
            )}
          </table>
          ${
            invitations.length
              ? html`<h2>Invitations for you</h2>
                  <table id="invitations">
                    ${invitations.map(
                      (i) =>
                        html`<tr>
                          <td>${i.teamName}</td>
                          <td>${i.isAdmin ? 'admin' : 'member'}</td>
                          <td>
                            <form method="post" action="/invitations/${i.id}/accept" class="inline">
                              ${csrfField(ctx)}<button>Join</button>
                            </form>
                          </td>
                        </tr>`,
                    )}
                  </table>`
              : ''
          }
          <h2>New team</h2>
          <form method="post" action="/teams">
            ${csrfField(ctx)} <label for="name">Name</label
            ><input id="name" name="name" type="text" required maxlength="80" />
            <p><button type="submit">Create team</button></p>
          </form>`,
      ),
    );
  });

  app.post('/teams', async (c) => {
    const session = requireSession(c);
    const deps = c.get('deps');
    deps.limiter.hit(`teams:user:${session.userId}`, deps.limits.teamsPerUser, 'team creation');
    const name = teamName.safeParse(field(await c.req.parseBody(), 'name'));
    if (!name.success)
      throw new HttpProblem(422, 'Invalid team', name.error.issues[0]?.message ?? 'invalid name');
    const teamId = await deps.store.createTeam({ name: name.data, ownerId: session.userId });
    await setSessionTeamFor(c, teamId);
    return c.redirect(`/teams/${teamId}`, 303);
  });

  app.post('/teams/:id/switch', async (c) => {
    const { membership } = await membershipOf(c, c.req.param('id'), { admin: false });
    await setSessionTeamFor(c, membership.teamId);
    return c.redirect('/installations', 303);
  });

  app.get('/teams/:id', async (c) => {
    const { membership } = await membershipOf(c, c.req.param('id'), { admin: false });
    const { store, now } = c.get('deps');
    const [members, invitations] = await Promise.all([
      store.listMembers(membership.teamId),
      membership.isAdmin ? store.listTeamInvitations(membership.teamId, now()) : Promise.resolve([]),
    ]);
    const ctx = pageContext(c);
    const base = `/teams/${membership.teamId}`;
    return c.html(
      page(
        ctx,
        membership.name,
        html`${notice(c.req.query('invited') ? 'Invitation sent.' : undefined)}
          <h2>Members</h2>
          <table id="members">
            ${members.map(
              (m) =>
                html`<tr>
                  <td>${m.email}</td>
                  <td>${m.isAdmin ? 'admin' : 'member'}</td>
                  <td>
                    ${
                      membership.isAdmin
                        ? html`<form method="post" action="${base}/members/${m.userId}/role" class="inline">
                              ${csrfField(ctx)}
                              <input type="hidden" name="isAdmin" value="${m.isAdmin ? 'false' : 'true'}" />
                              <button>${m.isAdmin ? 'Make member' : 'Make admin'}</button>
                            </form>
                            <form method="post" action="${base}/members/${m.userId}/remove" class="inline">
                              ${csrfField(ctx)}<button>Remove</button>
                            </form>`
                        : ''
                    }
                  </td>
                </tr>`,
            )}
          </table>
          ${
            membership.isAdmin
              ? html`<h2>Invitations</h2>
                  <table>
                    ${invitations.map(
                      (i) =>
                        html`<tr>
                          <td>${i.email}</td>
                          <td>${i.isAdmin ? 'admin' : 'member'}</td>
                          <td>
                            <form method="post" action="${base}/invitations/${i.id}/delete" class="inline">
                              ${csrfField(ctx)}<button>Withdraw</button>
                            </form>
                          </td>
                        </tr>`,
                    )}
                  </table>
                  <form method="post" action="${base}/invitations">
                    ${csrfField(ctx)} <label for="email">Invite by email</label
                    ><input id="email" name="email" type="email" required />
                    <label><input type="checkbox" name="isAdmin" value="true" /> as admin</label>
                    <p><button type="submit">Invite</button></p>
                  </form>`
              : ''
          }`,
      ),
    );
  });

  app.post('/teams/:id/invitations', async (c) => {
    const { session, membership } = await membershipOf(c, c.req.param('id'), { admin: true });
    const deps = c.get('deps');
    deps.limiter.hit(`invitations:user:${session.userId}`, deps.limits.invitationsPerUser, 'invitation');
    const body = await c.req.parseBody();
    const address = inviteEmail.safeParse(field(body, 'email'));
    if (!address.success)
      throw new HttpProblem(422, 'Invalid invitation', address.error.issues[0]?.message ?? 'invalid email');
    const created = await deps.store.createInvitation({
      teamId: membership.teamId,
      email: address.data,
      isAdmin: field(body, 'isAdmin') === 'true',
      invitedBy: session.userId,
      now: deps.now(),
    });
    if (created) {
      await deps.mailer.send({
        to: address.data,
        subject: `You are invited to ${membership.name} on Batteries Included`,
        body: `${session.email} invited you to the team "${membership.name}". Sign up or log in at ${deps.baseUrl}/teams to join within 7 days.`,
      });
    }
    return c.redirect(`/teams/${membership.teamId}?invited=1`, 303);
  });

  app.post('/teams/:id/invitations/:invitation/delete', async (c) => {
    const { membership } = await membershipOf(c, c.req.param('id'), { admin: true });
    const invitation = c.req.param('invitation');
    if (!isUuid(invitation) || !(await c.get('deps').store.deleteInvitation(membership.teamId, invitation))) {
      throw notFound('invitation');
    }
    return c.redirect(`/teams/${membership.teamId}`, 303);
  });

  app.post('/teams/:id/members/:user/remove', async (c) => {
    const { membership } = await membershipOf(c, c.req.param('id'), { admin: true });
    const user = c.req.param('user');
    if (!isUuid(user) || !(await c.get('deps').store.removeMember(membership.teamId, user))) {
      throw new HttpProblem(409, 'Not removed', 'No such member, or it is the last admin of the team.');
    }
    return c.redirect(`/teams/${membership.teamId}`, 303);
  });

  app.post('/teams/:id/members/:user/role', async (c) => {
    const { membership } = await membershipOf(c, c.req.param('id'), { admin: true });
    const user = c.req.param('user');
    const isAdmin = field(await c.req.parseBody(), 'isAdmin') === 'true';
    if (!isUuid(user) || !(await c.get('deps').store.setMemberRole(membership.teamId, user, isAdmin))) {
      throw new HttpProblem(409, 'Role not changed', 'No such member, or it is the last admin of the team.');
    }
    return c.redirect(`/teams/${membership.teamId}`, 303);
  });

  app.post('/invitations/:id/accept', async (c) => {
    const session = requireSession(c);
    const id = c.req.param('id');
    const deps = c.get('deps');
    const teamId = isUuid(id)
      ? await deps.store.acceptInvitation({
          invitationId: id,
          userId: session.userId,
          email: session.email,
          now: deps.now(),
        })
      : undefined;
    if (!teamId) throw notFound('invitation');
    await setSessionTeamFor(c, teamId);
    return c.redirect('/installations', 303);
  });

  return app;
}
