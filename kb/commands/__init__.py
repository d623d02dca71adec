"""The kb commands, one module per area; kb/cli.py assembles them."""
