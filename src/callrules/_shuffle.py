"""A staged shuffle, as Dask's ``tasks`` method shuffles: entries sent by one task a bucket
each to the bucket it names, in a few stages, each task taking from and sending to at most
:data:`SHUFFLE_FAN` others, so that the graph grows with the buckets times the stages, never
with their square (every bucket sending to every bucket: 161,798 tasks for 200).

An entry is a tuple whose first item is its bucket (a whole number below the product of the
stages' fans); a bucket's number is read as digits, one a stage, each of base its stage's
fan. A source task gives its entries as :func:`routed` splits them, by the first digit; at
each stage, a task takes the lists meant for it from the tasks whose bucket differs from its
own in that digit only, and splits them by the next. Entries keep the order they came in.
Where the entries spread over the buckets, each task handles about a bucket's share; the
entries of one bucket all pass through the tasks on its way, however many they are (a shuffle
moves entries, it never splits what one bucket must get).

The tasks are written in Dask's plain form (a key → a tuple of a function and its
arguments) into a graph the caller builds: a delayed value for each task would carry the
graph of every task below it, and a graph of many stages would take a time growing with the
square of its tasks to build.
"""

from __future__ import annotations

import math
from functools import partial
from operator import getitem
from typing import Any

__all__ = ["SHUFFLE_FAN", "Entry", "routed", "shuffled", "stages"]

#: At most how many tasks each task of the staged shuffle takes from, and sends to: the
#: buckets are reached in the stages that make the fewest tasks (16 buckets: two, 4 × 4; 64:
#: three, 4 × 4 × 4; 200: three, 6 × 6 × 6), so that the graph does not grow with the
#: square of the buckets (25/50/100/200 partitions: 2,723/10,448/40,898/161,798 tasks when
#: every partition sent to every bucket).
SHUFFLE_FAN = 8

Entry = tuple[Any, ...]  # (the bucket it goes to, what it carries…)


def stages(buckets: int) -> tuple[int, ...]:
    """The fans of a staged shuffle between ``buckets`` tasks, one a stage: as many buckets
    as asked or a few more (the product of the fans), in the stages that make the fewest
    tasks (a task a bucket and a stage, and one for each list it sends on), no fan above
    :data:`SHUFFLE_FAN` (for 2 to 8 buckets, one stage: every source to every bucket)."""
    best: tuple[int, tuple[int, ...]] | None = None
    for count in range(1, max(2, buckets.bit_length() + 1)):
        fans = [max(1, int(buckets ** (1 / count)))] * count
        at = 0
        while math.prod(fans) < buckets:
            fans[at] += 1
            at = (at + 1) % count
        if max(fans) > SHUFFLE_FAN:
            continue
        tasks = math.prod(fans) * sum(fan + 1 for fan in fans)
        if best is None or tasks < best[0]:
            best = (tasks, tuple(fans))
    assert best is not None
    return best[1]


def shuffled(graph: dict[Any, Any], name: str, sources: list[Any], fans: tuple[int, ...]
             ) -> list[list[Any]]:
    """The staged shuffle's tasks, written in ``graph`` under keys starting with ``name``:
    ``sources`` are the keys of one task a bucket (None for one that has nothing;
    ``math.prod(fans)`` buckets), each giving ``fans[0]`` lists of entries as :func:`routed`
    splits them by their bucket's first digit. The keys of the lists that reach each bucket
    are given, for the task that takes them: a task a bucket and a stage, and one for each
    list it sends on."""
    current = sources
    step = 1
    for stage, fan in enumerate(fans):
        pieces: list[list[Any]] = []
        for place in range(len(current)):
            digit = place // step % fan
            first = place - digit * step
            got = []
            for other in range(first, first + fan * step, step):
                if current[other] is not None:
                    piece = (f"{name}-{stage}", other, digit)
                    graph[piece] = (getitem, current[other], digit)
                    got.append(piece)
            pieces.append(got)
        if stage == len(fans) - 1:
            break
        step *= fan
        current = [None] * len(pieces)
        for place, got in enumerate(pieces):
            if got:
                current[place] = (f"{name}-route-{stage}", place)
                graph[current[place]] = (partial(routed, step, fans[stage + 1]), *got)
    return pieces


def routed(step: int, fan: int, *pieces: list[Entry]) -> tuple[list[Entry], ...]:
    """The entries of ``pieces`` in ``fan`` lists, by the digit of their bucket (base
    ``fan``, of weight ``step``) that a stage routes by, each in the order it came: a
    source task's entries with ``step`` 1, split for the first stage."""
    out: tuple[list[Entry], ...] = tuple([] for _ in range(fan))
    for piece in pieces:
        for entry in piece:
            out[entry[0] // step % fan].append(entry)
    return out
