#!/usr/bin/env bash
# Installs what hasetup and its lab need on a Debian/Ubuntu machine (as root), then builds hasetup.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lang.sh
if [ "$(id -u)" != 0 ]; then say "setup.sh: run as root (the lab creates namespaces, mounts and containers)" "setup.sh：请以 root 运行（实验环境要创建网络命名空间、挂载点和容器）" >&2; exit 2; fi
# chromium and fonts-noto-cjk: the HTML report's browser test (and Chinese labels without boxes); tcpdump: the goodbye e2e test
packages=(systemd-container mmdebstrap dpkg-dev iproute2 openssh-client util-linux curl tmux ca-certificates tcpdump chromium fonts-noto-cjk)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "==> installing Debian packages: ${missing[*]}" "==> 安装 Debian 软件包：${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# promtool tests the alerting rules (alerts/). It comes in Debian's prometheus package, whose server we do not
# want installed, enabled or running: only its promtool (one static binary) is taken out of the package.
if ! command -v promtool >/dev/null; then
  say "==> promtool (from Debian's prometheus package, without the server)" "==> promtool（取自 Debian 的 prometheus 软件包，不安装服务）"
  tmp=$(mktemp -d) && chmod 0755 "$tmp"
  (cd "$tmp" && apt-get download -q prometheus >/dev/null) || { apt-get update -q && (cd "$tmp" && apt-get download -q prometheus >/dev/null); }
  dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -x -C "$tmp" ./usr/bin/promtool
  install -m 0755 "$tmp/usr/bin/promtool" /usr/local/bin/promtool
  rm -rf "$tmp"
fi
# Node.js 20.19 or later (package.json "engines"): Debian 12's own nodejs is 18, too old. No download host is named
# here: the user's network decides which mirror is near (README.zh-CN.md, "在中国大陆的机器上").
node_too_old() {
  say "setup.sh: Node.js 20.19 or later is needed; found: $1" "setup.sh：需要 Node.js 20.19 或更高版本；当前：$1" >&2
  say "  install it from the Node.js project's binary release (tar.xz for linux-x64) or with nvm (nvm install 20)," \
      "  请安装 Node.js 官方发布的二进制包（linux-x64 的 tar.xz），或用 nvm 安装（nvm install 20）；" >&2
  say "  then run this script again; behind a slow link set a mirror near you: NVM_NODEJS_ORG_MIRROR=<URL> for nvm," \
      "  然后重新运行本脚本。网络慢时请配置离你近的镜像：nvm 用 NVM_NODEJS_ORG_MIRROR=<镜像URL>，" >&2
  say "  npm config set registry <URL> for npm (README.md, Development)" \
      "  npm 用 npm config set registry <镜像URL>（见 README.zh-CN.md 的“在中国大陆的机器上”一节）" >&2
  exit 2
}
command -v node >/dev/null || node_too_old "none"
node_version=$(node -p 'process.versions.node')
IFS=. read -r node_major node_minor _ <<<"$node_version"
if [ "$node_major" -lt 20 ] || { [ "$node_major" -eq 20 ] && [ "$node_minor" -lt 19 ]; }; then node_too_old "$node_version"; fi
say "==> npm ci" "==> npm ci（安装依赖）"
npm ci --no-audit --no-fund --loglevel=error
say "==> build" "==> 构建"
npm run --silent build
chmod +x dist/cli.js
say "==> lab image (built once, then cached under /var/lib/hasetup/images)" "==> 实验环境镜像（只构建一次，之后缓存在 /var/lib/hasetup/images）"
node dist/cli.js lab image --lang "$(script_lang)"
