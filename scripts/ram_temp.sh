#!/usr/bin/env bash
# Prints a folder for the tests' temporary files in RAM (/dev/shm, a tmpfs), made if missing; prints nothing and
# exits 1 when there is none to use: /dev/shm not a tmpfs, with less than RAM_TEMP_MIN_GB free (default 6: a
# container's 64 MB /dev/shm is too small), or, for root, one where the immutable flag cannot be set (chattr +i: the
# read-only store tests set it, and would skip). scripts/test.sh runs the suite there (BENCHMARKS.md, t-trim6).
# RAM_TEMP_ROOT names another place to try (the tests of this script).
set -uo pipefail
root="${RAM_TEMP_ROOT:-/dev/shm}"
min_gb="${RAM_TEMP_MIN_GB:-6}"
[ "$(stat -f -c %T "$root" 2>/dev/null)" = tmpfs ] || exit 1
free_kb=$(df -Pk "$root" 2>/dev/null | awk 'NR == 2 {print $4}')
[ -n "$free_kb" ] && [ "$free_kb" -ge $((min_gb * 1024 * 1024)) ] || exit 1
folder="$root/lessons-kb-tests-$(id -u)"
mkdir -p "$folder" 2>/dev/null && chmod 700 "$folder" 2>/dev/null || exit 1
if [ "$(id -u)" -eq 0 ] && command -v chattr >/dev/null 2>&1; then
  probe=$(mktemp "$folder/immutable.XXXXXX") || exit 1
  if ! chattr +i "$probe" 2>/dev/null; then
    rm -f "$probe"
    exit 1
  fi
  chattr -i "$probe"
  rm -f "$probe"
fi
echo "$folder"
