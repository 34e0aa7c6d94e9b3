/**
 * Why passes ran, shortened for one table cell. A pass records its triggers joined by commas
 * (`battery:redis,deleted:Service/battery-data/redis,deleted:…,resync`); a burst of out-of-band deletions can make
 * that hundreds of characters. Object triggers are counted per verb (`7 deleted objects`), battery triggers list
 * the batteries, anything else is kept as it is; the order of first appearance is kept. The full list stays on
 * the pass itself (`GET /passes/:id`, `bi history show`).
 *
 * @example summarizeTriggers('battery:redis,deleted:A,deleted:B,resync') // 'battery redis, 2 deleted objects, resync'
 */
export function summarizeTriggers(trigger: string): string {
  const groups = new Map<string, string[]>();
  for (const part of splitTriggers(trigger)) {
    const colon = part.indexOf(':');
    const verb = colon > 0 ? part.slice(0, colon) : part;
    const group = OBJECT_VERBS.has(verb) || verb === 'battery' ? verb : part;
    const members = groups.get(group) ?? [];
    members.push(part.slice(colon + 1));
    groups.set(group, members);
  }
  return [...groups]
    .map(([group, members]) => {
      if (group === 'battery')
        return `${members.length === 1 ? 'battery' : 'batteries'} ${members.join(', ')}`;
      if (OBJECT_VERBS.has(group))
        return `${members.length} ${group} object${members.length === 1 ? '' : 's'}`;
      return group;
    })
    .join(', ');
}

/** Triggers naming an object: `deleted:<ref>`, `added:<ref> by <managers>`, `edited:<ref> by <managers>`. */
const OBJECT_VERBS: ReadonlySet<string> = new Set(['deleted', 'added', 'edited']);

/**
 * The triggers of a recorded pass. Commas separate triggers, but an `edited:` trigger names its writers as
 * `by kubectl, helm`: a part that starts with a space continues the one before it.
 */
export function splitTriggers(trigger: string): string[] {
  const parts: string[] = [];
  for (const part of trigger.split(',')) {
    if (part.startsWith(' ') && parts.length > 0) parts[parts.length - 1] += `,${part}`;
    else if (part !== '') parts.push(part);
  }
  return parts;
}
