#!/usr/bin/env bash
# Installs what hasetup and its lab need on a Debian/Ubuntu machine (as root), then builds hasetup.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then echo "setup.sh: run as root (the lab creates namespaces, mounts and containers)" >&2; exit 2; fi
packages=(systemd-container mmdebstrap dpkg-dev iproute2 openssh-client util-linux curl tmux ca-certificates)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
command -v node >/dev/null || { echo "setup.sh: Node.js 20.19 or later is needed (https://nodejs.org or your distribution)" >&2; exit 2; }
echo "==> npm ci"
npm ci --no-audit --no-fund --loglevel=error
echo "==> build"
npm run --silent build
chmod +x dist/cli.js
echo "==> lab image (built once, then cached under /var/lib/hasetup/images)"
node dist/cli.js lab image
