/**
 * A small YAML writer for showing specs and Kubernetes objects to people (block style, keys in the order
 * given, strings quoted only when YAML would misread them). Display only; the API speaks JSON.
 * @example toYaml({ spec: { storageSize: '20Gi' } }) // 'spec:\n  storageSize: 20Gi\n'
 */
export function toYaml(value: unknown): string {
  const lines = write(value, 0);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function write(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item) => {
      if (isBlock(item)) {
        const [first = '', ...rest] = write(item, indent + 2);
        return [`${pad}- ${first.trimStart()}`, ...rest];
      }
      return [`${pad}- ${scalar(item)}`];
    });
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return [`${pad}{}`];
    return entries.flatMap(([key, v]) =>
      isBlock(v)
        ? [`${pad}${scalar(key)}:`, ...write(v, indent + 2)]
        : [`${pad}${scalar(key)}: ${scalar(v)}`],
    );
  }
  return [`${pad}${scalar(value)}`];
}

function isBlock(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  if (typeof value !== 'string') return String(value);
  if (value === '') return "''";
  const plain =
    /^[A-Za-z0-9_./@-][A-Za-z0-9_ ./@:+-]*$/.test(value) &&
    !/^(true|false|yes|no|on|off|null|~|[-+]?[0-9.]+([eE][-+]?[0-9]+)?)$/i.test(value) &&
    !value.endsWith(' ') &&
    !value.includes(': ');
  if (value.includes('\n')) return JSON.stringify(value);
  return plain ? value : `'${value.replace(/'/g, "''")}'`;
}
