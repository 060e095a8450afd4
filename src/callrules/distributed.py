"""Batches beyond one machine: a collection of applications checked on a Dask cluster
(``pip install 'callrules[dask]'``), with the same results as :func:`callrules.evaluate_many`::

    from callrules.distributed import evaluate_dask

    items = evaluate_dask("cnrs-amsud-2026", ["archive/2026-*.jsonl"], now=now).compute()

How it is done, so that it scales with the cluster and agrees with one machine exactly:

1. each partition is read and checked on its own, where it lies (its files read by
   :func:`callrules.records`' own readers, as ``callrules check`` reads them, then
   ``evaluate_many`` over the partition), and each record's keys for the rules that span
   applications (``unique``: one application per host) are read;
2. the keys shared by two or more records are found by a tree reduction of each
   partition's key digests (:data:`REDUCE_FAN` at a time), and only the records holding
   one of those are brought together, by a staged shuffle into a bucket a partition (a
   hash of the key picks one; :mod:`callrules._shuffle`): the graph grows with the
   partitions (times the stages), never with their square. Where the keys spread,
   each task handles about a partition's share of those records; the records sharing one
   key are judged together, in one task, however many they are (every record of a batch
   sharing one host: all of them in one task, and in the shuffle's tasks on their way).
   Each group of two or more is checked again, as a batch of its own, by the
   rule whose key they share alone (:func:`callrules._evaluate.rule_findings`), in their
   original order: the earliest submission (by the rule's ``order_by``, then by place in
   the batch) keeps its place and the others get the finding, as in ``evaluate_many``;
3. each partition's reports get their group's findings (sent back by a staged shuffle
   too, each partition its own records'), and records are numbered as in one
   batch. The result is a Dask Bag of :class:`~callrules.BatchItem`, in input order.

The call is sent to the workers by reference (its id, or its file, with the instant of the
version it is: ``call.at(instant)``), never as code: every worker must be able to load it
(the bundled calls and installed call packages always can). A reference is used only when
the call it names, loaded here, judges as this call does (its definition, edition and
version in force); any other call (built in memory, a later edition of a recurring call,
one whose file holds another definition now) is sent as a pickle holds it, its definition
compiled again once per worker. So is a call that reads values the platform registers (a
named set, a shared vocabulary): its pickle holds the values it was loaded with, and every
worker judges with those, whatever it has registered. A call sent by its id carries the
fingerprint of the client's: a worker that has another call registered under that id
(another version of it) refuses it (``call_registered_differs``) rather than judge by it.
Every task that reads, keys, judges or puts together records carries the client's library
(its identity, :func:`callrules._library.identity`, a digest of its catalogs of words, those
a platform registered with them, and the release of the time-zone database the call's zone
is read from): a worker running
another callrules, whatever its version says, or another database, refuses the batch
(``worker_library_differs``, ``worker_words_differ``, ``worker_zones_differ``), checked
once per worker; on a client of ``distributed``, every worker is asked before anything is
sent (one older than this check is named then, rather than leave the cluster).
The reports come back with their call as a pickle holds one: its definition, compiled again
once in the client's process (see :class:`~callrules.Call`), saying the source of the call
given (a copy of a registered call at another path, its text), whichever reference took it.
"""

from __future__ import annotations

import copyreg
import dataclasses
import glob
import hashlib
import io
import math
import multiprocessing
import os
import pickle
import re
import socket
import sys
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from functools import cache, partial
from numbers import Integral
from operator import getitem, index
from os import PathLike
from pathlib import Path, PurePosixPath
from typing import Any, Literal, NamedTuple, cast

import cloudpickle  # type: ignore[import-untyped]  # (Dask's own dependency)
import dask
import dask.bag as db
import fsspec  # type: ignore[import-untyped]  # (Dask's own dependency: nothing to add)
from dask.base import get_scheduler, tokenize
from dask.highlevelgraph import HighLevelGraph

from callrules import BatchItem, Call, Finding, InputError, calls, evaluate_many
from callrules import parse_application as _parse
from callrules._call import fingerprint, sourced_as
from callrules._evaluate import _read_given, rule_findings
from callrules._files_given import is_kind, is_open_file
from callrules._form import generic_form
from callrules._given import failed_given, given, iterated, record_unread, record_unsent
from callrules._i18n import LOCALE_DIR, default_language, registered_digest, words_memo
from callrules._json_lines import is_json
from callrules._keys import key_of
from callrules._library import code_digest, identity
from callrules._loading import on_purpose, read_file
from callrules._models import Application
from callrules._reading import problem, unreadable
from callrules._shuffle import Entry, routed, shuffled, stages
from callrules._sourced import Sourced
from callrules._sources import (
    file_records,
    files_of,
    listed,
    open_file_records,
    records,
    stream_records,
)
from callrules._time import require_instant
from callrules._zone_database import zone_database
from callrules.exceptions import ArgumentError, CallrulesError, argument_words, given_words
from callrules.language.unique import makes

__all__ = ["evaluate_dask"]

Key = tuple[int, Any]  # (which unique rule, the normalized value it compares)


class _Rule(NamedTuple):
    """A ``unique`` rule of the call, as the findings it gives are told apart: its clause, the
    field it reads (list positions left out) and how it compares texts."""

    clause: str
    field: str
    case_insensitive: bool
    listed: bool  # (a key read from each item of a list)


class _Checked(NamedTuple):
    """A record checked in its partition: its item, its keys, and the application (kept
    only when it has a key, to be checked again with the records that share it)."""

    item: BatchItem
    keys: tuple[Key, ...]
    application: Any


