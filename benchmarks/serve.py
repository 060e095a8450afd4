#!/usr/bin/env python
"""Benchmark of ``callrules serve`` on loopback (not part of the test suite).

Run from the repository root, with the extras installed (``pip install -e '.[test]'``)::

    python benchmarks/serve.py                 # --batch 10000 --requests 1000 --clients 50

The server runs in its own process (``python -m callrules serve``, one worker unless
``--workers``); the clients run in this one (httpx). What is measured, each figure printed
beside its target:

1. latency of one application (the eligible example) posted as JSON, one request at a time:
   median and 99th percentile (target: median under 20 ms);
2. throughput with 50 concurrent clients (asyncio, one connection each) posting generated
   applications, and the number of failed requests (target: none);
3. a batch of 10,000 generated applications posted as JSON Lines, against
   ``callrules.evaluate_many`` in this process on the same lines, with the verdicts compared
   record by record; the two are interleaved (server, library, server, …) and the medians
   compared (target: the server under 2× the library). The library's figure does not include
   writing the reports as JSON with their messages, which the server does: both are given;
4. the latency of ``GET /health`` (polled every 50 ms) while ``--heavy`` slow checks of one
   application run at once (target: p99 under 100 ms): a call whose four rules nest two
   ``exists`` (a 1 KB call file that ``validate`` accepts, 16 million steps for the generated
   application of 1,000 visitors and 1,000 documents, ~370 KB), then a 1 MB body whose unknown
   key holds nested lists (a few hundred thousand of them).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

import bench  # noqa: E402  (the synthetic applications of benchmarks/bench.py)

import callrules  # noqa: E402

NOW = "2026-05-30T12:00:00+02:00"
CHECK = "/calls/cnrs-amsud-2026/check"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(port: int, workers: int, call_dir: str | None = None
                 ) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    more = ["--call-dir", call_dir] if call_dir else []
    server = subprocess.Popen([sys.executable, "-m", "callrules", "serve", "--port", str(port),
                               "--workers", str(workers), "--per-client", "0", *more],
                              # (its clients all come from one address: not one client)
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def latency(url: str, body: bytes, count: int) -> list[float]:
    times = []
    with httpx.Client(base_url=url) as client:
        for _ in range(20):  # warm up the connection and the server
            client.post(CHECK, params={"now": NOW}, content=body,
                        headers={"Content-Type": "application/json"})
        for _ in range(count):
            started = time.perf_counter()
            response = client.post(CHECK, params={"now": NOW}, content=body,
                                   headers={"Content-Type": "application/json"})
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text
    return times


async def _clients(url: str, bodies: list[bytes], clients: int) -> tuple[float, int, list[float]]:
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    failed = 0
    times: list[float] = []

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal failed
        while not queue.empty():
            body = queue.get_nowait()
            started = time.perf_counter()
            try:
                response = await http.post(CHECK, params={"now": NOW}, content=body,
                                           headers={"Content-Type": "application/json"})
                failed += response.status_code not in (200, 422)
            except httpx.HTTPError:
                failed += 1
            times.append(time.perf_counter() - started)

    # one client, one connection per concurrent user: creating fifty clients would block the
    # loop (each builds its own TLS context) while the first ones are being timed
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        return time.perf_counter() - started, failed, times


def batch_round(url: str, text: str, lines: list[str], call: callrules.Call
                ) -> tuple[float, float, float, list[Any], Any]:
    """One server run and one library run (bare, then with JSON and messages)."""
    now = callrules.parse_instant(NOW)
    with httpx.Client(base_url=url, timeout=600) as client:
        started = time.perf_counter()
        response = client.post(CHECK, params={"now": NOW}, content=text.encode("utf-8"),
                               headers={"Content-Type": "application/jsonl"})
        served = time.perf_counter() - started
    assert response.status_code == 200, response.text[:500]
    started = time.perf_counter()
    result = callrules.evaluate_many(call, lines, now=now, progress=False)
    library = time.perf_counter() - started
    started = time.perf_counter()
    for item in result:
        json.dumps(item.to_dict("en"), ensure_ascii=False)
    written = time.perf_counter() - started
    return served, library, library + written, response.text.splitlines(), result


#: A call whose rules cost the product of the documents and the visitors, four times over.
_NESTED = {"op": "exists", "path": "documents", "as": "d", "where": {
    "op": "exists", "path": "$root.visitors",
    "where": {"op": "compare", "path": "stay.arrival", "cmp": ">", "to": "2030-01-01"}}}
HEAVY_CALL = {"id": "work", "version": "1", "languages": ["en"], "title": {"en": "Work"},
              "timezone": "Europe/Paris", "currency": "EUR",
              "timeline": {"deadline": "2026-06-01T17:00:00"},
              "clauses": [{"id": "c", "title": {"en": "C"}, "text": {"en": "C"}}],
              "rules": [{"clause": "c", "check": _NESTED}] * 4}


def heavy_bodies() -> tuple[bytes, bytes]:
    """An application of 1,000 visitors and 1,000 documents (for the heavy call), and a 1 MB
    application to the bundled call whose unknown key holds nested lists."""
    example = json.loads((ROOT / "examples" / "eligible.json").read_text(encoding="utf-8"))
    big = {key: value for key, value in example.items() if key != "call"}
    visitor = example["visitors"][0]
    big["visitors"] = [{**visitor, "id": f"v{i}", "person": {
        **visitor["person"], "email": f"p{i}@usp.br"}} for i in range(1000)]
    big["documents"] = [{"kind": "cv", "owner": f"v{i}", "pages": 1} for i in range(1000)]
    big["budget"] = {"lines": []}
    nested = dict(example)
    nested["zz"] = [[[[[[]]]]]] * 75_000
    return (json.dumps(big).encode("utf-8"), json.dumps(nested, separators=(",", ":"))
            .encode("utf-8"))


async def _health_under(url: str, path: str, body: bytes, heavy: int
                        ) -> tuple[list[float], list[int], float]:
    """``/health``'s latencies while ``heavy`` checks of ``body`` run at once, their
    statuses, and the time they all took."""
    times: list[float] = []
    async with httpx.AsyncClient(base_url=url, timeout=600) as http:
        async def one() -> int:
            response = await http.post(path, params={"now": NOW}, content=body,
                                       headers={"Content-Type": "application/json"})
            return response.status_code

        started = time.perf_counter()
        checks = asyncio.gather(*(one() for _ in range(heavy)))
        await asyncio.sleep(0.2)
        async with httpx.AsyncClient(base_url=url, timeout=600) as probe:
            while not checks.done():
                sent = time.perf_counter()
                assert (await probe.get("/health")).status_code == 200
                times.append(time.perf_counter() - sent)
                await asyncio.sleep(0.05)
        statuses = await checks
        return times, statuses, time.perf_counter() - started


def health_under_load(heavy: int) -> None:
    work, nested = heavy_bodies()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "work.json").write_text(json.dumps(HEAVY_CALL), encoding="utf-8")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = start_server(port, 1, folder)
        try:
            for label, path, body in (("heavy rules", "/calls/work/check", work),
                                      ("1 MB nested unknown key", CHECK, nested)):
                times, statuses, wall = asyncio.run(_health_under(url, path, body, heavy))
                print(f"4. /health while {heavy} checks of {len(body) / 1e6:.2f} MB ({label}) "
                      f"run, {wall:.1f} s, answers {sorted(set(statuses))}: median "
                      f"{statistics.median(times) * 1000:.0f} ms, p99 "
                      f"{percentile(times, 0.99) * 1000:.0f} ms (target < 100 ms), max "
                      f"{max(times) * 1000:.0f} ms, over {len(times)} probes")
        finally:
            server.terminate()
            server.wait(30)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--heavy", type=int, default=3,
                        help="slow checks at once while /health is timed (0: none)")
    parser.add_argument("--only-health", action="store_true",
                        help="time /health under slow checks only (4.)")
    args = parser.parse_args(argv)
    info = bench.machine()
    print(f"machine: {info['cores']} cores, {info['cpu']}; {info['python']}; "
          f"source {info['source']}; load {os.getloadavg()}")
    if args.only_health:
        health_under_load(args.heavy)
        return 0
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(port, args.workers)
    try:
        eligible = (ROOT / "examples" / "eligible.json").read_bytes()
        times = latency(url, eligible, args.requests)
        median, p99 = statistics.median(times) * 1000, percentile(times, 0.99) * 1000
        print(f"1. one application: median {median:.1f} ms (target < 20 ms), "
              f"p99 {p99:.1f} ms, over {len(times)} requests")

        bodies = [line.encode("utf-8") for line in bench.json_lines(args.requests, seed=15)]
        wall, failed, each = asyncio.run(_clients(url, bodies, args.clients))
        print(f"2. {args.clients} concurrent clients: {len(bodies) / wall:,.0f} requests/s, "
              f"median {statistics.median(each) * 1000:.0f} ms, p99 "
              f"{percentile(each, 0.99) * 1000:.0f} ms; failed requests: {failed} (target 0)")

        if args.batch:
            batch_rounds(url, args.batch, args.rounds)
    finally:
        server.terminate()
        server.wait(30)
    if args.heavy:
        health_under_load(args.heavy)
    print(f"load at the end: {os.getloadavg()}")
    return 0


def batch_rounds(url: str, size: int, rounds: int) -> None:
    """3.: a batch of ``size`` posted ``rounds`` times, against ``evaluate_many``."""
    lines = list(bench.json_lines(size))
    text = "".join(line + "\n" for line in lines)
    call = callrules.calls.load("cnrs-amsud-2026")
    served, bare, written = [], [], []
    for _ in range(rounds):
        s, b, w, answer, result = batch_round(url, text, lines, call)
        served.append(s)
        bare.append(b)
        written.append(w)
    verdicts = [json.loads(line).get("eligible") for line in answer]
    expected = [None if item.report is None else item.report.eligible for item in result]
    disagree = sum(a != b for a, b in zip(verdicts, expected, strict=True))
    s, b, w = (statistics.median(x) for x in (served, bare, written))
    print(f"3. batch of {size:,} as JSON Lines: server {s:.2f} s, evaluate_many "
          f"{b:.2f} s ({b + (w - b):.2f} s with JSON and messages); ratio {s / b:.2f}x "
          f"(target < 2x), {s / w:.2f}x against the library writing the same JSON; "
          f"{len(text) / 1e6:.1f} MB posted; verdicts differing: {disagree} (target 0)")


if __name__ == "__main__":
    raise SystemExit(main())
