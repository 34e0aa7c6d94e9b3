// CI's install step: package-lock.json must be complete and in sync with the package.json files (it fails when npm
// would change it), then `npm ci` installs exactly that lockfile into a fresh node_modules.
import { checkLockfile, ensureNodeModules, say } from './lib.mjs';

say('checking package-lock.json (npm install --package-lock-only)');
checkLockfile();
ensureNodeModules({ clean: true });
