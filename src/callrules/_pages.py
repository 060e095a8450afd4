"""A page of applications under a key callrules does not name: its applications, or one
problem saying where they seem to be.

An export or an API's answer often holds its applications as the one list of an object
whose other keys are a count, links, a schema (Django REST framework's ``{"count": 3,
"next": null, "results": [...]}``, ``{"data": [...], "meta": {...}}``, pandas'
``orient="table"``, a GraphQL answer ``{"data": {"applications": [...]}}``). Read as one
record, such an object is one application "missing everything", and the N applications it
holds are never judged. So an object none of whose keys is one every application gives
(see ``RECORD_KEYS``), holding (itself or in an object under it, up to :data:`_DEPTH`
levels) exactly ONE list of objects each giving at least :data:`_SHOWN` of those keys, is a
page: its applications are read, each labelled by its place in that list
(``page.json[0]``), the page's other keys passed over as an envelope's are. A list of
visitors is no such list (a visitor gives one of those keys, its ``id``), nor is anything in
an application (which gives them), so one application is always one result.

Shapes that hold applications otherwise than as a plain list (wrapped one by one,
``{"_source": {...}}``, ``{"attributes": {...}}``, ``{"node": {...}}``; written column by
column or keyed by their row, as pandas writes by default; several such lists) are not
guessed at: the object is one problem saying where the applications seem to be.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from callrules._json_values import JSON_SPACE, RECORD_KEYS, STRICT
from callrules._reading import problem
from callrules._sourced import Sourced

__all__ = ["paged"]

#: How many of the keys every application gives an object must give to be taken for one.
_SHOWN = 2
#: How deep under the page's object its list is looked for (``{"data": {"applications":
#: [...]}}`` is 2; Relay's ``edges`` one more).
_DEPTH = 3
#: How many applications keyed by other names than row numbers make a table keyed by its
#: rows (fewer are records wrapped: ``{"application": {...}}``, documented as read).
_ROWS = 3
#: How many keys a page may have at each level (an envelope's bound).
_KEYS = 65
#: An object whose first key is ``id``, a text: an application (a page gives no ``id``; a
#: table column by column gives it as an object), told without decoding the record twice.
_ID_FIRST = re.compile(f'[{JSON_SPACE}]*{{[{JSON_SPACE}]*"id"[{JSON_SPACE}]*:[{JSON_SPACE}]*"')


def paged(item: Sourced) -> Iterator[Sourced]:
    """``item`` itself, or, when it is a page of applications (see the module), each of its
    applications, or the one problem saying where they seem to be."""
    data = item.data
    if type(data) is dict:
        value: Any = data
    elif type(data) is str and _ID_FIRST.match(data):
        yield item  # (an application as most are written: its id, a text, first; read once)
        return
    elif type(data) is str and data.lstrip(JSON_SPACE).startswith("{"):
        try:  # (decoded fast; again, a key given twice refused, only when it may be a page)
            value = json.loads(data)
            if isinstance(value, dict) and RECORD_KEYS.isdisjoint(value):
                value = json.loads(data, object_pairs_hook=_once)
        except (ValueError, RecursionError):
            yield item
            return
    else:
        yield item
        return
    if not isinstance(value, dict) or (columns := _by_column(value)) is None:
        yield item
        return
    if columns:
        yield problem(item.source, "applications_by_column", "the applications seem to be "
                      "written column by column or keyed by their row, not one object each")
        return
    places: list[tuple[tuple[str, ...], list[Any], bool]] = []
    _lists(value, (), places)
    if len(places) == 1 and not places[0][2]:
        path, found, _ = places[0]
        if type(data) is str:  # (decoded as the readers decode: amounts, big numbers)
            found = _at(STRICT.decode(data), path)
        for index, application in enumerate(found):
            yield Sourced(f"{item.source}[{index}]", application)
        return
    if places:
        path = places[0][0]
        place = " › ".join(json.dumps(key, ensure_ascii=False) for key in path)
        yield problem(item.source, "applications_elsewhere", f"the applications seem to be "
                      f"under {place}, where they are not read", {"place": place})
        return
    yield item


class _Twice(ValueError):
    """A key given twice in an object: its text read as written, never as a page."""


def _once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _Twice("a key given twice")
    return found


def _application(value: Any) -> bool:
    return isinstance(value, dict) and len(RECORD_KEYS.intersection(value)) >= _SHOWN


def _by_column(value: dict[str, Any]) -> bool | None:
    """Whether the object ``value`` holds applications column by column (pandas'
    ``to_json()``: ``{"id": {"0": ..., "1": ...}, "submitted_at": {...}}``) or keyed by
    their row (``orient="index"``: ``{"0": {application}, "1": {...}}``) or split
    (``{"columns": ["id", ...], "data": [[...], ...]}``): True; False if it may be a page;
    None if it is an application (or nothing of the kind)."""
    given = RECORD_KEYS.intersection(value)
    if given:
        columns = [value[key] for key in given if isinstance(value[key], dict)]
        return (len(columns) >= _SHOWN and isinstance(value.get("id"), dict) and all(
            column.keys() == columns[0].keys() for column in columns)) or None
    if len(value) > _KEYS:
        return None
    if value and all(_application(item) for item in value.values()) and (
            len(value) >= _ROWS or all(key.isdigit() for key in value)):
        return True  # (keyed by their row; not a record wrapped, ``{"application": {…}}``)
    named = any(isinstance(item, list) and len(RECORD_KEYS.intersection(
        name for name in item if isinstance(name, str))) >= _SHOWN for item in value.values())
    return named and any(isinstance(item, list) and bool(item) and all(
        isinstance(row, list) for row in item) for item in value.values())


def _lists(value: dict[str, Any], path: tuple[str, ...],
           places: list[tuple[tuple[str, ...], list[Any], bool]]) -> None:
    """The lists of applications in the object ``value`` (giving none of the keys of an
    application) and under it: their keys from the top, each list, and whether its
    applications are wrapped one by one (``{"_source": {...}}``)."""
    if len(path) >= _DEPTH or len(value) > _KEYS or RECORD_KEYS.intersection(value):
        return
    for key, item in value.items():
        if isinstance(item, dict):
            _lists(item, (*path, key), places)
        elif isinstance(item, list) and item and all(isinstance(one, dict) for one in item):
            if all(_application(one) for one in item):
                places.append(((*path, key), item, False))
            elif (inner := _wrapped(item[0])) is not None and all(
                    _application(one.get(inner)) for one in item):
                places.append(((*path, key, inner), item, True))


def _wrapped(element: dict[str, Any]) -> str | None:
    """The key of the one application an object wraps (``{"_index": ..., "_source":
    {application}}``), if it wraps one; else None."""
    return next((key for key, item in element.items() if _application(item)), None)


def _at(value: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        value = value[key]
    return value
