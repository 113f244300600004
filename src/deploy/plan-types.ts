// The plan's types: what a host must hold (files) and run (commands). Their own file so that plan.ts and the
// planners in ./planners/ both import them without importing each other (issue 19: no cycle).
import type { ShellCommand } from '../remote/command.js';

export interface PlannedFile {
  path: string;
  content: string;
  mode: number;
  purpose: string;
  /** Holds a secret: never print its diff unredacted. */
  secret: boolean;
}

export interface PlannedCommand {
  step: string;
  /** Built with cmd`...`: every value quoted. */
  command: ShellCommand;
  /** Undoes what `command` added outside files (a firewall rule): recorded with the generation, run by rollback. */
  undo?: ShellCommand;
  /** `step` in English, for the generation manifest on the host (hosts keep English whatever the language). */
  undoStep?: string;
}

export type Activation = 'none' | 'start' | 'reload' | 'restart';

export interface HostPlan {
  host: string;
  role: 'master' | 'backup';
  priority: number;
  interface: string;
  trackProcess: boolean;
  warnings: string[];
  /** Install keepalived, create the script user, directories, firewall, SELinux: only what facts say is needed. */
  prepare: PlannedCommand[];
  /** Every managed file with its desired content. */
  files: PlannedFile[];
  /** Those whose current content (facts.files) differs. */
  changed: PlannedFile[];
  /** daemon-reload / restart watchdog / reload-or-start keepalived / enable at boot; empty when nothing is needed. */
  activate: PlannedCommand[];
  keepalivedActivation: Activation;
  /** keepalived configs `validate` checks (they must exist, be non-empty and not executable: keepalived -t skips those). */
  validateFiles: string[];
  /**
   * Validates the config as written (run after the files are in place, before activation; apply restores the
   * backups when it fails). Judge its result with keepalivedCheckPassed(), never by the exit code alone.
   */
  validate: PlannedCommand;
}
