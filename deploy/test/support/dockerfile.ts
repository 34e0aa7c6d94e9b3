/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  /** The image, with global ARG defaults substituted. */
  readonly from: string;
  readonly name?: string;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly stages: readonly Stage[];
}

/** A COPY instruction's parts: `--from` and the sources (relative to the context or that stage) and destination. */
export interface Copy {
  readonly from?: string;
  readonly sources: readonly string[];
  readonly destination: string;
}

/**
 * Parses the subset of Dockerfile syntax deploy/Dockerfile uses: comments, `\` continuations, global ARGs
 * with defaults substituted into FROM, `FROM image AS name`. Enough to check the file's properties in a test.
 */
export function parseDockerfile(text: string): Dockerfile {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && !pending)) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  const globals: Record<string, string> = {};
  const stages: Array<{ from: string; name?: string; instructions: Instruction[] }> = [];
  for (const line of logical) {
    const space = line.indexOf(' ');
    const keyword = line.slice(0, space).toUpperCase();
    const args = line.slice(space + 1).trim();
    if (keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = args.split('=');
      globals[name!] = value;
    } else if (keyword === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      const from = image!.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a, b) => globals[a ?? b] ?? '');
      stages.push(
        as?.toUpperCase() === 'AS' ? { from, name: name!, instructions: [] } : { from, instructions: [] },
      );
    } else {
      if (stages.length === 0) throw new Error(`${keyword} before the first FROM`);
      stages.at(-1)!.instructions.push({ keyword, args });
    }
  }
  return { stages };
}

/** The COPY instructions of a stage, parsed. */
export function copies(stage: Stage): Copy[] {
  return stage.instructions
    .filter((instruction) => instruction.keyword === 'COPY')
    .map((instruction) => {
      const words = instruction.args.split(/\s+/);
      const flags = words.filter((word) => word.startsWith('--'));
      const paths = words.filter((word) => !word.startsWith('--'));
      const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
      const copy = { sources: paths.slice(0, -1), destination: paths.at(-1)! };
      return from ? { ...copy, from } : copy;
    });
}

/**
 * Whether a path (relative to the build context, `/`-separated) reaches the build under a .dockerignore:
 * the last pattern matching the path or one of its parent directories decides, `!` patterns re-include.
 * Supports `*` (one path segment) and a leading `**` + `/` (any depth), which is what the file uses.
 */
export function isInContext(ignore: string, path: string): boolean {
  const patterns = ignore
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const segments = path.split('/');
  const prefixes = segments.map((_s, index) => segments.slice(0, index + 1).join('/'));
  let included = true;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const regex = globToRegExp(negated ? pattern.slice(1) : pattern);
    if (prefixes.some((prefix) => regex.test(prefix))) included = negated;
  }
  return included;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  let rest = glob;
  if (rest.startsWith('**/')) {
    source = '(?:.*/)?';
    rest = rest.slice(3);
  }
  source += rest
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${source}$`);
}
