"""Lessons KB core: settings, domain types, errors, the SQLite store and the CLI."""
