// 简体中文 catalog: same keys and placeholders as en/ (the compiler checks keys and parameters, the unit test checks
// that every placeholder is used). Terms follow docs/glossary.zh-CN.md.
import type { Catalog } from '../en/index.js';
import { cli } from './cli.js';
import { errors } from './errors.js';
import { inventory } from './inventory.js';
import { remote } from './remote.js';
import { deploy } from './deploy.js';
import { status } from './status.js';
import { rollback } from './rollback.js';
import { facts } from './facts.js';
import { cluster } from './cluster.js';
import { failover } from './failover.js';
import { report } from './report.js';
import { dayTwo } from './dayTwo.js';
import { init } from './init.js';
import { lab } from './lab.js';
import { precheck } from './precheck.js';
import { html } from './html.js';
import { text } from './text.js';
import { timings } from './timings.js';

export const zhCN: Catalog = {
  cli,
  errors,
  inventory,
  remote,
  deploy,
  status,
  rollback,
  facts,
  cluster,
  failover,
  report,
  dayTwo,
  init,
  lab,
  precheck,
  html,
  text,
  timings,
};
