// The inventory `lab up --inventory` writes: the same YAML data in every language, comments in the chosen one.
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { useLanguage } from '../../../src/i18n/index.js';
import { labInventoryYaml } from '../../../src/lab/inventory.js';
import type { LabState } from '../../../src/lab/lab.js';
import { labLayout } from '../../../src/lab/layout.js';
import { parseInventory } from '../../../src/inventory/load.js';

const layout = labLayout('te1', 7, 2, '/tmp/hasetup-lab-root');
const state = (bare: boolean): LabState => ({ name: 'te1', index: 7, bare, suite: 'bookworm', hosts: [], createdAt: '' });
const cli = ['/usr/bin/node', '/opt/hasetup/dist/cli.js'];
const CJK = /[\u4e00-\u9fff]/;

describe('lab inventory', () => {
  afterEach(async () => {
    await useLanguage('en');
  });

  it('has Chinese comments in zh-CN around the same data as the English one', async () => {
    for (const bare of [false, true]) {
      const en = labInventoryYaml(layout, state(bare), cli);
      await useLanguage('zh-CN');
      const zh = labInventoryYaml(layout, state(bare), cli);
      await useLanguage('en');
      expect(en).not.toMatch(CJK);
      expect(parse(zh)).toEqual(parse(en));
      const comments = zh.split('\n').filter((l) => l.includes('#')).map((l) => l.slice(l.indexOf('#')));
      expect(comments.length).toBe(bare ? 9 : 8);
      expect(comments.filter((c) => !CJK.test(c))).toEqual([]);
      expect(parseInventory(zh, 'lab.yaml')).toEqual(parseInventory(en, 'lab.yaml'));
    }
  });
});
