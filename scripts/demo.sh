#!/usr/bin/env bash
# The demo: builds Tandem and validates every example configuration with `tandem check`,
# then shows what an error report looks like. (The live two-director lab in network namespaces
# arrives with the daemon; this script will start it.)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
echo "==> building (scripts/mvn package, tests skipped)"
scripts/mvn -B -q -ntp package -DskipTests
tandem=daemon/target/tandem-0.1.0-SNAPSHOT/tandem/bin/tandem
"$tandem" version
for conf in examples/*/tandem.conf; do
  echo "==> tandem check -f $conf"
  "$tandem" check -f "$conf"
done
bad=$(mktemp -d)
trap 'rm -rf "$bad"' EXIT
mkdir -p "$bad/conf.d"
echo 'tandem.node-id = demo' > "$bad/tandem.conf"
cat > "$bad/conf.d/web.conf" <<'CONF'
vrrp.web {
  interface = eth0
  vrid = 51
  prority = 150
  advert-interval = 100
  virtual-ips = ["192.0.2.10/24"]
  auth.pass = secret
}
CONF
echo "==> tandem check on a broken config (expected to fail, exit 1):"
"$tandem" check -f "$bad/tandem.conf" || echo "(exit $?)"
