import { canonicalJson } from './hash/canonical-json.js';

/** One answer a render got from its context: which accessor, with which argument, and what came back. */
interface Read {
  readonly accessor: string;
  readonly argument: string;
  /** Compared with `===`: live objects by identity (the cache hands out the same frozen object until it changes), strings and booleans by value. */
  readonly answer: unknown;
}

interface Entry<T> {
  readonly reads: readonly Read[];
  readonly value: T;
  /** The generation that last used it. */
  used: number;
}

/** How many generations an unused entry survives: a preview between two passes must not empty the memo. */
const KEEP_GENERATIONS = 3;

/**
 * A memo for pure renders whose inputs are a key plus whatever they read through tracked accessors. A render is
 * reused when its key is the same and every recorded read answers the same now; otherwise it runs again. An entry
 * unused for KEEP_GENERATIONS `generation()`s is dropped, so the memo holds what recent passes rendered and nothing
 * older. The result depends on the inputs alone, so Generate stays pure: a cold memo gives the same bytes.
 */
export class RenderMemo<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private current = 0;

  /** Starts a pass (or a preview): entries no recent generation used are dropped. */
  generation(): void {
    this.current += 1;
    for (const [key, entry] of this.entries)
      if (entry.used <= this.current - KEEP_GENERATIONS) this.entries.delete(key);
  }

  /**
   * The memoized value for `key`, or `render`'s. `render` receives `track(accessor, argument, answer)`, which it
   * must call for every input it reads besides the key (and return `answer`); `recheck(accessor, argument)` must
   * give the answer the same accessor would give now.
   */
  use(
    key: string,
    recheck: (accessor: string, argument: string) => unknown,
    render: (track: <A>(accessor: string, argument: string, answer: A) => A) => T,
  ): T {
    const cached = this.entries.get(key);
    if (cached && cached.reads.every((read) => recheck(read.accessor, read.argument) === read.answer)) {
      cached.used = this.current;
      return cached.value;
    }
    const reads: Read[] = [];
    const value = render((accessor, argument, answer) => {
      reads.push({ accessor, argument, answer });
      return answer;
    });
    this.entries.set(key, { reads, value, used: this.current });
    return value;
  }
}

/** A memo key from plain JSON parts. */
export function memoKey(...parts: unknown[]): string {
  return canonicalJson(parts);
}
