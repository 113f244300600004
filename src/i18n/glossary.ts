// The words the Chinese catalog and README.zh-CN.md do not use, and what they use instead: the machine-readable
// half of docs/glossary.zh-CN.md (its "不用的说法" table lists exactly these rows, checked by
// test/unit/i18n/glossary.test.ts, which also fails when a catalog string uses one of them).

export interface ForbiddenTerm {
  /** The text not to write, as it appears in the doc's table. */
  term: string;
  /** How to find it when a plain substring would also match good text (a whole word, a sign after it). */
  pattern?: RegExp;
  /** What to write instead. */
  use: string;
  /** The idea, in English. */
  meaning: string;
}

export const FORBIDDEN_TERMS: readonly ForbiddenTerm[] = [
  { term: '已中断', use: '已中止', meaning: 'interrupted (Ctrl-C, a deploy cut off); 中断 is the clients\' outage' },
  { term: '被中断', use: '被中止', meaning: 'interrupted' },
  { term: '被打断', use: '被中止', meaning: 'interrupted' },
  { term: '挂起', use: '假死', meaning: 'hung (tomcat-hang: the process is there but does not answer)' },
  { term: '连字符', use: '短横线', meaning: 'dash in names' },
  { term: 'unit', pattern: /(?<![\w-])unit(?![\w-])/, use: '单元', meaning: 'systemd unit' },
  { term: 'notify 脚本', use: '通知脚本', meaning: 'notify script' },
  { term: '变更单', use: '变更工单', meaning: 'change ticket' },
  { term: '网络接口', use: '网卡', meaning: 'network interface' },
  { term: '保持 VIP', use: '持有 VIP', meaning: 'hold the VIP' },
  { term: '长参数名', use: '长选项名', meaning: 'long option name (选项 for flags, 参数 for positional arguments)' },
  { term: '命令行参数', use: '命令行选项', meaning: 'command-line flags' },
  { term: '回答文件', use: '答案文件', meaning: 'answers file (回答 only as a verb)' },
  { term: '切回', use: '回切', meaning: 'failback' },
  { term: '从节点', use: '备用节点', meaning: 'backup' },
  { term: '降低 -', pattern: /降低 -\d/, use: '调整 -60', meaning: 'a lowered priority (降低 -60 reads as a rise)' },
  { term: ' x ', pattern: /\S x \S/, use: '×', meaning: 'times, in formulas' },
  { term: '<=', use: '≤', meaning: 'at most, in figures' },
  { term: 'skew time', use: '偏移时间', meaning: 'VRRP skew time' },
  { term: 'inject', pattern: /(?<![\w-])inject(?![\w-])/, use: '注入', meaning: 'inject a failure' },
];
