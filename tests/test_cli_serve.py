"""kb serve on an address it cannot listen on: one line and exit 1, before it announces anything."""

import socket

import pytest


@pytest.fixture
def initialised(kb):
    kb("init")  # the database and the secret key kb serve checks first


@pytest.mark.parametrize("family, host", [(socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")])
def test_a_port_in_use_is_said_in_one_line(kb, initialised, family, host):
    # "Lessons KB on http://127.0.0.1:5000/ … Ctrl+C stops it.", then gunicorn's "Connection in use" ten times over
    # five seconds, then "Can't connect"
    try:
        busy = socket.create_server((host, 0), family=family)
    except OSError:
        pytest.skip(f"no {host} on this machine")
    with busy:
        port = busy.getsockname()[1]
        result = kb("serve", "--host", host, "--port", str(port), "--workers", "1", ok=False)
    shown = f"[{host}]" if ":" in host else host
    assert (result.exit_code, result.output) == (
        1, f"Error: {shown}:{port} is in use (another kb serve, or another server): stop it, or give another --port\n")


@pytest.mark.parametrize("host, says", [
    ("no-such-host.invalid", "Error: cannot listen on no-such-host.invalid: "),
    ("192.0.2.1", "Error: 192.0.2.1:5000 is not an address of this machine: give --host 127.0.0.1 or 0.0.0.0\n"),
])
def test_an_address_that_is_not_this_machines_is_said_in_one_line(kb, initialised, host, says):
    result = kb("serve", "--host", host, "--workers", "1", ok=False)
    assert result.exit_code == 1 and result.output.startswith(says) and "Lessons KB on" not in result.output
