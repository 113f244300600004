#!/usr/bin/env bash
# THE OLD RECIPE, kept for bench/image-build.ts only (as of commit b6afeb0): debootstrap, then a second
# apt pass in systemd-nspawn for keepalived and tomcat10. The lab uses lab/build-image.sh.
# Builds the lab's root filesystems, once, into IMAGE_DIR:
#   base/   debootstrap minbase + systemd, sshd, curl (what a --bare host boots from)
#   full/   an overlay layer on base with keepalived and Tomcat installed (lowerdir=full:base)
#   repo/   every .deb that turned base into full, with a Packages index: the offline apt
#           repository that lets `apt-get install keepalived tomcat10` work on a --bare host
# Lines starting with "==> " are progress markers read by `hasetup lab`.
# Usage: build-image.sh IMAGE_DIR SUITE MIRROR COMPONENTS
set -euo pipefail
image_dir=$1 suite=$2 mirror=$3 components=$4
work="$image_dir.build"
rm -rf "$work"
mkdir -p "$work"

echo "==> debootstrap $suite (minbase + systemd, openssh-server, curl)"
debootstrap --variant=minbase --components="$components" \
  --include=systemd,systemd-sysv,dbus,iproute2,iputils-ping,procps,openssh-server,curl,ca-certificates,nftables,iptables,sudo,less \
  "$suite" "$work/base" "$mirror"

base="$work/base"
# minbase writes no /etc/hosts and leaves /etc/hostname 0755; per-host values come at `lab up`.
printf '127.0.0.1 localhost\n::1 localhost\n' > "$base/etc/hosts"
: > "$base/etc/hostname"; chmod 0644 "$base/etc/hostname"
# Keep services from starting while packages are installed during the build.
printf '#!/bin/sh\nexit 101\n' > "$base/usr/sbin/policy-rc.d"; chmod 0755 "$base/usr/sbin/policy-rc.d"

echo "==> installing keepalived and tomcat10 into the full layer"
mkdir -p "$work/full" "$work/full.work" "$work/full.merged" "$work/debs"
mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/full,workdir=$work/full.work" "$work/full.merged"
trap 'umount "$work/full.merged" 2>/dev/null || true' EXIT
in_full() {
  systemd-nspawn --quiet --register=no --keep-unit --resolv-conf=copy-host --timezone=off \
    --link-journal=no -D "$work/full.merged" --bind="$work/debs:/var/cache/apt/archives" "$@"
}
in_full env DEBIAN_FRONTEND=noninteractive apt-get update -q
in_full env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  -o APT::Keep-Downloaded-Packages=true keepalived tomcat10
umount "$work/full.merged"; trap - EXIT
rm -rf "$work/full.work" "$work/full.merged"

echo "==> offline package repository ($(ls "$work/debs"/*.deb | wc -l) packages)"
mkdir -p "$work/repo"
mv "$work/debs"/*.deb "$work/repo/"
rm -rf "$work/debs"
(cd "$work/repo" && dpkg-scanpackages --multiversion . /dev/null > Packages 2>/dev/null)

echo "==> cleaning the images"
for layer in "$base" "$work/full"; do
  rm -rf "$layer/var/lib/apt/lists/"* "$layer/var/cache/apt/"*.bin
done
# Hosts see only the lab's own repository (mounted read-only at /opt/hasetup-repo): no mirror, no network.
printf 'deb [trusted=yes] file:/opt/hasetup-repo ./\n' > "$base/etc/apt/sources.list"
rm -f "$base/etc/apt/sources.list.d/"* "$work/full/etc/apt/sources.list" 2>/dev/null || true
mkdir -p "$base/opt/hasetup-repo"
rm -f "$base/etc/ssh/ssh_host_"* "$work/full/etc/ssh/ssh_host_"*
: > "$base/etc/machine-id"; rm -f "$work/full/etc/machine-id"
: > "$base/etc/resolv.conf"; rm -f "$work/full/etc/resolv.conf"
rm -f "$base/usr/sbin/policy-rc.d" "$work/full/usr/sbin/policy-rc.d"
# Tomcat's JVM would size its heap from the whole machine's memory.
if [ -f "$work/full/etc/default/tomcat10" ]; then
  sed -i 's/^JAVA_OPTS=.*/JAVA_OPTS="-Djava.awt.headless=true -Xms32m -Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"/' "$work/full/etc/default/tomcat10"
fi
mkdir -p "$base/root/.ssh"; chmod 0700 "$base/root/.ssh"
printf 'UseDNS no\nPasswordAuthentication no\nPermitRootLogin prohibit-password\n' > "$base/etc/ssh/sshd_config.d/hasetup-lab.conf"

rm -rf "$image_dir"
mv "$work" "$image_dir"
du -sm "$image_dir" | awk '{print "==> image ready: " $1 " MB"}'