def evaluate_dask(call: Call | str, records: Any, *, now: datetime | None = None,
                  npartitions: int | None = None) -> db.Bag:
    """Check a collection of applications on Dask; a Bag of :class:`~callrules.BatchItem`,
    one per record, in order, equal to what :func:`callrules.evaluate_many` gives (on
    worker processes, a record in memory that cannot be pickled is sent as its reading, read
    on the client as ``evaluate_many`` reads it; only one whose reading cannot be pickled
    either, which ``evaluate_many`` refuses too, is an input problem of its own,
    ``given_unsent``; each record is read back by the worker on its own, and one it cannot
    rebuild, its class in a module the worker cannot import, is an input problem of its
    own, ``given_unread``, the others checked: see the how-to, "Records in memory").

    ``call``: a :class:`~callrules.Call` (bundled, registered, from a file or built in
    memory, any version of it: ``call.at(instant)``) or a call id.
    ``records``: a Dask Bag of records (dicts or JSON text); a path, or a list of paths
    (:class:`~pathlib.Path` objects, or texts holding no brace, double quote or line break
    and no JSON value whole), each a file, a folder or a glob pattern, local or of another
    file system (``s3://…``); or a collection of records in memory, taken as
    :func:`~callrules.evaluate_many` takes it. Paths are read as :func:`callrules.records`
    reads them (and ``callrules check``), each file by the worker that checks it: the same
    records, labelled with their file and line, the same problems (a byte not UTF-8, a
    record over the size bound, a path that cannot be read: a record of its own), the
    same results; standard input (``"-"``, ``/dev/fd/0``) and the caller's other
    descriptors (``/dev/fd/3``), which no worker can open, are read by the client.
    ``npartitions``: how many partitions (a whole number, 1 or more; by
    default one per file up to :data:`FILE_PARTITIONS` files, their files grouped in order
    beyond; one per thousand records in memory, at most 64). ``now`` is the instant of
    the evaluation, as for ``evaluate_many``. :class:`~callrules.ArgumentError`, before
    anything is sent, for arguments of the wrong kind; when the batch is computed, for a
    call sent by its file whose file a worker finds changed since the call was read (code
    ``call_file_changed``), or for a call sent by its id that a worker has registered in
    another version (code ``call_registered_differs``), or for a worker running another
    callrules than this process, or reading the call's zone from another time-zone database
    (``worker_library_differs``, ``worker_words_differ``, ``worker_zones_differ``; asked of
    every worker of a ``distributed`` client before anything is sent, so raised by this
    call then): never judged by rules other than those of the call sent, nor by another
    library or time-zone database.

    Each item (and its report) carries the caller's language, the session's when this is
    called (:func:`callrules.set_language`, else ``CALLRULES_LANG``): shown with no
    language named on a worker (``bag.map(lambda item: item.render())``), it speaks the
    caller's language, never the worker's own default.
    """
    ArgumentError.check(call, (Call, str), "call: a Call or a call id",
                        argument_words("call", call, "kind_call_or_id"))
    if npartitions is not None and (isinstance(npartitions, bool) or not isinstance(
            npartitions, Integral) or npartitions < 1):
        shown = repr(npartitions) if isinstance(npartitions, int) else type(npartitions).__name__
        raise ArgumentError(f"npartitions: a whole number, 1 or more (or None), was "
                            f"expected, not {shown}", words=(
                                "argument_at_least_one",
                                {"argument": "npartitions", "given": given_words(npartitions)}))
    npartitions = None if npartitions is None else index(npartitions)  # (numpy's: an int)
    if now is not None:
        require_instant(now, "now")
    reference = _reference(call)
    reader = default_language()  # the caller's, sent with the tasks (never a worker's own)
    loaded = _load(reference)
    rules = _unique_rules(loaded)
    # every task that reads, judges or puts together records first checks that its worker
    # runs this library (its code, its words and the time-zone database the call's zone is
    # read from), once per worker: never judged by another; and on a cluster of
    # `distributed`, every worker is asked before anything is sent (one older than the
    # check in the tasks could not read them: it would leave the cluster, saying nothing)
    library = _library(loaded.timezone)
    _before_sending(library)
    bag = _bag(records, npartitions, library)
    parts = bag.to_delayed(optimize_graph=True)  # type: ignore[no-untyped-call]
    checked = [dask.delayed(partial(_as_client, library, _check_partition))(  # type: ignore[attr-defined]
        reference, part, now) for part in parts]
    delayed: Any = dask.delayed  # type: ignore[attr-defined]
    if not checked:
        return cast(db.Bag, db.from_sequence([], npartitions=1))  # type: ignore[no-untyped-call]
    # (the tasks below written as one graph of Dask's plain form: a delayed value carries the
    # graph of every task below it, and a task made of delayed values merges theirs, which
    # made building a graph of many stages grow with the square of its tasks)
    name = "callrules-" + tokenize(*(part.key for part in checked), now, reader, rules)
    graph: dict[Any, Any] = {}
    depends: list[Any] = [*checked]
    returned: list[list[Any]] = [[] for _ in checked]
    if rules:
        # the keys shared by two or more records, found by a tree of merges of each
        # partition's key digests (a task for each REDUCE_FAN below it: linear)
        level = [delayed(partial(_as_client, library, _digests))(*checked[at:at + REDUCE_FAN])
                 for at in range(0, len(checked), REDUCE_FAN)]
        while len(level) > 1:
            level = [delayed(_merged)(*level[at:at + REDUCE_FAN])
                     for at in range(0, len(level), REDUCE_FAN)]
        shared = delayed(_shared)(level[0])
        depends.append(shared)
        # the records holding a shared key only, brought together by a staged shuffle (as
        # Dask's ``tasks`` method shuffles): a bucket a partition up to SHUFFLE_BUCKETS, a
        # bucket for a group of a few partitions beyond (at most SHUFFLE_GROUP), each task
        # handling about their share where the keys spread (the records of one key all go
        # to its bucket: a group is judged whole); then the findings sent back the same way,
        # each group of partitions getting its own records' only
        group = _group(len(checked))
        groups = -(-len(checked) // group)
        fans = stages(groups)
        width = math.prod(fans)
        sources: list[Any] = [None] * width
        for place in range(groups):
            first = place * group
            sources[place] = (f"{name}-split", place)
            graph[sources[place]] = (partial(_as_client, library, partial(
                _split, first, width, fans[0])), shared.key,
                *(part.key for part in checked[first:first + group]))
        judged: list[Any] = [None] * width
        for place, pieces in enumerate(shuffled(graph, f"{name}-out", sources, fans)):
            if pieces:
                judged[place] = (f"{name}-judge", place)
                graph[judged[place]] = (partial(_as_client, library, partial(
                    _judge, reference, now, rules, fans[0], group)),
                                        *pieces)
        back = shuffled(graph, f"{name}-back", judged, fans)
        returned = [back[number // group] for number in range(len(checked))]
    for number, part in enumerate(checked):
        graph[(f"{name}-count", number)] = (len, part.key)
    graph[f"{name}-offsets"] = (_offsets, *((f"{name}-count", number)
                                            for number in range(len(checked))))
    for number, part in enumerate(checked):
        graph[(f"{name}-offset", number)] = (getitem, f"{name}-offsets", number)
        graph[(name, number)] = (partial(_as_client, library, partial(
            _assemble, rules, reader, number)), part.key,
                                 (f"{name}-offset", number), *returned[number])
    layers = HighLevelGraph.from_collections(name, graph, dependencies=depends)
    return db.Bag(layers, name, len(checked))


# What travels between the client and the workers is pickled, each value as it says itself,
# as it does without this module: an amount with its digits, a call as its definition,
# compiled again once per process (the tasks name the call by its reference, loaded once per
# worker), an input error with its problems, labels and cause. Dask's ``distributed``
# installs tblib's reducer for every exception class, which pickles ``__cause__`` as it is (a
# caller's exception holding a lock cannot be): an input error is given its own back.
copyreg.pickle(InputError, InputError.__reduce__)


class _Library(NamedTuple):
    """What a process judges and speaks with: the library's identity (its version and the
    digest of its code and calls, :func:`callrules._library.identity`, as a record names
    it), the digest of its catalogs of words (left out of the identity: they change what is
    said, never a decision; but an item shown on a worker, ``bag.map(lambda item:
    item.render())``, speaks with the worker's catalogs, and a batch would say one thing
    in two ways), and the release of the time-zone database the call's ``zone`` is read
    from (:func:`callrules._zone_database.zone_database`, as a record names it: data of
    the system, not the library's, and it places the call's deadlines)."""

    identity: str
    words: str
    zone: str
    zones: str


@words_memo(maxsize=2)
def _words() -> str:
    """The digest of this process's catalogs of words: the library's, then, after a
    ``+``, those a platform registered (:func:`callrules.register_catalogs`: they say the
    library's messages in their own words, and speak languages of their own), worked out
    once, and again when a platform registers catalogs."""
    registered = registered_digest()
    return code_digest(LOCALE_DIR, suffixes=(".mo",)) + ("+" + registered if registered
                                                         else "")


@words_memo(maxsize=64)
def _library(zone: str) -> _Library:
    """This process's library, with the database ``zone`` is read from (worked out once
    per zone: about 11 ms for the code)."""
    return _Library(identity(), _words(), zone, zone_database(zone))


@words_memo(maxsize=256)
def _same_library(client: _Library) -> None:
    """Nothing if this process runs the ``client``'s library (checked once per worker and
    identity); an :class:`~callrules.ArgumentError` naming this worker and both libraries
    if not (:func:`_differs`), so that no record is read, judged or put together by
    another library than the client's (run-on-dask.md: the same callrules on every worker,
    which a version alone, ``0.1.0`` for many commits, does not tell)."""
    refused = _differs(_worker_named(), _library(client.zone), client)
    if refused is not None:
        raise refused


# (a platform's catalogs registered since: this process's words worked out again, and its
# workers' check of a client's library made again; each kept by the catalogs' state its
# reading began in, words_memo's, so that a reading crossing a registration is kept under
# the state of before, never read again after it: att85)


def _differs(worker: str, here: _Library, client: _Library) -> ArgumentError | None:
    """``None`` if the ``worker``'s library ``here`` is the ``client``'s; else the refusal
    naming the worker and what differs: ``worker_library_differs`` (other code, calls or
    versions of Babel or Pydantic), ``worker_zones_differ`` (another time-zone database for
    the call's zone), ``worker_words_differ`` (other catalogs of words)."""
    if here == client:
        return None
    if here.identity != client.identity:
        return ArgumentError(
            f"library: the worker {worker} runs callrules {here.identity}, not "
            f"{client.identity} as the client does: no application was judged by it; "
            "install the same callrules on every worker and check the batch again",
            code="worker_library_differs", words=("worker_library_differs", {
                "worker": worker, "worker_identity": here.identity,
                "identity": client.identity}))
    if here.zones != client.zones:
        return ArgumentError(
            f"library: the worker {worker} reads the zone {client.zone} from another "
            f"time-zone database ({here.zones or 'none'}, not {client.zones or 'none'} as "
            "the client does): no application was judged by it; install the same time-zone "
            "database on every worker and check the batch again",
            code="worker_zones_differ", words=(
                "worker_zones_differ" if here.zones and client.zones
                else "worker_zones_unknown" if client.zones else "worker_zones_unknown_here",
                {"worker": worker, "zone": client.zone, "worker_release": here.zones,
                 "release": client.zones}))  # (a release not known said in words, never —)
    own, registered = here.words.partition("+")[::2]
    if own == client.words.partition("+")[0]:  # (only the catalogs a platform registered)
        theirs = client.words.partition("+")[2]
        return ArgumentError(
            f"library: the worker {worker} runs callrules {here.identity} with other "
            f"catalogs registered by the platform ({registered or 'none'}, not "
            f"{theirs or 'none'} as the client has): no application was judged by it; "
            "register the same catalogs on every worker and check the batch again",
            code="worker_words_differ", words=(
                "worker_catalogs_differ" if registered and theirs
                else "worker_catalogs_missing" if theirs else "worker_catalogs_extra",
                {"worker": worker, "identity": client.identity, "worker_words": registered,
                 "words": theirs}))  # (none registered said in words, never « — »)
    return ArgumentError(
        f"library: the worker {worker} runs callrules {here.identity} with other catalogs "
        f"of words ({here.words}, not {client.words} as the client has): no application "
        "was judged by it; install the same callrules on every worker and check the batch "
        "again", code="worker_words_differ", words=("worker_words_differ", {
            "worker": worker, "identity": client.identity, "worker_words": here.words,
            "words": client.words}))


def _before_sending(library: _Library) -> None:
    """When the batch would be computed by a client of ``distributed`` (Dask's scheduler
    in use is a client's), every worker it has asked, before anything is sent, whether it
    runs the client's ``library``: an :class:`~callrules.ArgumentError` naming the first
    that does not (:func:`_differs`). Asked first by a function every callrules since
    session 48 has (:func:`callrules._library.identity`), so a worker older than the check
    in the tasks is named here, where a task it could not read would have made it leave
    the cluster, and a cluster of such workers would have waited for ever; then, the same
    code everywhere, the catalogs and the time-zone database. Workers that join later are
    checked by each task (:func:`_as_client`)."""
    cluster = sys.modules.get("distributed")  # (a client of it made: imported already;
    if cluster is None:  # never imported here, which would change how every exception of
        return  # the process is pickled: tblib's, keeping causes a pickle cannot hold)
    client = getattr(get_scheduler(), "__self__", None)  # type: ignore[no-untyped-call]
    if not isinstance(client, cluster.Client):
        return
    workers = client.scheduler_info()["workers"]
    names = {address: _worker_called(str(workers[address].get("name", address)), address)
             for address in workers}
    for address, theirs in sorted(client.run(identity, on_error="return").items()):
        if theirs != library.identity:
            shown = theirs if isinstance(theirs, str) else "?"  # (one older still)
            raise cast(ArgumentError, _differs(names.get(address, address), library._replace(
                identity=shown), library))
    for address, theirs in sorted(client.run(_library, library.zone, on_error="return").items()):
        refused = _differs(names.get(address, address), theirs, library) \
            if isinstance(theirs, _Library) else _differs(
                names.get(address, address), library._replace(identity="?"), library)
        if refused is not None:
            raise refused


def _worker_named() -> str:
    """This worker, as a person finds it: its name and address on a cluster, else its
    machine and process."""
    cluster = sys.modules.get("distributed")  # (a worker of it imported it; never
    try:  # imported here: see :func:`_before_sending`)
        if cluster is None:
            raise ValueError
        worker = cluster.get_worker()
    except ValueError:  # (Dask's own pool of processes, or this process)
        return f"{socket.gethostname()} ({os.getpid()})"
    return _worker_called(str(worker.name), str(worker.address))


def _worker_called(name: str, address: str) -> str:
    """A worker by its name (its operator's) and address, its address alone when its name
    is that."""
    return address if name == address else f"{name} ({address})"


def _as_client(library: _Library, task: Any, *arguments: Any) -> Any:
    """``task`` run on ``arguments`` by a worker running the client's ``library`` (else
    refused, :func:`_same_library`)."""
    _same_library(library)
    return task(*arguments)


def _bag(records: Any, npartitions: int | None, library: _Library) -> db.Bag:
    """The records as a Bag: a Bag as it is; paths as the files to read, each read where it
    is checked (by a worker running the client's ``library``); records in memory split in
    partitions."""
    if isinstance(records, db.Bag):
        return records
    if is_open_file(records):  # its records, as evaluate_many reads it (never its lines)
        records = list(open_file_records(records))
    # (the caller's iterable raising after some items: those kept, then one problem)
    items = [records] if _is_path(records) else list(
        given(iterated(records, "records: a batch of records, or paths", argument="records")))
    failure = items.pop() if items and type(items[-1]) is InputError and failed_given(
        items[-1]) else None
    if items and all(_is_path(item) for item in items):
        units = [*_units(items), *([Sourced(_failed_at(items), failure)] if failure else [])]
        return cast(db.Bag, db.from_sequence(  # type: ignore[no-untyped-call]
            units, npartitions=min(npartitions or FILE_PARTITIONS, len(units)) or 1
        ).map(partial(_as_client, library, _read)).flatten())
    items += [failure] if failure is not None else []
    parts = npartitions or max(1, min(len(items) // 1000, 64))
    return _in_memory(items, parts)


def _in_memory(items: list[Any], npartitions: int) -> db.Bag:
    """The records in memory as a Bag of ``npartitions`` partitions as
    ``dask.bag.from_sequence`` splits them, named without reading them: Dask's own names a
    Bag by a digest of every record (``tokenize``: 20,000 records took 70 s before anything
    ran, dsk75; and a number of the caller's whose ``str`` raises lost the whole batch on the
    client before any was checked, att82 F1, bat75), whereas each record is read, its
    failure its own problem, by the worker that checks it; a name drawn at random is as good
    for a Bag made once per call. Each partition is held by :class:`_PartitionRecords`,
    never a list in the graph: Dask walks a list of its graph, item by item and inside each,
    asking each value for its class (a lazy proxy of the caller's whose ``__class__`` raises
    lost the whole batch on the client, bat76); and sent to another process, a record that
    cannot be pickled is its own problem (it lost the whole batch, dsk77)."""
    if len(items) <= 100:
        size = max(1, math.ceil(len(items) / npartitions))
    else:
        size = max(1, len(items) // npartitions)
    name = f"callrules-records-{uuid.uuid4().hex}"
    graph: dict[Any, Any] = {
        (name, number): (_PartitionRecords.items, _PartitionRecords(items[at:at + size]))
        for number, at in enumerate(range(0, len(items), size))} or {(name, 0): []}
    return db.Bag(graph, name, len(graph))


class _PartitionRecords:
    """The records of one partition, as one value Dask neither walks nor reads
    (:func:`_in_memory`); :meth:`items` gives them to the worker that checks them. Sent to
    a worker of another process (Dask's ``processes`` scheduler, a ``distributed``
    cluster), each record goes as a pickle of its own (:meth:`__reduce__`), read back on
    the worker on its own (:func:`_read_back`): a record that cannot be pickled (a lock, a
    generator, an object whose ``__reduce__`` raises, one nested too deeply) goes as its
    reading (:func:`_sendable`), and one the worker cannot rebuild (its class defined in a
    module the worker cannot import, a rebuild that raises there only) is its own problem
    there, never Dask's error losing the partition or the batch. A scheduler of threads,
    or the synchronous one, pickles nothing: nothing is done for it."""

    __slots__ = ("records",)

    def __init__(self, records: list[Any]) -> None:
        self.records = records

    def items(self) -> list[Any]:
        """The records held."""
        return self.records

    def __copy__(self) -> _PartitionRecords:
        """The same records (never :meth:`__reduce__`'s, made for a pickler)."""
        return _PartitionRecords(self.records)

    def __reduce__(self) -> tuple[Any, ...]:
        """Each record as its own pickle (:class:`_OneRecord`), made as the pickler reaches
        it and let go as the next is made (:class:`_Sent`): at most one record's bytes
        beside those the pickler writes, never a second copy of the batch."""
        sent = _Sent()
        return (_received, ([_OneRecord(record, sent) for record in self.records], sent))


def _received(records: list[Any], _: None) -> _PartitionRecords:
    """The records of a partition, read back by a worker (each by :func:`_read_back`)."""
    return _PartitionRecords(records)


class _Sent:
    """The bytes of the record last pickled in one pickling of a partition, let go (emptied:
    the pickler's memo keeps the object itself to its end) as soon as the pickler has
    written them: when it reaches the next record, or this, after the last (the pickler
    writes a value whole before the next, copying its bytes as it writes them); and the
    :class:`_Checker` of the partition's records Dask sends by value, let go after the last."""

    __slots__ = ("checker", "last")

    def __init__(self) -> None:
        self.last: bytearray | None = None
        self.checker: _Checker | None = None

    def let_go(self) -> None:
        if self.last is not None:
            self.last.clear()
            self.last = None

    def __reduce__(self) -> tuple[Any, ...]:
        self.let_go()  # (after the last record: written whole)
        self.checker = None
        return (_nothing, ())


def _nothing() -> None:
    return None


class _OneRecord:
    """A record of a partition being pickled: pickled (:func:`_sendable`) as the pickler
    reaches it, and sent as its own bytes, which the worker reads on their own."""

    __slots__ = ("record", "sent")

    def __init__(self, record: Any, sent: _Sent) -> None:
        self.record, self.sent = record, sent

    def __reduce__(self) -> tuple[Any, ...]:
        record = self.record
        sendable = _sendable(record, self.sent)
        self.sent.let_go()  # (the record before, written whole by now)
        if sendable is _BY_VALUE:  # (pickled by the partition's pickler: its class once)
            return (_as_sent, (record,))
        if type(sendable) is not bytearray:  # (its problem: said as it is)
            return (_as_sent, (sendable,))
        self.sent.last = sendable
        label = record.source if type(record) is Sourced and type(record.source) is str else None
        return (_read_back, (sendable, label))


def _as_sent(value: Any) -> Any:
    """A record's problem, or a record of a class Dask sends by value, sent as it is
    (:func:`_sendable`)."""
    return value


#: What :func:`_pickled_back` says of a record naming ``__main__`` (a class of the caller's
#: script, notebook or ``python -c``), checked: the partition's own pickler pickles it, as
#: Dask pickles a partition (``distributed`` and the ``processes`` scheduler switch to
#: :mod:`cloudpickle` for bytes naming ``__main__``), its class and every module global its
#: methods read pickled once in the partition, never once for each record (att92 F1:
#: 1,000 records, 371 MB; dskmend78b).
_BY_VALUE = object()


class _Checker:
    """One :mod:`cloudpickle` pickler for the records of a partition that Dask sends by
    value, keeping its memo from one to the next (a class, and the globals its methods
    read, checked once, as the partition's pickler writes them once), its bytes dropped as
    each record is checked; its memo forgotten when a record fails (what that record
    began is pickled again for the next, never taken as checked)."""

    __slots__ = ("buffer", "pickler")

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.pickler = _PlainCloudPickler(self.buffer, protocol=pickle.HIGHEST_PROTOCOL)

    def check(self, value: Any) -> None:
        try:
            self.pickler.dump(value)
        except BaseException:
            self.pickler.clear_memo()
            raise
        finally:
            self.buffer.seek(0)
            self.buffer.truncate()


def _read_back(data: bytearray, label: str | None) -> Any:
    """A record of a partition, read back on its own by the worker that checks it: a record
    the worker cannot rebuild (its class defined in a module the worker cannot import, a
    rebuild that raises there) is its own input problem (:func:`_given.record_unread`,
    labelled with its ``label`` if it had one, else with its place in the batch), the
    partition's other records checked. Its bytes are let go once read."""
    try:
        return pickle.loads(data)
    except BaseException as exc:  # (anything a rebuild of the caller's raises, SystemExit
        # too, a guard's of its own host: on the worker the record is its own problem)
        if isinstance(exc, KeyboardInterrupt) and _where_interrupted():
            raise  # (the caller's Ctrl-C, as a partition comes back to the client)
        unread = record_unread(exc, None)
        return unread if label is None else Sourced(label, unread)
    finally:
        data.clear()


def _where_interrupted() -> bool:
    """Whether this is where the caller's Ctrl-C lands: the main thread of a process no
    other started (the client's; a task of a ``distributed`` worker runs in a thread of
    its own, one of the ``processes`` scheduler in a process the client started)."""
    return threading.current_thread() is threading.main_thread() and (
        multiprocessing.parent_process() is None)


def _sendable(record: Any, sent: _Sent | None = None) -> Any:
    """``record`` pickled (by :mod:`pickle`, else as Dask pickles what :mod:`pickle`
    cannot, by :mod:`cloudpickle`: a function of the caller's script) and read back here
    (a rebuild of the caller's that raises), its bytes; else its reading, as
    :func:`callrules.evaluate_many` reads it (the same function: its plain application, or
    its read error as its problem), pickled, checked on the worker as the record would be,
    its keys taking part in the batch's findings (a duplicate of it found, dskmend77);
    else, one that cannot even be read so, the input problem saying it cannot be sent
    (:func:`callrules._given.record_unsent`), labelled with its place in the batch by the
    worker."""
    try:
        return _pickled_back(record, sent)
    except Exception as exc:  # (anything the caller's objects raise as they are pickled)
        failure = exc
    try:  # (fields a call declares are read untyped: theirs again)
        return _pickled_back(_reading(record))
    except Exception:  # (a reading that cannot be sent either: said as the record's)
        unsent = record_unsent(failure, None)
        return Sourced(record.source, unsent) if type(record) is Sourced and type(
            record.source) is str else unsent  # (with its label, as evaluate_many's)


def _pickled_back(value: Any, sent: _Sent | None = None) -> Any:
    """``value`` pickled (by :mod:`pickle`, else, or when it names a module Dask sends by
    value, by :mod:`cloudpickle`: :func:`_by_value`) and read back here, once: its bytes;
    the pickler's failure (a record too deep: said as :mod:`pickle` said it) or the
    rebuild's raised. A record naming ``__main__`` pickled plainly, in a partition being
    pickled (``sent``), is checked by the partition's :class:`_Checker` and read back from
    its plain bytes: :data:`_BY_VALUE`, for the partition's pickler to pickle."""
    try:
        data = _plainly(_PlainPickler, value)
    except Exception as exc:
        first = exc
        try:
            data = _plainly(_PlainCloudPickler, value)
        except Exception as again:
            raise (first if isinstance(first, RecursionError) else again) from None
    else:
        if sent is not None and b"__main__" in data:  # (Dask's pickler cloudpickles it)
            if sent.checker is None:
                sent.checker = _Checker()
            sent.checker.check(value)
            pickle.loads(data)  # (its rebuild, by the client's own classes)
            return _BY_VALUE
        if _by_value(data):  # (a class Dask sends by value: as cloudpickle makes it)
            data = _plainly(_PlainCloudPickler, value)
    pickle.loads(data)  # (the bytes just made here, of the caller's own record)
    return data


def _by_value(data: bytearray) -> bool:
    """Whether ``data``, :mod:`pickle`'s plain bytes of a record, may name a module whose
    classes and functions Dask sends by value (:mod:`cloudpickle`'s way): ``__main__`` (a
    notebook, ``python -c``, a class under a script's main guard) or a module registered
    with ``cloudpickle.register_pickle_by_value`` (or one of its submodules), which a
    worker resolves by no import; such a record is pickled by :mod:`cloudpickle`, as Dask
    would have pickled it (``distributed`` looks for ``__main__`` in the bytes the same
    way). A text of the record's holding such a name costs only a second pickling."""
    return b"__main__" in data or any(
        name.encode() in data for name in cloudpickle.list_registry_pickle_by_value())


def _plainly(pickler: Any, value: Any) -> bytearray:
    """``value`` pickled by ``pickler``, every exception class as it pickles itself, never
    by tblib's reducer (:func:`_plain_table`)."""
    buffer = io.BytesIO()
    pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return bytearray(buffer.getbuffer())


def _plain_table(first: Mapping[type, Any]) -> dict[type, Any]:
    """:data:`copyreg.dispatch_table` without tblib's reducer of exceptions, ``first`` (the
    pickler's own reducers: cloudpickle's) before it; a plain dict, which the pickler reads
    with no Python run for each object (a mapping of Python's, asked for each object's
    class: +50 % on a record of 10,000 lines, reread77b), made again when the table
    changes (tblib installs a reducer for every exception class there is, when Dask's
    ``processes`` scheduler is first used). Why: Dask's ``processes`` scheduler (when it
    is first used: ``dask.multiprocessing``) and its ``distributed`` install tblib's
    reducer, as they are imported, for every exception class there is: an exception of the
    caller's whose ``__init__`` takes other arguments than it keeps (``def __init__(self,
    a, b)``, ``super().__init__(a)``: a rebuild raises) then pickles on the client and is
    read back on a worker without its ``__init__``; but a class a worker makes as it reads
    (one of the caller's script, sent by value) has no reducer there, and the worker's
    result holding it (the partition's records, sent back to the client when Dask's
    optimisation has not fused their task with the next) cannot be read back by the
    client: the whole batch lost (att88 F3; dsk2mend77). A record is sent as it is only if
    it comes back so."""
    support = sys.modules.get("tblib.pickling_support")
    tblib = getattr(support, "pickle_exception", None)
    known = _PLAIN_TABLES.get(id(first))
    if known is not None and known[0] is tblib and known[1] == copyreg.dispatch_table and (
            known[2] == first):  # (a reducer replaced in place seen too: dskmend78)
        return known[3]
    table = {cls: reducer for cls, reducer in copyreg.dispatch_table.items()
             if tblib is None or reducer is not tblib}
    table.update(first)
    _PLAIN_TABLES[id(first)] = (tblib, dict(copyreg.dispatch_table), dict(first), table)
    return table


#: The tables of :func:`_plain_table`, by the pickler's own reducers (the same mapping each
#: time: ``{}`` for :mod:`pickle`'s, cloudpickle's), with tblib's reducer and copies of
#: copyreg's table and of the pickler's reducers they were made from (compared whole, at C
#: speed, for each pickler made: a few hundred entries).
_PLAIN_TABLES: dict[int, tuple[Any, dict[Any, Any], dict[type, Any], dict[type, Any]]] = {}
_NO_REDUCERS: dict[type, Any] = {}


class _PlainPickler(pickle.Pickler):
    """:mod:`pickle`'s pickler, by :func:`_plain_table` (a table the pickler reads as it is
    made)."""

    def __init__(self, file: Any, protocol: int) -> None:
        self.dispatch_table = _plain_table(_NO_REDUCERS)
        super().__init__(file, protocol=protocol)


class _PlainCloudPickler(cloudpickle.Pickler):  # type: ignore[misc]
    """:mod:`cloudpickle`'s pickler (its own reducers first), by :func:`_plain_table`."""

    def __init__(self, file: Any, protocol: int) -> None:
        self.dispatch_table = _plain_table(cloudpickle.Pickler.dispatch_table.maps[0])
        super().__init__(file, protocol=protocol)


def _reading(record: Any) -> Any:
    """``record`` read on the client as :func:`callrules.evaluate_many` reads it (by the
    form of no call in particular, as a worker reads it first): its application (kept
    :class:`Sourced`, with its label), or its read error (a record of the caller's failing
    as it is read: ``given_failed``), which the worker reports as its problem."""
    sourced = type(record) is Sourced  # (its exact type, as evaluate_many)
    try:
        reading: Any = _read_given(generic_form(), record, record.source if sourced else "")
    except InputError as exc:
        exc.source = None  # (labelled with its place in the batch by the worker)
        exc.__context__ = exc.__traceback__ = None  # (what pydantic raised, holding the record:
        reading = exc  # its problems and its cause, the caller's exception, are sent)
    return Sourced(record.source, reading) if sourced else reading


def _failed_at(paths: list[Any]) -> str:
    """The label of the paths given failing after ``paths``: the last path given."""
    return f"after {paths[-1]}"


#: How many partitions the files named are read and checked in, by default (each a group of
#: files in their order): the shuffle of the rules that span applications made a task for
#: each pair of partitions, so one partition a file made the graph grow with the square of
#: the files (400 files: 160,000 tasks; 2,000 files did not finish building it in 2 minutes).
#: It grows with the partitions now (:mod:`callrules._shuffle`); a partition a file is still
#: more tasks than the work is worth.
FILE_PARTITIONS = 32

#: How many key digests' summaries are merged by one task of the tree that finds the keys
#: shared by two or more records (and how many partitions' keys a leaf of it reads).
REDUCE_FAN = 8

#: Up to how many partitions the shuffle that brings together the records sharing a key
#: has a bucket a partition (each task handling about a partition's share of them); beyond,
#: a bucket (and a task splitting their records among the buckets) for each group of a few
#: partitions, at most :data:`SHUFFLE_GROUP`, and still at least this many buckets: the
#: shuffle carries only the records sharing a key, few in most batches, and its tasks were
#: most of the graph with a bucket a partition (62 tasks a partition; 2,000 partitions:
#: 124,289 tasks, 63 s on one machine where ``evaluate_many`` took 2.6 s).
SHUFFLE_BUCKETS = 64
#: The most partitions that share one bucket of the shuffle.
SHUFFLE_GROUP = 8


def _group(partitions: int) -> int:
    """How many partitions share one bucket of the shuffle (:data:`SHUFFLE_BUCKETS`)."""
    return max(1, min(SHUFFLE_GROUP, partitions // SHUFFLE_BUCKETS))

#: What a path never holds and JSON text of a record does: a brace, a quote, a line break.
_RECORD_MARK = re.compile(r'[{}"\n\r]')


def _is_path(value: object) -> bool:
    """Whether ``value`` names a file (a path object, or a text that is no record's JSON:
    no brace, quote or line break in it, not blank, and no JSON value whole, such as
    ``null``)."""
    if is_kind(value, PathLike):  # (a record of the caller's whose ``__class__`` raises,
        return True  # asked by ``isinstance``: no path, its reading its own problem; bat76)
    if not is_kind(value, str):
        return False
    text = cast(str, value)
    try:
        if not text.strip() or _RECORD_MARK.search(text):
            return False
        data = text.encode("utf-8", "surrogateescape")
    except Exception:  # (a text of the caller's class whose own methods raise, ``strip``:
        # no path, and its reading fails as that record's own problem, by the worker that
        # checks it; bat76)
        return False
    return not is_json(data)  # (our own code, outside: its errors are ours to see)


#: How the files to read are sent to the workers: a local file (its path, and whether it
#: was named itself), an open file of another file system, or a problem found listing.
Unit = tuple[str, bool] | Any


def _units(paths: list[Any]) -> Iterator[Unit]:
    """What the paths name, in order, listed on the client without being read: glob
    patterns expanded, folders listed and files given again left out, as
    :func:`callrules.records` lists them; a pattern that matches nothing is one problem.
    Standard input (``-``, ``/dev/stdin``, ``/dev/fd/0``, a link to it) and every other
    descriptor of this process (``/dev/fd/3``, ``/proc/self/fd/3``) is read here, its
    records sent as they are: a worker opening that name opens its own descriptor (nothing,
    or the pipe of its pool: the pool broke)."""
    local: list[str] = []
    seen: set[str] = set()  # the files of other file systems listed (each read once)
    for path in paths:
        name = str(path if isinstance(path, str) else Path(path))
        protocol, _, _ = name.partition("://")
        if "://" in name and protocol != "file":
            yield from files_of(local)
            local = []
            yield from _remote_units(name, seen)
            continue
        name = name.removeprefix("file://")
        matched = sorted(glob.glob(name, recursive=True)) if glob.has_magic(name) \
            and not Path(name).exists() else []
        for each in matched or [name]:
            if each == "-" or on_purpose(each):  # this process's standard input or another
                yield from files_of(local)  # of its descriptors: no worker can open it (its
                local = []  # own /dev/fd/0 is another file, or the pool's pipe): read here
                yield from records(each)
            else:
                local.append(each)
    yield from files_of(local)


class _Remote(NamedTuple):
    """A file of another file system to read (an fsspec ``OpenFile``), and whether it was
    named itself (a file found in a folder, and blank, is the problem ``empty_file``)."""

    file: Any
    named: bool


def _remote_units(name: str, seen: set[str]) -> Iterator[Unit]:
    """What a path of another file system (``s3://bucket/prefix/``, ``memory://…/*.json``)
    names, as a local path of the same shape would: a glob pattern's matches in order, a
    folder's files read by :func:`callrules.records` (its hidden files, sub-folders and
    files of other names left out; a sub-folder named as a file of records, ``d.json/``,
    said, ``not_a_regular_file``, as a local one is), a file itself; a pattern that
    matches nothing, or a file system that cannot be listed, one problem."""
    try:
        fs, path = fsspec.core.url_to_fs(name)
        if glob.has_magic(name) and not fs.exists(path):
            matched = sorted(match for match in fs.glob(path) if _shown(match, path))
            if not matched:
                yield problem(name, "unreadable", f"cannot read {name}: no file matches it")
            named = [(match, True) for match in matched]
        else:
            named = [(path, True)]
        for match, _ in named:
            if fs.isdir(match):
                kinds = {entry["name"]: entry.get("type") for entry in fs.ls(match, detail=True)}
                files, _ = listed(kinds)
                entries = [(file, False) for file in files]
            else:
                entries = [(match, True)]
            for file, itself in entries:
                if file in seen:  # (named twice, or named and in a folder: read once)
                    continue
                seen.add(file)
                if not itself and kinds[file] == "directory":  # (``d.json/``: said, in
                    shown = fs.unstrip_protocol(file)  # its place, as a local one is)
                    yield problem(shown, "not_a_regular_file", f"{shown} is not a regular "
                                  "file (a folder, a pipe, a device or a socket): it is not "
                                  "read")
                    continue
                yield _Remote(fsspec.core.OpenFile(fs, file, mode="rb"), itself)
    except (OSError, ValueError) as exc:  # the reason in the reader's words
        yield unreadable(name, exc)
    except ImportError as exc:  # (a protocol whose library is absent)
        yield problem(name, "unreadable", f"cannot read {name}: {str(exc) or 'error'}")


def _shown(match: str, pattern: str) -> bool:
    """Whether a glob ``pattern`` of another file system matches ``match`` as Python's
    :mod:`glob` would: a name starting with a dot (hidden) only by a part of the pattern
    that starts with a dot itself."""
    parts, told = PurePosixPath(match).parts, PurePosixPath(pattern).parts
    dotted = {part for part in told if part.startswith(".")}
    return all(not part.startswith(".") or part in dotted or (
        index < len(told) and told[index].startswith(".")) for index, part in enumerate(parts))


def _read(unit: Unit) -> Iterator[Sourced]:
    """The records of one file, read by a worker as :func:`callrules.records` reads it."""
    if isinstance(unit, Sourced):
        yield unit
    elif isinstance(unit, _Remote):
        file = unit.file
        try:
            handle = file.open()
        except (OSError, ValueError) as exc:  # (ValueError: a name the file system refuses)
            yield unreadable(file.full_name, exc)  # (the reason in the reader's words)
            return
        with handle:
            yield from stream_records(handle, file.full_name, unit.named)
    else:
        yield from file_records(*unit)


class Reference(NamedTuple):
    """How workers find the call: ("id", call id, the fingerprint of the call the client
    has registered under it), ("file", path, the digest of the bytes the client read
    there) or ("call", the call itself, None); ``as_of``, the instant of the version the
    call is (``call.at(as_of)`` of the call named), None for the call as its file stands;
    and ``source``, the call's own (a worker's registered call or file named by another
    path is given it: a report's call says where the client's came from)."""

    kind: Literal["id", "file", "call"]
    value: str | Call
    read: str | None
    as_of: datetime | None = None
    source: str | None = None


def _reference(call: Call | str) -> Reference:
    """How workers find the call: ("id", call id, None) or ("file", path, the digest of the
    bytes read there: a file rewritten in place since is a call of its own, loaded
    again, never the one loaded before), with the instant of its version; ("call", the
    call, None) for any call that reference would not give back whole (:func:`_same`): one
    that reads the platform's named sets or shared vocabularies (a worker loading it
    would read its own registered values: the call's pickle carries those it was loaded
    with), one built in memory, a later edition of a recurring call read from its file, a
    call whose file holds another definition now."""
    if isinstance(call, str):
        loaded = calls.load(call)  # an unknown id is said here, before any work is sent
        return Reference("call", loaded, None) if loaded._loaded.to_json() else Reference(
            "id", call, fingerprint(loaded), None, loaded.source)
    if call._loaded.to_json():
        return Reference("call", call, None)
    known = _REFERENCES.get(id(call))
    if known is not None and known[0] is call:
        if known[1].kind != "file" or _written(cast(str, known[1].value)) == known[1].read:
            return known[1]
        reference = Reference("call", call, None)  # (its file rewritten since: sent whole)
    else:
        reference = _found(call)
    _REFERENCES[id(call)] = (call, reference)
    return reference


def _found(call: Call) -> Reference:
    """The reference of ``call`` (its id, its file), if one gives it back whole; else the
    call itself (built in memory: ``Call.from_text``, ``from_dict``; a later edition of a
    recurring call read from its file; a file that holds another definition now)."""
    whole = Reference("call", call, None)
    try:  # (each loaded here once per id, or per file and definition, as a worker loads it)
        if call.id in calls.available():
            named = Reference("id", call.id, fingerprint(call), call.as_of, call.source)
            if _same(_load(named), call):
                return named
        if call.edition == 0 and Path(call.source).is_file():
            path = str(Path(call.source).resolve())
            named = Reference("file", path, _written(path), call.as_of, call.source)
            if named.read is not None and _same(_load(named), call):
                return named
    except CallrulesError:  # (a registered call that does not load, a file changed since)
        pass
    return whole


def _same(named: Call, call: Call) -> bool:
    """Whether the call a reference names (``named``) judges as ``call`` does, and says the
    same source: the very call, or one of the same definition and values of the
    platform's, edition and version (the values in force, whichever instant of their span it
    was asked for at)."""
    return named is call or (
        (named.edition, named._key, named.source) == (call.edition, call._key, call.source)
        and fingerprint(named) == fingerprint(call))


#: The references already found, by call (the call is kept, so that its id is not reused).
_REFERENCES: dict[int, tuple[Call, Reference]] = {}


def _written(path: str) -> str | None:
    """The digest of the bytes the call file ``path`` holds now (None if it cannot be
    read), read again only when the file's size, time of change, inode or time of status
    change moved (a file rewritten in place with its time of change put back, ``cp -p``,
    ``rsync -t``, a restore, keeps the others: look75k), or when it
    was changed too lately for its time of change to tell a rewrite in the same tick
    (:data:`_RACY_NS`, as git tells a file "racily clean")."""
    try:
        status = os.stat(path)
        stamp = (status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns)
        known = _WRITTEN.get(path)
        if known is not None and known[0] == stamp:
            return known[1]
        data, _, _ = read_file(path)
    except (OSError, CallrulesError):
        return None
    written = _bytes_digest(data)
    if time.time_ns() - status.st_mtime_ns > _RACY_NS:  # (a stamp that tells a rewrite)
        _WRITTEN[path] = (stamp, written)
    return written


def _bytes_digest(data: str | bytes) -> str:
    """The digest of a call file's bytes: any byte changed is another call file."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


#: The digest of the bytes each call file sent by its path held when last read, with the
#: file's size, time of change, inode and time of status change then.
_WRITTEN: dict[str, tuple[tuple[int, int, int, int], str]] = {}
#: How recently a file may have been changed for its stamp not to be trusted (a file system
#: keeps its times of change by the tick of its clock, a few milliseconds: two writes of one
#: size in one tick have one stamp).
_RACY_NS = 2_000_000_000


def _load(reference: Reference) -> Call:
    """The call a reference names, loaded once per worker process (a call sent itself is
    read back once per worker by :func:`callrules._call._rebuilt`: not kept here, where
    every call sent would stay alive), at the instant of its version."""
    kind, value, read, as_of, source = reference
    if isinstance(value, Call):
        return value
    if kind == "file" and _written(value) != read:  # (a call loaded before: used only
        raise _changed(source or value)  # while its file holds the bytes sent)
    named = _named(kind, value, read, source)
    return named if as_of is None else named.at(as_of)


@cache
def _named(kind: str, value: str, read: str | None, source: str | None = None) -> Call:
    """The call an id or a file names, loaded once per worker process (a file once for
    each definition the client ``read`` there: rewritten in place between two batches,
    it is read again), saying ``source`` as its own. A call registered under that id that
    is not the client's (another version of it, another call: the fingerprint ``read``
    differs), or a file whose definition is no longer the one the client ``read``
    (rewritten while the batch ran), is refused, never judged by: no record is judged by
    rules other than those of the call sent (nor is the call kept under that digest)."""
    if kind == "id":
        registered = calls.load(value)
        if read is not None and fingerprint(registered) != read:
            raise ArgumentError(f"call: the call registered as {value} on this worker is not "
                                "the one the client sent (another version of it): install "
                                "the same calls on every worker and check the batch again",
                                code="call_registered_differs",
                                words=("call_registered_differs", {}))
        if source is None or registered.source == source:
            return registered
        return sourced_as(registered, source)
    try:  # (the bytes compared before anything is read from them: whatever the file holds
        # now, an error about it would blame a call file the client never sent)
        data, format, _ = read_file(value)
    except CallrulesError:
        raise _changed(source or value) from None
    if read is not None and _bytes_digest(data) != read:
        raise _changed(source or value)
    return Call.from_text(data, format=format, source=source or value)


def _changed(file: str) -> ArgumentError:
    """The refusal of a call sent by its ``file`` (as the caller named it) that a worker
    finds changed since it was read (rewritten, emptied, removed, made unreadable): no
    record is judged by rules other than those of the call sent."""
    return ArgumentError(f"call: the file {file} was changed while the batch was checked "
                         "(it no longer holds the call sent): load the call again and check "
                         "the batch again", code="call_file_changed",
                         words=("call_file_changed", {}))


def _unique_rules(call: Call) -> tuple[_Rule, ...]:
    """The call's ``unique`` rules, compiled (see the rule language), in order."""
    return tuple(_Rule(rule.clause, rule.field, rule.case_insensitive, rule.items is not None)
                 for rule in call.batch_rules)


def _check_partition(reference: Reference, records: Iterable[Any],
                     now: datetime | None) -> list[_Checked]:
    call = _load(reference)
    parsed: list[Any] = []
    for record in records:
        try:
            application = _parse(record)
        except Exception:  # (an input error; or a record of the caller's class failing as
            # it is read, said ``given_failed`` with its cause by evaluate_many, never the
            # caller's exception out of the whole computation)
            parsed.append(record)  # evaluate_many reads it again, and reports it as it does
        else:  # (with the label of where it was read, if it has one)
            parsed.append(Sourced(record.source, application)
                          if type(record) is Sourced else application)
    out = []
    for item, application in zip(evaluate_many(call, parsed, now=now, progress=False), parsed,
                                 strict=True):
        keys: tuple[Key, ...] = ()
        if type(application) is Sourced:  # (its exact type: ``isinstance`` would ask a
            # record of the caller's for its ``__class__``, which a lazy proxy's may raise)
            application = application.data
        if item.report is not None and not isinstance(application, Application):
            application = call.form.parse(application)  # (read by the call's form only)
        if item.report is not None:
            keys = tuple((number, keyed[0]) for number, rule in enumerate(call.batch_rules)
                         for keyed in rule.keys(application))
        out.append(_Checked(item, keys, application if keys else None))
    return out


def _key_digest(key: Key) -> int:
    """A digest of ``key``, the same in every process (Python's own ``hash`` of text is
    not): two keys of one digest are only brought together, then told apart."""
    return int.from_bytes(hashlib.blake2b(repr(key).encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "big")


class _Seen(NamedTuple):
    """The key digests of some partitions: those read once, and those read twice or more."""

    once: frozenset[int]
    more: frozenset[int]


def _digests(*parts: list[_Checked]) -> _Seen:
    """The digests of some partitions' keys (each key of each record counted): the leaves of
    the tree, :data:`REDUCE_FAN` partitions a task."""
    once: set[int] = set()
    more: set[int] = set()
    for entry in (entry for checked in parts for entry in checked):
        for key in entry.keys:
            hashed = _key_digest(key)
            if hashed in once:
                more.add(hashed)
            once.add(hashed)
    return _Seen(frozenset(once - more), frozenset(more))


def _merged(*parts: _Seen) -> _Seen:
    """The digests of some partitions together (a node of the tree)."""
    once: set[int] = set()
    more: set[int] = set()
    for part in parts:
        more |= part.more | (once & part.once)
        once |= part.once
    return _Seen(frozenset(once - more), frozenset(more))


def _shared(seen: _Seen) -> frozenset[int]:
    """The digests of the keys read twice or more, in all the batch."""
    return seen.more


def _offsets(*counts: int) -> tuple[int, ...]:
    """Where each partition's records start in the batch."""
    out, total = [], 0
    for count in counts:
        out.append(total)
        total += count
    return tuple(out)


def _split(first: int, buckets: int, fan: int, shared: frozenset[int],
           *parts: list[_Checked]) -> tuple[list[Entry], ...]:
    """The records of some partitions (numbered from ``first``: one group of
    :data:`SHUFFLE_GROUP`) holding a key read twice or more in the batch (``shared``), each
    sent to the bucket of its key's digest (:func:`_key_digest`, the same in every process,
    taken once for both) as ``(bucket, key, (partition, position, application))``, routed
    by the first stage of the shuffle."""
    out: list[Entry] = []
    for partition, checked in enumerate(parts, first):
        for position, entry in enumerate(checked):
            for key in entry.keys:
                hashed = _key_digest(key)
                if hashed in shared:
                    out.append((hashed % buckets, key,
                                (partition, position, entry.application)))
    return routed(1, fan, out)


def _judge(reference: Reference, now: datetime | None, rules: tuple[_Rule, ...], fan: int,
           group: int, *pieces: list[Entry]) -> tuple[list[Entry], ...]:
    """The batch findings of the records of one bucket: each group of records sharing a
    rule's key is checked as a batch of its own, in the records' original order, and keeps
    the findings of that rule about that key (a record may share other keys, one per
    participant, with other records: those are judged in their own groups). Each record's
    findings go back to its partition's group (of ``group`` partitions), ``(bucket,
    partition, position, rule, findings)``, routed by the first stage of the shuffle."""
    groups: dict[Key, list[tuple[int, int, Any]]] = {}
    for piece in pieces:
        for _, key, member in piece:
            groups.setdefault(key, []).append(member)
    out: list[Entry] = []
    for (number, key), members in groups.items():
        if len(members) < 2:
            continue
        places = sorted(members, key=lambda member: member[:2])
        # this rule's findings only, never those of another rule of its clause reading its
        # field, alike (each rule's group kept both: duplicates doubled); the others' in
        # their own groups
        found: dict[int, tuple[Finding, ...]] = {}
        for at, finding in rule_findings(_load(reference), number,
                                         [app for _, _, app in places], now):
            if key_of(finding.input, rules[number].case_insensitive) == key:
                found[at] = (*found.get(at, ()), finding)
        out += [(places[at][0] // group, *places[at][:2], number, findings)
                for at, findings in sorted(found.items())]
    return routed(1, fan, out)


def _is_batch(finding: Finding, rules: Iterable[_Rule]) -> bool:
    """Whether ``finding`` is one of ``rules`` makes (:func:`callrules.language.unique.makes`,
    the one test, as a decision record's)."""
    return any(makes(rule.clause, rule.field, rule.listed, finding.clause, finding.code,
                     finding.path) for rule in rules)


def _assemble(rules: tuple[_Rule, ...], reader: str, partition: int, checked: list[_Checked],
              offset: int, *returned: list[Entry]) -> list[BatchItem]:
    """The items of the ``partition``-th partition numbered as in one batch, with their
    groups' findings (those of its group of partitions' that are its own; for a rule keyed
    by each participant, in the order of the participants), each carrying the caller's
    language (``reader``: what they say where no language is named, on a worker as in the
    caller's process)."""
    corrections: dict[int, dict[int, tuple[Finding, ...]]] = {}
    for piece in returned:
        for _, at, position, number, found in piece:
            if at != partition:
                continue
            known = corrections.setdefault(position, {})
            known[number] = known.get(number, ()) + found
    out = []
    for position, entry in enumerate(checked):
        index = offset + position
        item = entry.item
        if item.report is None:
            assert item.error is not None
            error = InputError(item.error.problems, source=item.source or f"record {index}")
            error.labels = item.error.labels
            error.__cause__ = item.error.__cause__  # (what the caller gave that failed)
            out.append(BatchItem(index, None, error, item.source, reader=reader))
            continue
        found = corrections.get(position, {})
        findings = tuple(f for f in item.report.findings if not _is_batch(f, rules))
        findings += tuple(f for number in sorted(found)
                          for f in sorted(found[number], key=_place))
        # (each finding too: shown alone on a worker, ``finding.message()``, it speaks the
        # caller's language as its report does)
        findings = tuple(f._moved(reader=reader) for f in findings)
        report = dataclasses.replace(item.report, findings=findings, reader=reader)
        out.append(BatchItem(index, report, None, item.source, reader=reader))
    return out


def _place(finding: Finding) -> tuple[int, ...]:
    """The order of a rule's findings on one record: by the positions in their location."""
    return tuple(p for p in finding.loc if isinstance(p, int))
