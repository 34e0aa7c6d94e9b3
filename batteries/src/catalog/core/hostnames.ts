/** A hostname given to two hosts: the later name (in sorted order), the earlier one and the hostname. */
export interface DuplicateHostname {
  readonly name: string;
  readonly other: string;
  readonly hostname: string;
}

/**
 * Hostnames given to more than one host, each reported once at the later name (sorted), naming the earlier one.
 * @example duplicateHostnames({ grafana: 'a.example.com', kiali: 'a.example.com' }) // [{ name: 'kiali', other: 'grafana', … }]
 */
export function duplicateHostnames(hostnames: Readonly<Record<string, string>>): DuplicateHostname[] {
  const first = new Map<string, string>();
  const duplicates: DuplicateHostname[] = [];
  for (const name of Object.keys(hostnames).sort()) {
    const hostname = hostnames[name]!;
    const other = first.get(hostname);
    if (other === undefined) first.set(hostname, name);
    else duplicates.push({ name, other, hostname });
  }
  return duplicates;
}
