#!/usr/bin/env bash
# Builds one of the lab's root filesystems for one Debian release, into IMAGE_DIR (docs/lab-images.md):
#   full   one mmdebstrap pass: minbase + systemd, sshd, keepalived, Tomcat, nftables and iptables.
#          Every .deb it used is kept in repo/ with a Packages index, the offline apt repository the lab hosts
#          see, plus firewalld, ufw and iptables-persistent with what they need (downloaded, not installed:
#          `lab up --firewall` installs one per host; python3 alone would double the build time).
#   base   what a --bare host boots from (no keepalived, no Tomcat), made from repo/ alone: no network.
# Lines starting with "==> " are progress markers, "@@get N" / "@@total N" count downloaded packages;
# `hasetup lab` reads both.
# Usage: build-image.sh full IMAGE_DIR SUITE MIRROR COMPONENTS TOMCAT
#        build-image.sh base IMAGE_DIR SUITE
set -euo pipefail
kind=$1 image_dir=$2 suite=$3

base_packages=systemd,systemd-sysv,dbus,iproute2,iputils-ping,procps,openssh-server,curl,ca-certificates,nftables,iptables,sudo,less
# Documentation is never read in the lab: not unpacking it saves a good part of the install time.
dpkg_opts=(
  --dpkgopt=force-unsafe-io
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-exclude=/usr/share/info/*'
)
# update-alternatives (openjdk's postinst) fails when the man directories it links into do not exist.
man_dirs='for i in 1 2 3 4 5 6 7 8; do mkdir -p "$1/usr/share/man/man$i"; done'
apt_opts=(--aptopt='Acquire::Languages "none"' --aptopt='APT::Install-Recommends "false"')

# The lab's changes to a fresh rootfs (run as a customize hook, with the rootfs as $1).
finish_rootfs() {
  local root=$1
  # minbase writes no /etc/hosts and leaves /etc/hostname 0755; per-host values come at `lab up`.
  printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
  : > "$root/etc/hostname"; chmod 0644 "$root/etc/hostname"
  rm -f "$root/etc/ssh/ssh_host_"*
  : > "$root/etc/machine-id"; : > "$root/etc/resolv.conf"
  # Hosts see only the lab's own repository (mounted read-only at /opt/hasetup-repo): no mirror, no network.
  printf 'deb [trusted=yes] file:/opt/hasetup-repo ./\n' > "$root/etc/apt/sources.list"
  rm -f "$root/etc/apt/sources.list.d/"*
  mkdir -p "$root/opt/hasetup-repo" "$root/root/.ssh"; chmod 0700 "$root/root/.ssh"
  mkdir -p "$root/etc/ssh/sshd_config.d"
  printf 'UseDNS no\nPasswordAuthentication no\nPermitRootLogin prohibit-password\n' > "$root/etc/ssh/sshd_config.d/hasetup-lab.conf"
  # nftables' unit is installed but off: `lab up --firewall NAME` turns a firewall on per host.
  for unit in firewalld.service ufw.service nftables.service netfilter-persistent.service; do
    rm -f "$root"/etc/systemd/system/*.wants/"$unit"
  done
  # Tomcat's JVM would size its heap from the whole machine's memory.
  for f in "$root"/etc/default/tomcat*; do
    [ -f "$f" ] || continue
    sed -i 's/^JAVA_OPTS=.*/JAVA_OPTS="-Djava.awt.headless=true -Xms32m -Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"/' "$f"
  done
}

work="$image_dir.build"
rm -rf "$work"
mkdir -p "$work"

case $kind in
full)
  mirror=$4 components=$5 tomcat=$6
  echo "==> mmdebstrap $suite: one pass (systemd, sshd, keepalived, $tomcat)"
  # One apt transaction downloads and installs everything (apt pipelines the downloads); the .debs stay in
  # the rootfs's apt cache (essential/unlink, cleanup/apt/cache skipped) to become the offline repository.
  # apt's own output goes to the log: "Get:N" lines are the packages fetched, "N newly installed" the total.
  mmdebstrap --variant=minbase --mode=root --verbose --components="$components" \
    "${dpkg_opts[@]}" "${apt_opts[@]}" \
    --include="$base_packages,keepalived,$tomcat" \
    --skip=essential/unlink --skip=cleanup/apt/cache \
    --essential-hook="$man_dirs" \
    --customize-hook='chroot "$1" apt-get install -y -q --download-only firewalld ufw' \
    --customize-hook='chroot "$1" sh -c "cd /var/cache/apt/archives && apt-get download -q iptables-persistent netfilter-persistent"' \
    --customize-hook="$(declare -f finish_rootfs); finish_rootfs \"\$1\"" \
    "$suite" "$work/full" "$mirror" 2>&1 | awk '
      /newly installed/ { n = $3 + 0; if (n > 0) { total += n; print "@@total " total } }
      /^Get:[0-9]+ / { got++; print "@@get " got }
      { print; fflush() }'
  echo "==> offline package repository"
  mkdir -p "$work/repo"
  mv "$work/full/var/cache/apt/archives/"*.deb "$work/repo/"
  rm -rf "$work/full/var/cache/apt/"*.bin "$work/full/var/lib/apt/lists/"*
  (cd "$work/repo" && dpkg-scanpackages --multiversion . /dev/null > Packages 2>/dev/null)
  # A Release naming the suite: mmdebstrap picks the essential set by suite (the base layer is built from here).
  {
    printf 'Origin: hasetup-lab\nLabel: hasetup-lab\nSuite: %s\nCodename: %s\n' "$suite" "$suite"
    printf 'Architectures: %s all\nComponents: main\nSHA256:\n' "$(dpkg --print-architecture)"
    printf ' %s %s Packages\n' "$(sha256sum "$work/repo/Packages" | cut -d' ' -f1)" "$(stat -c %s "$work/repo/Packages")"
  } > "$work/repo/Release"
  echo "==> $(ls "$work/repo"/*.deb | wc -l) packages in the offline repository"
  rm -rf "$image_dir/full" "$image_dir/repo"
  mkdir -p "$image_dir"
  mv "$work/full" "$work/repo" "$image_dir/"
  ;;
base)
  repo="$image_dir/repo"
  # The repository's Packages carry no Priority fields (dpkg-scanpackages without an override file), so
  # mmdebstrap's minbase sees only the Essential set: apt is named, as the full pass got it by priority.
  echo "==> mmdebstrap $suite base layer from the offline repository (no network)"
  mmdebstrap --variant=minbase --mode=root --verbose "${dpkg_opts[@]}" "${apt_opts[@]}" \
    --include="$base_packages,apt" --essential-hook="$man_dirs" \
    --customize-hook="$(declare -f finish_rootfs); finish_rootfs \"\$1\"" \
    "$suite" "$work/base" "deb [trusted=yes] copy://$repo ./" 2>&1
  rm -rf "$image_dir/base"
  mv "$work/base" "$image_dir/"
  ;;
*)
  echo "build-image.sh: unknown kind $kind (full or base)" >&2; exit 2 ;;
esac
rm -rf "$work"
du -sm "$image_dir" | awk '{print "==> image ready: " $1 " MB"}'
