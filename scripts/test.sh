#!/usr/bin/env bash
# Install everything the tests need and run the whole test suite, on every core (pytest-xdist: one worker a core).
# Extra arguments go to pytest: `bash scripts/test.sh tests/kb -x`; serially with `-n 0` (or `-p no:xdist`).
# Installs Debian's chromium-headless-shell and fonts when they are missing (needs root, as on CI).
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian packages the tests need: chromium-headless-shell (browser tests: Chromium's headless shell, under half the
# CPU of the browser in its headless mode, BENCHMARKS.md t-trim10a), fonts-noto-cjk (PDFs with Chinese text made in
# tests), fonts-noto-color-emoji (emoji in titles, drawn as a reader's browser draws them, not as boxes),
# tesseract with Chinese (OCR).
missing=()
command -v chromium-headless-shell >/dev/null 2>&1 || missing+=(chromium-headless-shell)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
# OCR of scanned PDFs (the optional 'ocr' extra): the tests read a scan in Chinese and English.
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || missing+=(tesseract-ocr tesseract-ocr-chi-sim)
# Installed beside the Python packages (scripts/bootstrap.sh): both wait mostly on downloads, and one after the
# other they added up on a fresh machine.
apt_pid=""
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian's ${missing[*]} for the tests, beside the Python packages..." >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  ( $sudo_cmd apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null ) &
  apt_pid=$!
fi
scripts/bootstrap.sh test
if [ -n "$apt_pid" ] && ! wait "$apt_pid"; then
  echo "test.sh: installing Debian's ${missing[*]} failed (apt-get's messages above)" >&2
  exit 1
fi
export KB_REQUIRE_BROWSER=1
# The project's modules byte-compiled once, on every core, for every Python process the tests start (the workers,
# and each kb command a test runs: with PYTHONDONTWRITEBYTECODE=1, as on these machines, each compiled them from
# source again, 0.4 s of CPU apiece; BENCHMARKS.md, t-trim6). A file that does not compile is pytest's to report.
.venv/bin/python -m compileall -q -j 0 kb ingest search web benchmarks || true
# pytest's rewriting of the test modules' asserts, done once on every core: each worker rewrote the whole suite at
# collection (25 s of CPU a worker), as PYTHONDONTWRITEBYTECODE=1 stopped pytest caching it (scripts/rewrite_tests.py).
.venv/bin/python scripts/rewrite_tests.py tests || true
# The tests' temporary folders (each test's stores and files, the run's shared builds) in RAM when there is room
# (scripts/ram_temp.sh): on the disk every SQLite store made, index saved and cache written waited for the disk
# (fsync, 3-4 ms each) with a core idle meanwhile (BENCHMARKS.md, t-trim6). Only failed tests' folders are kept there
# (pytest's retention policy "failed"; a run that passes removes its folder), so little memory stays taken.
# A TMPDIR set by the caller wins.
temp_options=()
if [ -z "${TMPDIR:-}" ] && folder=$(bash scripts/ram_temp.sh); then
  export TMPDIR="$folder"
  temp_options=(-o tmp_path_retention_policy=failed)
fi
# One worker a core, at most 8 (each loads the model and may start Chromium: 1.4 GB at its peak in a run on 2 cores);
# idle workers take tests from busy ones (worksteal). A later `-n N` or `--dist` among the arguments wins;
# `-p no:xdist` turns the plugin off, and with it these options.
workers=$(nproc)
[ "$workers" -gt 8 ] && workers=8
parallel=(-n "$workers" --dist worksteal)
for arg in "$@"; do
  case "$arg" in no:xdist | -pno:xdist) parallel=() ;; esac
done
exec .venv/bin/python -m pytest "${parallel[@]}" "${temp_options[@]}" "$@"
