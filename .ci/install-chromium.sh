#!/usr/bin/env bash
# Installs Debian's chromium for the report's browser test, only when it is missing.
# Idempotent and quiet: CI runs as root with network access to the Debian mirror.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-chromium: /usr/bin/chromium is missing and this is not root; install the 'chromium' package" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version
