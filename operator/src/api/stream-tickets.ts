import { createHash, randomBytes } from 'node:crypto';

/** How long a stream ticket may wait to be used, in milliseconds. */
export const STREAM_TICKET_TTL_MS = 30_000;
/** Tickets outstanding at once; minting beyond it first drops the expired, then refuses. */
const MAX_OUTSTANDING = 10_000;

/** Who minted a ticket: the stream it opens is theirs (counted against, and re-checked for, their token). */
export interface TicketCaller {
  name: string;
  role: 'admin' | 'viewer';
  via: 'token' | 'oidc';
  /** The minting token's id (`tokenIdOf`), never the token. */
  tokenId: string;
}

/** A ticket as `POST /api/v1/events/tickets` answers it. */
export interface StreamTicket {
  ticket: string;
  expiresAt: string;
}

/**
 * Short-lived, single-use tickets for the event stream. EventSource cannot send an Authorization header, so the
 * console first POSTs (with its bearer token) for a ticket and puts only that into the stream's URL: a URL that
 * ends up in a proxy's log then holds something already spent, or expiring within `ttlMs`. A ticket remembers
 * which token minted it (by digest), so the stream is counted against, and re-checked for, that token.
 */
export class StreamTickets {
  private readonly tickets = new Map<string, { caller: TicketCaller; expiresAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    readonly ttlMs = STREAM_TICKET_TTL_MS,
  ) {}

  /** A new ticket for `caller`; undefined when too many are outstanding. */
  mint(caller: TicketCaller): StreamTicket | undefined {
    const now = this.now();
    if (this.tickets.size >= MAX_OUTSTANDING) this.sweep(now);
    if (this.tickets.size >= MAX_OUTSTANDING) return undefined;
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = now + this.ttlMs;
    this.tickets.set(digest(ticket), { caller, expiresAt });
    return { ticket, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Spends `ticket`: who minted it, or undefined when unknown, used or expired. */
  redeem(ticket: string): TicketCaller | undefined {
    const key = digest(ticket);
    const entry = this.tickets.get(key);
    if (!entry) return undefined;
    this.tickets.delete(key);
    return entry.expiresAt > this.now() ? entry.caller : undefined;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.tickets) if (entry.expiresAt <= now) this.tickets.delete(key);
  }
}

/** A token's id for counting and tickets: the start of its SHA-256 (never the token itself). */
export function tokenIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 32);
}

const digest = (ticket: string) => createHash('sha256').update(ticket).digest('hex');
