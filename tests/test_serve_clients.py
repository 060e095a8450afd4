"""A client of the service is told by its address (an IPv6 one by its /64), and its
connections are counted across the worker processes of one service: ``--per-client`` bounds
what a client holds in the service, whichever worker the system gives each connection to.
Worker processes played by small Python processes on the table the service shares."""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
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
from callrules.serve._clients import (
    LocalCounts,
    SharedCounts,
    client_of,
    remove_table,
    shared_table,
)
from callrules.serve._connection import Connection
from tests.laws import settings
from tests.live_server import address as _address
from tests.live_server import health as _health
from tests.live_server import refused as _refused
from tests.live_server import serving

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


def test_a_table_not_this_users_alone_or_not_whole_is_not_counted_in(
        caplog: pytest.LogCaptureFixture) -> None:
    # a table another user could write in, cut short, or gone: each worker its own, said
    for spoil in (lambda path: os.chmod(path, 0o666), lambda path: os.truncate(path, 64),
                  os.remove):
        table = shared_table(1)
        try:
            spoil(table)
            with caplog.at_level(logging.WARNING, "callrules.serve"):
                assert isinstance(_clients.counts_in(table), LocalCounts)
        finally:
            remove_table(table)
    assert caplog.text.count("each counts its own") == 3


def test_a_connection_let_go_of_that_was_not_counted_is_said(
        caplog: pytest.LogCaptureFixture) -> None:
    table = shared_table(1)
    counts = SharedCounts(table)
    try:
        with caplog.at_level(logging.ERROR, "callrules.serve"):
            LocalCounts().give("203.0.113.7")
            counts.give("203.0.113.7")
        assert caplog.text.count("not counted") == 2
        assert counts.take("203.0.113.7", 1)  # (no count below zero: its place whole)
        assert not counts.take("203.0.113.7", 1)
    finally:
        counts.close()
        remove_table(table)


def test_no_table_to_be_made_leaves_each_worker_its_own_count(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
        ) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no such folder"))
    with caplog.at_level(logging.WARNING, "callrules.serve"):
        assert shared_table(2) == ""
    assert "each counts its own" in caplog.text and "Traceback" not in caplog.text
    # a folder with no room for the table (its space reserved as it is made: no worker
    # killed writing in a page the disk has no room for), nothing left in it
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def full(fd: int, offset: int, size: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "posix_fallocate", full, raising=False)
    with caplog.at_level(logging.WARNING, "callrules.serve"):
        assert shared_table(2) == ""
    assert "No space left" in caplog.text and not list(tmp_path.iterdir())


@settings(max_examples=40)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 40), st.sampled_from([0, 1])),
                max_size=150), st.integers(1, 3), st.sampled_from([2, 32]))
def test_a_client_is_counted_by_its_own_connections_alone(
        steps: list[tuple[bool, int, int]], most: int, probes: int) -> None:
    # two workers (two columns of one table), many clients whose hashes name a few places
    # (a client finding all near it taken counted by its worker alone): a client is refused
    # only when it holds its most itself, never for another's connections (a client holding
    # nothing: never), and let in under its most (counted apart: in each worker)
    table = shared_table(1)
    workers = [SharedCounts(table), SharedCounts(table)]
    workers[1]._column = 1  # (one process: its lock is its own; the second column by hand)
    workers[1]._map[workers[1]._flags + 1] = 1
    for counts in workers:
        real = counts._id
        counts._id = partial(lambda real, client: (  # type: ignore[method-assign]
            real(client)[0], int(client.rsplit(".", 1)[1]) % 3), real)
    held = {(number, worker): 0 for number in range(41) for worker in (0, 1)}
    was, _clients.PROBES = _clients.PROBES, probes
    try:
        for take, number, worker in steps:
            client = f"203.0.113.{number}"
            counts = workers[worker]
            holds = held[number, 0] + held[number, 1]
            if take:
                apart = any(counts._id(client)[0] in each._apart for each in workers)
                let_in = counts.take(client, most)
                assert let_in or holds >= most
                assert not let_in or holds < most or apart
                held[number, worker] += let_in
            elif held[number, worker]:
                counts.give(client)
                held[number, worker] -= 1
    finally:
        _clients.PROBES = was
        for counts in workers:
            counts.close()
        remove_table(table)
