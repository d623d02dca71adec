#!/usr/bin/env bash
# Install everything the tests need and run the whole test suite. Extra arguments go to pytest.
# Installs Debian's chromium and fonts-noto-cjk when they are missing (needs root, as on CI).
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian packages the tests need: chromium (browser tests), fonts-noto-cjk (PDFs with Chinese text made in tests).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian's ${missing[*]} for the tests..." >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
scripts/bootstrap.sh test
export KB_REQUIRE_BROWSER=1
exec .venv/bin/python -m pytest "$@"
