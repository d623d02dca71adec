"""Benchmarks: scripts that print measured figures."""

import secrets

# The key the benchmarks' apps and servers sign with: random each run (nothing they sign outlives it), and as long
# as kb serve and kb digest require (kb/secret_key.py).
BENCH_SECRET_KEY = secrets.token_hex(32)
