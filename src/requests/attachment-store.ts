import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

// Photos on disk, under ATTACHMENTS_DIR (outside the web root, so no static route can ever serve
// one): each file is named by its attachment's UUID only — nothing the uploader chose reaches a
// path — in a sub-folder per first two hex digits so that no folder grows to millions of files.
// Files are private to the server's user (0600 in 0700 folders).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface AttachmentStore {
  /** Creates the folder (0700) if missing: a wrong ATTACHMENTS_DIR shows at start, not at the first upload. */
  ensure(): Promise<void>;
  /** Writes the bytes whole or not at all (a temporary file, fsync, rename). */
  write(id: string, data: Buffer): Promise<void>;
  /** The bytes, or null when the file is not there. */
  read(id: string): Promise<Buffer | null>;
  remove(id: string): Promise<void>;
}

function pathOf(dir: string, id: string): { folder: string; file: string } {
  if (!UUID.test(id)) throw new Error(`not an attachment id: ${id}`);
  const folder = join(dir, id.slice(0, 2));
  return { folder, file: join(folder, id) };
}

export function createAttachmentStore(dir: string): AttachmentStore {
  return {
    async ensure() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
    },

    async write(id, data) {
      const { folder, file } = pathOf(dir, id);
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const tmp = join(folder, `.${id}.${randomBytes(4).toString('hex')}.tmp`);
      const fh = await open(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      try {
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },

    async read(id) {
      try {
        return await readFile(pathOf(dir, id).file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },

    async remove(id) {
      await rm(pathOf(dir, id).file, { force: true });
    },
  };
}
