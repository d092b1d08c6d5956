#!/usr/bin/env bash
# Install the Debian packages arbiter builds, tests and judges with.
# Idempotent: only missing packages are installed; needs root.
set -euo pipefail
pkgs=(gcc g++ make pkg-config libc6-dev
      libseccomp-dev libhiredis-dev libyaml-dev libarchive-dev libjansson-dev
      libmicrohttpd-dev
      check redis-server python3 default-jdk-headless bubblewrap
      clang libclang-rt-dev valgrind chromium
      shellcheck yamllint python3-yaml groff-base
      python3-redis nodejs node-redis gnuplot-nox)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
	echo "deps: all packages present"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing ${missing[*]}; run 'make deps' as root" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
