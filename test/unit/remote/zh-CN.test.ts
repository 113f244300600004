// SSH errors in Chinese: what failed and what to check, with addresses, ports, fingerprints and commands as they are.
import { afterEach, describe, expect, it } from 'vitest';
import { useLanguage } from '../../../src/i18n/index.js';
import { host } from '../../fixtures/ssh-host.js';
import { describeConnectError, hostKeyRefusalMessage } from '../../../src/remote/ssh.js';


const FP = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';
const ctx = { address: '192.0.2.11', port: 2222, knownHostsFile: '/home/a/.ssh/known_hosts', knownHostsMissing: false };

describe('SSH messages in zh-CN', () => {
  afterEach(async () => {
    await useLanguage('en');
  });

  it('say why a connection failed and what to check', async () => {
    await useLanguage('zh-CN');
    const refused = describeConnectError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), host, '密钥 /k');
    expect(refused).toEqual({ message: '192.0.2.11 端口 2222 拒绝连接', hint: '请确认该主机上的 sshd 正在运行，并监听 ssh.port 指定的端口' });
    const auth = describeConnectError(Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }), host, '密钥 /k');
    expect(auth.message).toBe('用户 admin 使用 密钥 /k 认证失败');
    expect(auth.hint).toContain('web1 的 ~admin/.ssh/authorized_keys');
  });

  it('refuse a changed host key with the fingerprint and the commands as they are', async () => {
    await useLanguage('zh-CN');
    const msg = hostKeyRefusalMessage({ ok: false, reason: 'changed', fingerprint: FP, keyType: 'ssh-ed25519', lines: [3], knownTypes: ['ssh-ed25519'] }, ctx);
    expect(msg).toContain('警告：[192.0.2.11]:2222 的主机密钥已改变');
    expect(msg).toContain(`它现在出示的是 ssh-ed25519 密钥 ${FP}，而 /home/a/.ssh/known_hosts 第 3 行`);
    expect(msg).toContain("ssh-keygen -R '[192.0.2.11]:2222' -f /home/a/.ssh/known_hosts");
    expect(msg).toContain('    ssh-keyscan -p 2222 -t ssh-ed25519 192.0.2.11 >> /home/a/.ssh/known_hosts');
    expect(msg).toContain(`fingerprint: ${FP}`);
    expect(msg).not.toMatch(/Refusing|WARNING/);
  });

  it('refuse an unknown host key, and a pin mismatch, in Chinese', async () => {
    await useLanguage('zh-CN');
    const unknown = hostKeyRefusalMessage({ ok: false, reason: 'unknown', fingerprint: FP, keyType: 'ssh-ed25519', lines: [], knownTypes: [] }, ctx);
    expect(unknown.split('\n')[0]).toBe(`主机密钥不受信任：192.0.2.11 出示了 ssh-ed25519 密钥 ${FP}，但 /home/a/.ssh/known_hosts 中没有 [192.0.2.11]:2222。拒绝连接。`);
    const pinned = hostKeyRefusalMessage({ ok: false, reason: 'fingerprint-mismatch', fingerprint: FP, keyType: 'ssh-ed25519', lines: [], knownTypes: [] }, { ...ctx, pinned: 'SHA256:x' });
    expect(pinned.split('\n')[0]).toBe(`警告：主机密钥指纹不匹配：192.0.2.11 出示了 ssh-ed25519 密钥 ${FP}，但清单文件固定的是 SHA256:x。`);
  });
});
