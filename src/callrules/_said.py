"""What the command line says to a person about a problem with what it was given, in the
reader's language (``--lang``, else ``CALLRULES_LANG``).

Every usage error of every command is told here from words of the catalogs: an error that
carries ``words`` (an unknown call, an unknown zone, an instant typed wrongly, an output
that is an input…) in those words; an :class:`~callrules.InputError` by its problems'
messages, each after the file or option it is about; a file that cannot be read or written
named with the reason (:mod:`callrules._system`). Never a field path, a Python value or the
operating system's English."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import TextIO

from babel import Locale

from callrules._i18n import (
    ENVIRONMENT,
    Reading,
    call_reading,
    chosen_language,
    default_language,
    join_list,
    language_of,
    languages,
    negotiate,
    phrase,
    phrase_sentence,
    setting_spoken,
    spoken,
    unspoken,
    words_said,
)
from callrules._messages import N_
from callrules._safe import terminal
from callrules.exceptions import (
    CallrulesError,
    DefinitionError,
    InputError,
)

__all__ = [
    "ARGPARSE_WORDS",
    "arguments_said",
    "argv_language",
    "choice_said",
    "language",
    "lines_of",
    "said",
    "words_language",
]

#: argparse's own words in a command's help, as argparse asks gettext for them (its msgids):
#: in the catalogs, so that the help is written in the reader's language
#: (``callrules._cli._Formatter``). "usage: " is the phrase ``usage``.
ARGPARSE_WORDS = (
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
)

#: argparse's own messages (Python 3.11 to 3.13), each with the phrase that says it: the
#: command line's mistakes in its arguments are told in the reader's language too.
_ARGPARSE = tuple((re.compile(pattern), key) for pattern, key in (
    (r"the following arguments are required: (?P<names>.*)", "args_required"),
    (r"unrecognized arguments: (?P<names>.*)", "args_unrecognized"),
    (r"argument (?P<name>[^:]+): (?P<said>.*)", "args_argument"),
    (r"expected one argument", "args_expected_one"),
    (r"expected at least one argument", "args_expected_at_least_one"),
    (r"expected at most one argument", "args_expected_at_most_one"),
    (r"expected \d+ arguments?", "args_expected_more"),
    (r"ignored explicit argument (?P<value>.*)", "args_ignored"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", "args_ambiguous"),
    (r"invalid (?P<type>\S+) value: (?P<value>.*)", "args_invalid_value"),
    (r"not allowed with argument (?P<name>.*)", "args_not_allowed"),
    (r"one of the arguments (?P<names>.*) is required", "args_one_required"),
    (r"a whole number, at least 1, not (?P<value>.*)", "args_whole_number"),
    (r"an empty value", "args_empty_value"),
))


def language(requested: str | None, err: TextIO, call_languages: Sequence[str] | None = None,
             *, first: bool = True) -> str:
    """The language of a command's words: ``requested`` (``--lang``, named by the person
    who typed the command) if the library speaks it, or, given the command's call's
    ``call_languages``, a :class:`~callrules._i18n.Reading` of a language only the call's
    texts are in (its sentences in the call's first language if spoken, else English, or
    in English whatever the call's first language without ``first``, as a call's JSON
    Schema says them; and a note on ``err`` that says so); a language neither speaks is refused
    (:class:`~callrules.ArgumentError` naming ``--lang`` and the languages spoken: exit 2),
    never another chosen in its place. None is the session's (``CALLRULES_LANG``, read from
    the environment: negotiated, English when the library does not speak it, with a note
    on ``err`` that says so: a platform's misspelt setting is told)."""
    if requested is None:
        lang = default_language()
        setting = os.environ.get(ENVIRONMENT, "") if chosen_language() is None else ""
        if setting.strip() and setting_spoken(setting) is None:
            _not_spoken(setting, lang, err)
        return lang
    if spoken(requested) is None and language_of(requested) not in {
            *languages(), *(call_languages or ())}:
        raise unspoken(requested, call_languages or (), argument="--lang")
    if call_languages is None:
        return negotiate(requested)
    lang = call_reading(requested, call_languages,
                        call_languages[0] if call_languages and first else None)
    if isinstance(lang, Reading):
        _not_spoken(requested, lang, err)
    return lang


def words_language(requested: str | None) -> str:
    """The language of the command line's own words about itself (a usage error, an
    interruption, a bug) for ``--lang``: its language if the library speaks it, else the
    session's; never a refusal (:func:`language`, the command's, refuses it)."""
    if requested is None or not isinstance(requested, str):
        return default_language()
    return spoken(requested, otherwise=default_language())


def _not_spoken(requested: str, lang: str, err: TextIO) -> None:
    used = Locale.parse(lang).get_display_name(lang) or lang
    err.write("callrules: " + terminal(phrase_sentence(
        "no_messages", lang, asked=" ".join(requested.split())[:40], used=used)) + "\n")


def said(error: CallrulesError, lang: str) -> str:
    """``error`` in ``lang`` for standard error, each line safe for a terminal: its words;
    an input error's problems, one a line, after the file or option they are about; the
    error's English text for an error that has no words (a call author's mistakes)."""
    if error.words is not None:  # (a text it quotes, its invisible characters named)
        return terminal(words_said(error.words, lang))
    if isinstance(error, InputError):
        lines = []
        for problem in error.problems:
            message = problem.message(lang)
            if error.source and error.source != "selection":
                message = phrase("problem_in", lang, source=error.source, message=message)
            lines.append(terminal(message))
        return "\n".join(lines)
    return lines_of(error)


def lines_of(error: Exception) -> str:
    """An error's text, each line safe for a terminal (a file named with an escape
    sequence is shown escaped)."""
    parts = error.lines() if isinstance(error, DefinitionError) else str(error).split("\n")
    return "\n".join(terminal(line) for line in parts)


def argv_language(argv: Sequence[str]) -> str:
    """The language a command line asks for (``--lang X``, ``--lang=X``), read before its
    arguments are parsed, so that a mistake in them is said in that language; else the
    session's (``CALLRULES_LANG``)."""
    for position, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and position + 1 < len(argv):
            return words_language(argv[position + 1])
        if word.startswith("--lang="):
            return words_language(word.partition("=")[2])
    return default_language()


def arguments_said(message: str, lang: str) -> str:
    """argparse's ``message`` about the arguments (an unknown option, a choice that is not
    one, a missing argument) in ``lang``; one argparse has not said before, as it is."""
    for pattern, key in _ARGPARSE:
        found = pattern.fullmatch(message)
        if found is None:
            continue
        values = found.groupdict()
        if key == "args_argument":
            values["said"] = arguments_said(values["said"], lang)
        elif key == "args_invalid_value":
            values["type"] = phrase("args_type_number" if values["type"] in ("int", "float")
                                    else "args_type_other", lang)
        return terminal(phrase_sentence(key, lang, **values))
    return terminal(message)


def choice_said(name: str | None, value: object, choices: Iterable[object], lang: str) -> str:
    """A value that is not one of an argument's ``choices`` (argument ``name``, as argparse
    names it) in ``lang``: the value as typed, the choices as a person writes them (``text,
    json or csv``), from argparse's own values, never read back from its English message:
    no typed text is ever parsed, let alone evaluated."""
    refused = terminal(phrase_sentence("args_invalid_choice", lang, value=str(value),
                                       choices=join_list([str(each) for each in choices],
                                                         lang, "or")))
    if name is None:
        return refused
    return terminal(phrase_sentence("args_argument", lang, name=name, said=refused))
