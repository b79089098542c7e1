/**
 * `npm start`'s DATA_DIR is private to its owner: temporal.db, the mail and the auth secret are
 * nobody else's to read.
 */
import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Creates `dataDir` private to its owner and takes group and other permissions off whatever an
 * earlier version left in it, except `postgres/`, whose modes PostgreSQL sets and checks itself.
 * With `serverGroup` (we are root and PostgreSQL runs as its own user) that group may enter the
 * directory (0710) to reach `postgres/`, and nothing more.
 */
export function makePrivate(dataDir: string, serverGroup?: number): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (serverGroup !== undefined) chownSync(dataDir, process.getuid!(), serverGroup);
  chmodSync(dataDir, serverGroup !== undefined ? 0o710 : 0o700);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (dir === dataDir && name === 'postgres') continue;
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) continue;
      if ((stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(dataDir);
}
