// failover-test 预检中集群健康之外的消息（日常运维状态）。规则见 docs/i18n.md。
import type { Catalog } from '../en/index.js';

export const precheck: Catalog['precheck'] = {
  hostInMaintenance: (p) =>
    `${p.host}：处于维护模式，不能成为主节点，故障切换无法切到它；请先结束维护（hasetup maintenance INVENTORY ${p.host} off）`,
};
