"""The Flask web UI and JSON API."""
