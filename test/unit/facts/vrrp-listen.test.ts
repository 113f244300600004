import { describe, expect, it } from 'vitest';
import { listenUnlessConfigured } from '../../../src/facts/vrrp-listen.js';
import { RecordingHost, result } from '../../support/fake-host.js';

const CONF = '/etc/keepalived/hasetup.d/web.conf';

describe('listenUnlessConfigured', () => {
  it('tests for the config file before listening, in the same command, with the path quoted', async () => {
    const host = new RecordingHost('node1', '198.18.0.11', [{ match: 'perl', result: result(0, '@@configured\n') }]);
    expect(await listenUnlessConfigured(host, 1.2, CONF)).toBe('configured');
    expect(host.calls).toHaveLength(1);
    expect(host.calls[0]!.command).toMatch(/^if \[ -e '?\/etc\/keepalived\/hasetup\.d\/web\.conf'? \]; then echo @@configured; exit 0; fi;/);
  });

  it('returns the adverts heard on a host without the config (a first deploy)', async () => {
    const host = new RecordingHost('node1', '198.18.0.11', [{ match: 'perl', result: result(0, '198.18.0.50 51 100 3\n198.18.0.51 51 90 3\n') }]);
    expect(await listenUnlessConfigured(host, 1.2, CONF)).toEqual([
      { source: '198.18.0.50', vrid: 51, priority: 100, version: 3 },
      { source: '198.18.0.51', vrid: 51, priority: 90, version: 3 },
    ]);
  });

  it('returns undefined when the host has no perl to listen with', async () => {
    const host = new RecordingHost('node1', '198.18.0.11', [{ match: 'perl', result: result(0, 'no-perl\n') }]);
    expect(await listenUnlessConfigured(host, 1.2, CONF)).toBeUndefined();
  });
});
