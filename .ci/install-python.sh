#!/usr/bin/env bash
# Installs Debian's numpy and PyTorch for the Python export tests (tests/EqNet.Tests/Export), only when missing.
# The tests run /usr/bin/python3 when the python3 on the PATH lacks them (EQNET_PYTHON overrides).
set -euo pipefail
if /usr/bin/python3 -c "import numpy, torch" 2>/dev/null; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-python: /usr/bin/python3 lacks numpy or torch and this is not root; install python3-numpy and python3-torch" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends python3-numpy python3-torch >/dev/null
/usr/bin/python3 -c "import numpy, torch; print('numpy', numpy.__version__, 'torch', torch.__version__)"
