import { randomUUID } from 'node:crypto';
import fs from 'node:fs';

/**
 * One writer per upload across every node that shares the staging folder (BLOB_DIR on a shared
 * volume). tus allows one PATCH at a time per upload; a node knows only its own, so a client whose
 * link dropped and who resumes through another node while the first node's request is still
 * settling would have two writers appending to one file. A lock file beside the upload
 * (`<id>.lock`, created exclusively: atomic on a local disk and on NFS) says who writes: its holder
 * touches it every few seconds, and a lock not touched for STALE_MS (its node stopped or was cut
 * off) is taken over. Each lock holds its writer's token: a writer that was only slow, not gone,
 * neither touches nor removes the lock that replaced its own.
 */
export const LOCK_REFRESH_MS = 5_000;
export const LOCK_STALE_MS = 30_000;

export const lockFileOf = (file: string) => `${file}.lock`;

export interface StagingLock {
  release(): Promise<void>;
}

/** Takes the write lock of the upload staged at `file`; null when another writer holds it. */
export async function takeStagingLock(file: string, nowMs: () => number = Date.now): Promise<StagingLock | null> {
  const lock = lockFileOf(file);
  const token = randomUUID();
  const mine = () => fs.promises.readFile(lock, 'utf8').then((t) => t === token, () => false);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.promises.writeFile(lock, token, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const touched = await fs.promises.stat(lock).then((s) => s.mtimeMs, () => null);
      // Gone meanwhile (released): try again. Fresh: somebody writes. Stale: its writer is gone.
      if (touched !== null && nowMs() - touched < LOCK_STALE_MS) return null;
      if (touched !== null) await fs.promises.rm(lock, { force: true });
      continue;
    }
    const refresh = setInterval(() => {
      void mine().then((held) => {
        if (!held) return clearInterval(refresh);
        const now = new Date(nowMs());
        return fs.promises.utimes(lock, now, now);
      }).catch(() => {});
    }, LOCK_REFRESH_MS);
    refresh.unref();
    let released = false;
    return {
      async release() {
        if (released) return;
        released = true;
        clearInterval(refresh);
        if (await mine()) await fs.promises.rm(lock, { force: true });
      },
    };
  }
  return null;
}

/** Whether a writer (on any node) holds the upload's lock now. */
export async function isStagingLocked(file: string, nowMs: () => number = Date.now): Promise<boolean> {
  const touched = await fs.promises.stat(lockFileOf(file)).then((s) => s.mtimeMs, () => null);
  return touched !== null && nowMs() - touched < LOCK_STALE_MS;
}
