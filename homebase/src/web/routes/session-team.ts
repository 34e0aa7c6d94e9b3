import { tokenHash } from '../../crypto/tokens.js';
import { requireSession, type HomeBaseContext } from '../context.js';

/** Makes `teamId` (a team the caller is a member of: checked by the caller) the session's active team. */
export async function setSessionTeamFor(c: HomeBaseContext, teamId: string): Promise<void> {
  const session = requireSession(c);
  await c.get('deps').store.setSessionTeam(tokenHash(session.token), teamId);
}
