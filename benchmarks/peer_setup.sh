#!/usr/bin/env bash
# A separate virtualenv with Presidio's analyzer, the peer the checker is
# measured against. Not a project dependency; the project never imports it.
set -euo pipefail
dest="${1:-/tmp/peer}"
python3 -m venv "$dest"
"$dest/bin/pip" install -q presidio-analyzer
echo "peer ready: $dest/bin/python"
