#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what the tests need (as root, via apt), then runs
# every unit test and every integration test (namespaces, real peers, user-mode Linux).
# Under CI (CI=true) a test whose prerequisites are missing fails instead of skipping.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

wanted=$(sed -e 's/#.*//' scripts/apt-packages.txt | tr -s ' \n' ' ')
missing=()
for p in $wanted; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "tandem: tests need these packages (run as root to install them): ${missing[*]}" >&2
    exit 1
  fi
  echo "tandem: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Packages that ship services must not start them here: tests start their own instances.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

strict=false
[ "${CI:-}" = "true" ] && strict=true
exec scripts/mvn -B -ntp verify -Dtandem.require.all="$strict" "$@"
