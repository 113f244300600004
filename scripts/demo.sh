#!/usr/bin/env bash
# The whole job on the built-in lab, as root: two real servers, deploy, failover-test, the report.
# KEEP_LAB=1 leaves the lab up afterwards to look around (hasetup lab status / ssh / down --name demo).
# --lang zh-CN (or LANG=zh_CN.UTF-8) runs it in Chinese: these lines, and every hasetup command in it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --lang ] && [ -n "${2:-}" ]; then export HASETUP_LANG=$2; shift 2; fi
. scripts/lang.sh
lang=$(script_lang)
bash scripts/setup.sh
out=${DEMO_DIR:-/tmp/hasetup-demo}
mkdir -p "$out"
hasetup() { node dist/cli.js --lang "$lang" "$@"; }
if [ "${KEEP_LAB:-0}" != 1 ]; then trap 'hasetup lab down --name demo' EXIT; fi
trap 'exit 130' INT TERM

hasetup lab up --name demo --inventory "$out/inventory.yaml"
echo
say "==> hasetup deploy $out/inventory.yaml" "==> hasetup deploy $out/inventory.yaml（部署）"
hasetup deploy "$out/inventory.yaml"
echo
# Every default scenario, plus host-crash: the lab's power switch cuts the master's power (the lab inventory
# has its power commands), which is why --allow-power-off is here.
scenarios=keepalived-stop,tomcat-stop,tomcat-crash,tomcat-hang,keepalived-kill,network-loss,host-crash
say "==> hasetup failover-test $out/inventory.yaml --yes --scenario $scenarios --allow-power-off" \
  "==> hasetup failover-test $out/inventory.yaml --yes --scenario $scenarios --allow-power-off（故障切换测试）"
rc=0
hasetup failover-test "$out/inventory.yaml" --yes --scenario "$scenarios" --allow-power-off \
  --markdown "$out/report.md" --html "$out/report.html" --json "$out/report.json" --junit "$out/report.xml" || rc=$?
echo
say "Reports: $out/report.html (charts; open it in a browser, works offline), $out/report.md (for a change ticket), $out/report.json, $out/report.xml" \
  "报告：$out/report.html（图表，用浏览器打开，无需网络），$out/report.md（可附在变更工单中），$out/report.json，$out/report.xml"
exit "$rc"
