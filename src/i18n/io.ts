// Why a local file (an inventory, an answers file) could not be read, in the reader's language: Node's own
// words ("EISDIR: illegal operation on a directory, read") are English and name a system call.
import { t } from './index.js';

export function fileErrorReason(err: unknown): string {
  const m = t().errors;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return m.fileNotFound;
  if (code === 'EISDIR') return m.fileIsDirectory;
  if (code === 'EACCES' || code === 'EPERM') return m.filePermissionDenied;
  return err instanceof Error ? err.message : String(err);
}
