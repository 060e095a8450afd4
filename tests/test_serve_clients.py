"""A client of the service is told by its address (an IPv6 one by its /64), and its
connections are counted across the worker processes of one service: ``--per-client`` bounds
what a client holds in the service, whichever worker the system gives each connection to.
Worker processes played by small Python processes on the table the service shares."""

from __future__ import annotations

import ipaddress
import logging
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callrules.serve import _clients, create_app
from callrules.serve._clients import SharedCounts, client_of, remove_table, shared_table
from callrules.serve._connection import Connection
from tests.laws import settings
from tests.live_server import serving
from tests.test_serve_stalls import _address, _health, _refused

#: A worker process: counts in the table at argv[1], one command a line ("take CLIENT MOST",
#: "give CLIENT"), each answered a line (the answer of ``take``, or "ok").
#: (The module read alone, from its file: the library's import is slower than the test.)
WORKER = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("clients", sys.argv[2])
clients = importlib.util.module_from_spec(spec)
spec.loader.exec_module(clients)
clients.SWEEP_EVERY = 0  # (its looks for the columns of workers that died: at each refusal)
counts = clients.SharedCounts(sys.argv[1])
print("ready", flush=True)
for line in sys.stdin:
    verb, client, *most = line.split()
    print(counts.take(client, int(most[0])) if verb == "take" else counts.give(client) or "ok",
          flush=True)
"""


@contextmanager
def _worker(table: str) -> Iterator[subprocess.Popen[str]]:
    with subprocess.Popen([sys.executable, "-c", WORKER, table, _clients.__file__],
                          text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as process:
        try:
            assert process.stdout is not None and process.stdout.readline() == "ready\n"
            yield process
        finally:
            process.kill()


def _ask(process: subprocess.Popen[str], line: str) -> str:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(line + "\n")
    process.stdin.flush()
    return process.stdout.readline().strip()


@settings(max_examples=60)
@given(st.ip_addresses(v=6), st.integers(0, (1 << 64) - 1))
def test_an_ipv6_client_is_its_64(address: ipaddress.IPv6Address, host: int) -> None:
    # any address of one /64 is one client; an IPv4 address written as IPv6 is that client
    same = ipaddress.IPv6Address(int(address) >> 64 << 64 | host)
    if address.ipv4_mapped is None and same.ipv4_mapped is None:
        assert client_of(str(same)) == client_of(str(address))
        assert ipaddress.ip_address(str(address)) in ipaddress.ip_network(client_of(address))
    other = ipaddress.IPv6Address(int(address) ^ (1 << 64))  # (the next /64's)
    if address.ipv4_mapped is None and other.ipv4_mapped is None:
        assert client_of(str(other)) != client_of(str(address))


def test_an_ipv4_client_is_its_address() -> None:
    assert client_of("203.0.113.7") == client_of("::ffff:203.0.113.7") == "203.0.113.7"
    assert client_of("203.0.113.7") != client_of("203.0.113.8")


def test_workers_count_a_clients_connections_together() -> None:
    table = shared_table(2)
    try:
        with _worker(table) as first, _worker(table) as second:
            # most 3: two in one worker, one in the other, the fourth refused in either
            assert [_ask(first, "take 2001:db8::/64 3") for _ in range(2)] == ["True"] * 2
            assert _ask(second, "take 2001:db8::/64 3") == "True"
            assert _ask(second, "take 2001:db8::/64 3") == "False"
            assert _ask(first, "take 2001:db8::/64 3") == "False"
            assert _ask(second, "take 203.0.113.7 3") == "True"  # (another client)
            assert _ask(first, "give 2001:db8::/64") == "ok"
            assert _ask(second, "take 2001:db8::/64 3") == "True"  # (its place back)
            assert _ask(first, "take 2001:db8::/64 3") == "False"
            first.kill()
            first.wait()
            # a worker that died holding connections (its own process ended: none is open)
            # is restarted; its column, free again, is zeroed by the one taking it
            with _worker(table) as restarted:
                assert [_ask(restarted, "take 2001:db8::/64 3") for _ in range(2)] == [
                    "True", "False"]
    finally:
        remove_table(table)


def test_a_worker_that_died_leaves_no_count_behind() -> None:
    # its column let go of by the system as its process ended, the others find it at their
    # next refusal and zero it: its client's connections ended with it
    table = shared_table(1)  # (two columns)
    try:
        with _worker(table) as first, _worker(table) as second:
            assert [_ask(first, "take 203.0.113.7 2") for _ in range(2)] == ["True"] * 2
            assert _ask(second, "take 203.0.113.7 2") == "False"
            first.kill()
            first.wait()
            assert [_ask(second, "take 203.0.113.7 2") for _ in range(3)] == [
                "True", "True", "False"]
    finally:
        remove_table(table)


def test_a_table_with_every_column_taken_is_not_counted_in() -> None:
    table = shared_table(1)  # (two columns)
    try:
        with _worker(table), _worker(table):
            try:
                SharedCounts(table)
            except OSError:
                pass
            else:
                raise AssertionError("a third process counted in a column already taken")
    finally:
        remove_table(table)


def test_a_server_counts_its_clients_in_the_table_its_workers_share() -> None:
    # another worker holds one of 127.0.0.1's connections: with a most of 2, this server
    # (a worker counting in the same table) serves one, and refuses the next
    table = shared_table(2)
    try:
        with _worker(table) as other:
            assert _ask(other, "take 127.0.0.1 2") == "True"
            with serving(create_app(), http=partial(Connection, stall=60, per_client=2,
                                                    shared=table)) as base:
                where = _address(base)
                with socket.create_connection(where) as one:
                    assert _health(one) == b"HTTP/1.1 200 OK"
                    with socket.create_connection(where) as more:
                        assert _refused(more)
    finally:
        remove_table(table)


def test_no_table_to_be_made_leaves_each_worker_its_own_count(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
        ) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no such folder"))
    with caplog.at_level(logging.WARNING, "callrules.serve"):
        assert shared_table(2) == ""
    assert "each counts its own" in caplog.text and "Traceback" not in caplog.text
