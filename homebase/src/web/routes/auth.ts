import { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { DECOY_HASH, hashPassword, verifyPassword } from '../../crypto/password.js';
import { newToken, tokenHash } from '../../crypto/tokens.js';
import { LINK_TOKEN_PATTERN } from '../../ids.js';
import type { TokenContext } from '../../store/types.js';
import { field, pageContext, requireSession, type HomeBaseContext, type HomeBaseEnv } from '../context.js';
import { csrfField, notice, page } from '../layout.js';
import { HttpProblem } from '../problem.js';
import { endSession, startSession } from '../session.js';

const email = z.email({ error: 'Enter a valid email address.' }).max(254);
const password = z
  .string()
  .min(12, { error: 'Use a password of at least 12 characters.' })
  .max(200, { error: 'Use a password of at most 200 characters.' });

/** Fixed notices for redirects (never text from the query string). */
export const NOTICES: Record<string, string> = {
  'check-email': 'Check your email: if the address can be used, a message with a link is on its way.',
  confirmed: 'Your email is confirmed. Log in to start.',
  'password-reset':
    'Your password was changed and every session was signed out. Log in with the new password.',
  'password-changed': 'Your password was changed; every other session was signed out.',
  'logged-out': 'You are logged out.',
};

/**
 * The route pattern of a link token (`newToken()`: 43 base64url characters). Anything else is a 404, so a decoded
 * `..%2F` can never be echoed into a form's action and send its button, with a valid CSRF token, elsewhere.
 */
const LINK_TOKEN = LINK_TOKEN_PATTERN.source.slice(1, -1);

/** A link's path, the token encoded (it is well-formed already; encoding is the second line of defence). */
const linkPath = (context: TokenContext, token: string) => `/${context}/${encodeURIComponent(token)}`;

const CONFIRM_TTL_MS = 24 * 3_600_000;
const RESET_TTL_MS = 3_600_000;

async function sendTokenMail(
  c: HomeBaseContext,
  userId: string,
  to: string,
  context: TokenContext,
): Promise<void> {
  const deps = c.get('deps');
  const token = newToken();
  const now = deps.now();
  await deps.store.createUserToken({
    tokenHash: tokenHash(token),
    userId,
    context,
    sentTo: to,
    createdAt: now,
    expiresAt: new Date(now.getTime() + (context === 'confirm' ? CONFIRM_TTL_MS : RESET_TTL_MS)),
  });
  const link = `${deps.baseUrl}/${context}/${token}`;
  await deps.mailer.send(
    context === 'confirm'
      ? {
          to,
          subject: 'Confirm your Batteries Included account',
          body: `Confirm your email address to start using Home Base:\n\n${link}\n\nThe link works once, for 24 hours.`,
        }
      : {
          to,
          subject: 'Reset your Batteries Included password',
          body: `Choose a new password here:\n\n${link}\n\nThe link works once, for one hour. If you did not ask for it, ignore this message.`,
        },
  );
}

function signupForm(c: HomeBaseContext, error?: string, values: { email?: string } = {}) {
  return page(
    pageContext(c),
    'Sign up',
    html`${notice(error, 'error')}
      <form method="post" action="/signup">
        ${csrfField(pageContext(c))}
        <label for="email">Email</label
        ><input
          id="email"
          name="email"
          type="email"
          required
          value="${values.email ?? ''}"
          autocomplete="email"
        />
        <label for="password">Password (at least 12 characters)</label
        ><input id="password" name="password" type="password" required autocomplete="new-password" />
        <label for="confirmation">Password again</label
        ><input id="confirmation" name="confirmation" type="password" required autocomplete="new-password" />
        <p><button type="submit">Create account</button></p>
      </form>`,
  );
}

function loginForm(c: HomeBaseContext, message?: { text: string; kind: 'info' | 'error' }) {
  return page(
    pageContext(c),
    'Log in',
    html`${notice(message?.text, message?.kind)}
      <form method="post" action="/login">
        ${csrfField(pageContext(c))}
        <label for="email">Email</label
        ><input id="email" name="email" type="email" required autocomplete="email" />
        <label for="password">Password</label
        ><input id="password" name="password" type="password" required autocomplete="current-password" />
        <p><button type="submit">Log in</button> <a href="/reset">Forgot your password?</a></p>
      </form>`,
  );
}

function passwordForm(
  c: HomeBaseContext,
  action: string,
  title: string,
  withCurrent: boolean,
  error?: string,
  info?: string,
) {
  return page(
    pageContext(c),
    title,
    html`${notice(info)}${notice(error, 'error')}
      <form method="post" action="${action}">
        ${csrfField(pageContext(c))}
        ${
          withCurrent
            ? html`<label for="current">Current password</label
                ><input
                  id="current"
                  name="current"
                  type="password"
                  required
                  autocomplete="current-password"
                />`
            : ''
        }
        <label for="password">New password (at least 12 characters)</label
        ><input id="password" name="password" type="password" required autocomplete="new-password" />
        <label for="confirmation">New password again</label
        ><input id="confirmation" name="confirmation" type="password" required autocomplete="new-password" />
        <p><button type="submit">Change password</button></p>
      </form>`,
  );
}

function validateNewPassword(body: Record<string, unknown>): string {
  const parsed = password.safeParse(field(body, 'password'));
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
  if (field(body, 'password') !== field(body, 'confirmation')) throw new Error('The two passwords differ.');
  return parsed.data;
}

/** Sign-up, confirmation, login/logout, password reset and change. */
export function authRoutes(): Hono<HomeBaseEnv> {
  const app = new Hono<HomeBaseEnv>();

  app.get('/signup', (c) => c.html(signupForm(c)));
  app.post('/signup', async (c) => {
    const deps = c.get('deps');
    deps.limiter.hit(`signup:ip:${c.get('ip')}`, deps.limits.signUpPerIp, 'sign-up');
    const body = await c.req.parseBody();
    const address = email.safeParse(field(body, 'email'));
    if (!address.success) return c.html(signupForm(c, address.error.issues[0]?.message), 422);
    let chosen: string;
    try {
      chosen = validateNewPassword(body);
    } catch (error) {
      return c.html(signupForm(c, (error as Error).message, { email: address.data }), 422);
    }
    const user = await deps.store.createUser({
      email: address.data,
      passwordHash: await hashPassword(chosen),
    });
    if (user) {
      await deps.store.createTeam({
        name: `${address.data.split('@')[0]!.slice(0, 60)}'s team`,
        ownerId: user.id,
      });
      await sendTokenMail(c, user.id, user.email, 'confirm');
      deps.metrics.inc('homebase_signups_total', 'Accounts created.');
    } else {
      // Same answer as for a new address; the owner learns of the attempt by mail, nobody else does.
      await deps.mailer.send({
        to: address.data,
        subject: 'Someone tried to sign up with your email',
        body: `An account with this email already exists. Log in at ${deps.baseUrl}/login, or reset your password at ${deps.baseUrl}/reset.`,
      });
    }
    return c.redirect('/login?n=check-email', 303);
  });

  app.get(`/confirm/:token{${LINK_TOKEN}}`, (c) =>
    c.html(
      page(
        pageContext(c),
        'Confirm your email',
        html`<form method="post" action="${linkPath('confirm', c.req.param('token'))}">
          ${csrfField(pageContext(c))}<button type="submit">Confirm my email</button>
        </form>`,
      ),
    ),
  );
  app.post(`/confirm/:token{${LINK_TOKEN}}`, async (c) => {
    const deps = c.get('deps');
    const userId = await deps.store.useUserToken(tokenHash(c.req.param('token')), 'confirm', deps.now());
    if (!userId)
      throw new HttpProblem(
        400,
        'Link not valid',
        'This confirmation link is used, expired or unknown. Log in to get a new one.',
      );
    await deps.store.confirmUser(userId, deps.now());
    // Confirming proves the address, not who is at this browser: it signs nobody in (else a link from an
    // attacker's sign-up would put the victim to work inside the attacker's account). The owner logs in next.
    return c.redirect('/login?n=confirmed', 303);
  });

  app.get('/login', (c) => {
    const n = NOTICES[c.req.query('n') ?? ''];
    return c.html(loginForm(c, n ? { text: n, kind: 'info' } : undefined));
  });
  app.post('/login', async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody();
    const address = field(body, 'email').toLowerCase();
    const accountKey = `login:account:${address}`;
    deps.limiter.hit(`login:ip:${c.get('ip')}`, deps.limits.signInPerIp, 'sign-in');
    // Only wrong passwords count against the account, and they cost a short, growing wait rather than a long
    // lockout: nobody can keep the owner out by sending a few requests.
    deps.limiter.assertNotBackingOff(accountKey, deps.limits.signInPerAccount, 'sign-in');
    const user = await deps.store.findUserByEmail(address);
    // Unknown emails cost one scrypt too, so timing does not tell which addresses have accounts.
    const matches = await verifyPassword(field(body, 'password'), user?.passwordHash ?? (await DECOY_HASH));
    if (!user || !matches) {
      deps.limiter.failed(accountKey, deps.limits.signInPerAccount);
      deps.metrics.inc('homebase_logins_total', 'Login attempts by outcome.', { outcome: 'refused' });
      return c.html(loginForm(c, { text: 'Invalid email or password.', kind: 'error' }), 401);
    }
    if (!user.confirmedAt) {
      await sendTokenMail(c, user.id, user.email, 'confirm');
      return c.html(
        loginForm(c, { text: 'Confirm your email first: we sent you a new link.', kind: 'error' }),
        403,
      );
    }
    deps.limiter.succeeded(accountKey);
    await endSession(c);
    const [team] = await deps.store.listTeamsOf(user.id);
    await startSession(c, user.id, team?.teamId);
    deps.metrics.inc('homebase_logins_total', 'Login attempts by outcome.', { outcome: 'ok' });
    return c.redirect('/installations', 303);
  });

  app.post('/logout', async (c) => {
    await endSession(c);
    return c.redirect('/login?n=logged-out', 303);
  });

  app.get('/reset', (c) =>
    c.html(
      page(
        pageContext(c),
        'Reset your password',
        html`<form method="post" action="/reset">
          ${csrfField(pageContext(c))}
          <label for="email">Email</label
          ><input id="email" name="email" type="email" required autocomplete="email" />
          <p><button type="submit">Send a reset link</button></p>
        </form>`,
      ),
    ),
  );
  app.post('/reset', async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody();
    const address = field(body, 'email').toLowerCase();
    deps.limiter.hit(`reset:ip:${c.get('ip')}`, deps.limits.resetPerIp, 'password reset');
    deps.limiter.hit(`reset:account:${address}`, deps.limits.resetPerAccount, 'password reset');
    const user = await deps.store.findUserByEmail(address);
    if (user) await sendTokenMail(c, user.id, user.email, 'reset');
    return c.redirect('/login?n=check-email', 303);
  });
  app.get(`/reset/:token{${LINK_TOKEN}}`, (c) =>
    c.html(passwordForm(c, linkPath('reset', c.req.param('token')), 'Choose a new password', false)),
  );
  app.post(`/reset/:token{${LINK_TOKEN}}`, async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody();
    let chosen: string;
    try {
      chosen = validateNewPassword(body);
    } catch (error) {
      return c.html(
        passwordForm(
          c,
          linkPath('reset', c.req.param('token')),
          'Choose a new password',
          false,
          (error as Error).message,
        ),
        422,
      );
    }
    const userId = await deps.store.useUserToken(tokenHash(c.req.param('token')), 'reset', deps.now());
    if (!userId)
      throw new HttpProblem(
        400,
        'Link not valid',
        'This reset link is used, expired or unknown. Ask for a new one.',
      );
    await deps.store.changePassword(userId, await hashPassword(chosen));
    // Following the emailed link proves the address, as confirming would.
    await deps.store.confirmUser(userId, deps.now());
    await endSession(c);
    return c.redirect('/login?n=password-reset', 303);
  });

  app.get('/settings', (c) => {
    requireSession(c);
    return c.html(
      passwordForm(c, '/settings', 'Change your password', true, undefined, NOTICES[c.req.query('n') ?? '']),
    );
  });
  app.post('/settings', async (c) => {
    const deps = c.get('deps');
    const session = requireSession(c);
    const body = await c.req.parseBody();
    const user = await deps.store.getUser(session.userId);
    if (!user || !(await verifyPassword(field(body, 'current'), user.passwordHash))) {
      return c.html(
        passwordForm(c, '/settings', 'Change your password', true, 'The current password is wrong.'),
        401,
      );
    }
    let chosen: string;
    try {
      chosen = validateNewPassword(body);
    } catch (error) {
      return c.html(
        passwordForm(c, '/settings', 'Change your password', true, (error as Error).message),
        422,
      );
    }
    // Revokes every session of the user, this one included; this browser then gets a fresh one.
    await deps.store.changePassword(user.id, await hashPassword(chosen));
    await startSession(c, user.id, session.teamId);
    return c.redirect('/settings?n=password-changed', 303);
  });

  return app;
}
