#!/usr/bin/env bash
# Install everything the tests need and run the whole test suite. Extra arguments go to pytest.
# Installs Debian's chromium for the browser tests when it is missing (needs root, as on CI).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
scripts/bootstrap.sh test
export KB_REQUIRE_BROWSER=1
exec .venv/bin/python -m pytest "$@"
