"""Recurrence: a call that returns every year with the same rules and new dates.

Edition ``k`` (0 for the file's own, 1 the next year…) moves every milestone, and every
``from`` of a dated history, by ``k`` whole years in the call's zone, and adds ``k`` to each
of the recurrence's year parameters; its id is the recurrence's pattern with the edition's
year.
"""

from __future__ import annotations

from collections.abc import Iterable

from callrules._definitions import CallFile
from callrules._parameters import Parameter
from callrules._time import Milestone
from callrules._timeline import checked_milestone
from callrules.exceptions import DefinitionError

__all__ = ["edition_id", "moved_milestone", "moved_parameter"]


def moved_milestone(milestone: Milestone, edition: int, *, source: str,
                    loc: tuple[str | int, ...]) -> Milestone:
    """``milestone`` as it stands in edition ``edition`` (moved by whole years)."""
    if not edition:
        return milestone
    try:
        moved = Milestone(milestone.name, milestone.shifted(years=edition).start,
                          milestone.precision)
    except (OverflowError, ValueError) as exc:
        raise DefinitionError(f"edition {edition} moves it past the calendar: {exc}",
                              code="bad_milestone", source=source, loc=loc) from None
    return checked_milestone(moved, source=source, loc=loc)


#: The years a year parameter may hold in every edition: those of the calendar.
YEARS = range(1, 10_000)


def moved_parameter(parameter: Parameter, edition: int, year_parameters: Iterable[str], *,
                    source: str = "<call>", loc: tuple[str | int, ...] = ()) -> Parameter:
    """``parameter`` in edition ``edition``: a year parameter follows the edition's year.
    :class:`DefinitionError` (``bad_recurrence``) if a year parameter is not a year of the
    calendar (1 to 9999) in this edition: every date compared with it would be outside."""
    if parameter.kind != "int" or parameter.name not in year_parameters:
        return parameter
    year = parameter.value + edition
    if year not in YEARS:
        moved = f", {year} in this edition" if edition else ""
        raise DefinitionError(f"year parameter {parameter.name!r} is {parameter.value}"
                              f"{moved}: a year is 1 to 9999", code="bad_recurrence",
                              source=source, loc=loc,
                              hint="lower recurrence.count, or correct the year")
    return Parameter(parameter.name, "int", year) if edition else parameter


def edition_id(definition: CallFile, first_year: int | None, edition: int,
               parameter_kinds: Iterable[tuple[str, str]], *, source: str) -> str:
    """The id of edition ``edition``, checking the recurrence against the file: the pattern
    must give the file's own id for its first year (the earliest milestone's), and each year
    parameter must be a whole number in every version of the call."""
    recurrence = definition.recurrence
    if recurrence is None:
        return definition.id
    if first_year is None:
        raise DefinitionError("a recurring call needs a timeline to move",
                              code="bad_recurrence", source=source, loc=("recurrence",))
    first = recurrence.id.replace("{year}", str(first_year - edition))
    if first != definition.id:
        raise DefinitionError(
            f"the recurrence's id gives {first!r} for the first edition, but the call's id "
            f"is {definition.id!r}", code="bad_recurrence", source=source,
            loc=("recurrence", "id"))
    kinds: dict[str, set[str]] = {}
    for name, kind in parameter_kinds:
        kinds.setdefault(name, set()).add(kind)
    for name in recurrence.year_parameters:
        if kinds.get(name) != {"int"}:
            raise DefinitionError(f"year parameter {name!r} is not a whole-number parameter",
                                  code="bad_recurrence", source=source,
                                  loc=("recurrence", "year_parameters"))
    return recurrence.id.replace("{year}", str(first_year))
