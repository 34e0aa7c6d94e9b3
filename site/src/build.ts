// `npm run site`: builds the site into site/dist, then checks every link and page; exits 1 on any problem.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { siteConfig } from './config.js';
import { checkSite, landingBytes } from './site-checks.js';
import { buildSite } from './site.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const config = siteConfig();
const files = await buildSite(config);
rmSync(dist, { recursive: true, force: true });
for (const [path, file] of files) {
  const target = join(dist, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.body);
}
const problems = checkSite(files);
const landing = landingBytes(files);
process.stdout.write(
  `site: ${files.size} files in site/dist in ${(performance.now() / 1000).toFixed(1)} s (from process start); ` +
    `landing HTML + CSS ${(landing.raw / 1024).toFixed(1)} KB (${(landing.gzip / 1024).toFixed(1)} KB gzip), ` +
    `sign-up links to ${config.signUpUrl}\n`,
);
for (const problem of problems) process.stderr.write(`${problem.file}: ${problem.message}\n`);
if (problems.length > 0) process.exit(1);
