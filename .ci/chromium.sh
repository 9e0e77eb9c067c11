#!/usr/bin/env bash
# Installs Debian's Chromium for the web host's browser test when /usr/bin/chromium is missing (CI runs as root
# on a fresh machine). The test drives it through Playwright with ExecutablePath=/usr/bin/chromium: nothing is
# downloaded by Playwright itself. Safe to run twice; exits non-zero when the install fails.
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
  echo "chromium: present ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "chromium: /usr/bin/chromium is missing; install it as root: apt-get install -y chromium" >&2
  exit 1
fi

echo "chromium: installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
# Another install may hold the dpkg lock: wait for it rather than fail.
apt-get -o DPkg::Lock::Timeout=600 update -q
apt-get -o DPkg::Lock::Timeout=600 install -y -q chromium
if [[ ! -x /usr/bin/chromium ]]; then
  echo "chromium: the package installed, but /usr/bin/chromium is still missing" >&2
  exit 1
fi
echo "chromium: installed ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
