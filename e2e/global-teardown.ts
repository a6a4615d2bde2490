import { rmSync } from 'node:fs';

// Removes the temporary SQLite directory that playwright.config.ts created
// (set E2E_KEEP_DB=1 to keep it for a post-mortem).
export default function globalTeardown(): void {
  const dir = process.env.E2E_SQLITE_DIR;
  if (dir && process.env.E2E_SQLITE_DIR_CREATED === '1' && !process.env.E2E_KEEP_DB) {
    rmSync(dir, { recursive: true, force: true });
  }
  const search = process.env.E2E_SEARCH_DIR;
  if (search && !process.env.E2E_KEEP_DB) {
    rmSync(search, { recursive: true, force: true });
  }
}
