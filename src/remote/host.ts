// The one interface for remote hosts. The SSH implementation (ssh.ts) and the recording fake (test/support/fake-host.ts)
// both implement it; everything that acts on a host (facts, apply, verify, failover) takes a RemoteHost.
import type { ShellCommand } from './command.js';

export interface RunResult {
  code: number; // exit code; 255 or -1 when the command could not be run at all
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the command's standard input (file contents travel this way, never on the command line). */
  input?: string;
  timeoutMs?: number;
}

export interface StreamHandle {
  /** Ends the remote command (closes its channel) and waits for it. */
  stop(): Promise<void>;
  /** Settles when the command ends by itself or after stop(). */
  done: Promise<RunResult>;
}

export interface RemoteHost {
  /** The inventory's host name: every message about this host uses it. */
  readonly name: string;
  readonly address: string;
  /**
   * Runs a POSIX shell command line as root (through sudo when the inventory says so). Never throws for a
   * non-zero exit: check `code`. `command` is built with cmd`...` (command.ts), which quotes every value.
   */
  run(command: ShellCommand, opts?: RunOptions): Promise<RunResult>;
  /** Runs a long-lived command and hands each line of its standard output to onLine as it arrives. */
  stream(command: ShellCommand, onLine: (line: string) => void): Promise<StreamHandle>;
  close(): Promise<void>;
}
