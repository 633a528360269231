import type { ExportRecord } from '../requests/index.ts';
import type { BatchWriter } from './request-export.ts';

/**
 * A batch's CSV lines written as UTF-8 into one Buffer as its rows arrive. Neither the rows nor
 * their lines are kept until the batch is sent (they die in V8's young generation instead of
 * being promoted with it), and the bytes sit outside the heap. The Buffer is sized from the
 * batches before (their sizes vary little) and grown when one needs more.
 */
export function csvBatchWriter(line: (r: ExportRecord) => string): () => BatchWriter<Buffer> {
  let size = 64 << 10;
  return () => {
    let buf = Buffer.allocUnsafe(size);
    let at = 0;
    return {
      add(r) {
        const text = line(r);
        // UTF-8 takes at most 3 bytes for a UTF-16 code unit.
        if (buf.length - at < text.length * 3) {
          const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, at + text.length * 3));
          buf.copy(bigger, 0, 0, at);
          buf = bigger;
        }
        at += buf.write(text, at);
      },
      done() {
        size = Math.max(size, at + (at >> 3));
        return buf.subarray(0, at);
      },
    };
  };
}
