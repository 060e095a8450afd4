"""The application and its parts, as pydantic v2 models.

Nothing here is specific to one call: roles, categories, document kinds and cost categories
are plain strings here; a call's vocabularies restrict them in the call's own models
(``callrules._form``), and its rules state which of those values it funds. Codes are checked
against the standards (ISO 3166-1/-2, ISO 4217, ISO 639-1); instants must be aware.
"""

from __future__ import annotations

import decimal
import re
import types
import typing
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    field_serializer,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import ValidationError, core_schema

from callrules import _codes
from callrules._in_words import cut
from callrules._json_numbers import TypedDecimal, pointed
from callrules._keys import IGNORABLE, text_key, written_form
from callrules._leading_digits import leading_digits
from callrules._messages import INPUT_CODES
from callrules._money import AMOUNT_PATTERN, Money, MoneyField
from callrules._portable_patterns import SPACE, astral, in_class, portable
from callrules._problems import problem
from callrules._time import on_earth

__all__ = [
    "Application",
    "Approval",
    "Budget",
    "BudgetLine",
    "Document",
    "ExchangeRate",
    "Host",
    "Institution",
    "Location",
    "Person",
    "Stay",
    "Unit",
    "Visitor",
    "constrained_texts",
    "given_twice",
    "standard_codes",
]

# Every field accepts exactly one spelling of its value, the one the JSON Schema describes
# (``_schema.py``): text is a JSON string, a whole number a JSON integer, yes/no a JSON
# boolean, a date "YYYY-MM-DD", an instant RFC 3339 text with its offset, an amount a JSON
# string holding a plain decimal numeral. Nothing is coerced ("3" is not 3, true is not 1,
# "0" is not 1970-01-01). From Python, a ``date``, an aware ``datetime`` and a ``Money``
# are also taken as they are. The checks are pydantic-core's own (patterns, literals,
# bounds); Python runs only where they cannot say it (a subdivision in its country).

#: A year an instant may have: 0002 to 9998, so that it can be shown in any zone.
_YEAR = ("(?:000[2-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]"
         "|999[0-8])")
#: A calendar date as JSON text (the calendar itself is checked when it is read).
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: An offset a place on Earth uses, -12:00 to +14:00 (``_time.OFFSETS_ON_EARTH``), but not
#: ``-00:00``, which RFC 3339 gives to a time whose local offset is unknown.
_OFFSET = (r"(?:[Zz]|\+(?:0[0-9]|1[0-3]):[0-5][0-9]|\+14:00|-00:(?:0[1-9]|[1-5][0-9])"
           "|-(?:0[1-9]|1[01]):[0-5][0-9]|-12:00)")
#: An instant as JSON text: RFC 3339 with seconds and an offset (``Z`` or ``+02:00``; ``t`` and
#: ``z`` too, as RFC 3339 allows), to the microsecond (``_time.FRACTION_DIGITS``): more digits
#: are refused (the problem says why), never cut.
INSTANT_PATTERN = (f"^{_YEAR}-[0-9]{{2}}-[0-9]{{2}}[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
                   f"(?:[.][0-9]{{1,6}})?{_OFFSET}$")
#: An e-mail address as JSON Schema says it (see :data:`_ADDRESS`, which the model checks
#: on the text's key): a local part, an at sign, a domain of labels joined by single dots;
#: no control character, space or other blank, none of the specials that wrap a copied
#: address, no ASCII punctuation but the hyphen in a label. Written to read alike in every
#: dialect (:mod:`callrules._portable_patterns`): blanks written out, since ``\\s`` differs
#: between them; punctuation in a class as ``\\xHH``; the invisible characters outside the
#: Basic Multilingual Plane not in the class but refused by a lookahead before each
#: character.
_SCHEMA_BLANKS = ("\\x00-\\x20\\x7f-\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
                  # and what the key reads otherwise: invisible (Default_Ignorable, the model
                  # refuses them at an end), full-width punctuation (read as ASCII's), the
                  # two that NFC makes ASCII punctuation (U+037E ";", U+1FEF "`")
                  "\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f"
                  "\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufff8"
                  "\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff5e\\u037e\\u1fef")
#: The invisible characters outside the Basic Multilingual Plane (Default_Ignorable), which
#: JSON carries as characters: no part of the address holds one.
_SCHEMA_ASTRAL_INVISIBLE = "|".join(astral(low, high) for low, high in (
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF)))


def _schema_part(signs: str) -> str:
    """A part of an address in the schema: characters but the at sign, blanks, invisible
    characters and ``signs``."""
    refused = "".join(in_class(sign) for sign in "@" + signs)
    return f"(?:(?!{_SCHEMA_ASTRAL_INVISIBLE})[^{refused}{_SCHEMA_BLANKS}])+"


_SCHEMA_LOCAL = _schema_part('"(),:;<>[]\\')
_SCHEMA_LABEL = _schema_part('"(),:;<>[]\\!#$%&\'*+./=?^_`{|}~')
EMAIL_PATTERN = portable(f"^{_SCHEMA_LOCAL}@(?:{_SCHEMA_LABEL}[.])+{_SCHEMA_LABEL}$")
#: What no part of an address holds: a control character, a space or any other Unicode blank
#: (no-break, figure, narrow…), and the specials that wrap an address copied from a mail
#: client or a link (``"``, ``<``, ``>``, the ``:`` of ``mailto:``, brackets, ``,``, ``;``).
_NOT_IN_ADDRESS = ("\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f"
                   "\u3000" + re.escape('"(),:;<>[]\\'))
#: Nor a domain's labels: ASCII punctuation but the hyphen.
_NOT_IN_DOMAIN = _NOT_IN_ADDRESS + re.escape("!#$%&'*+./=?^_`{|}~")
#: Blanks, commas or semicolons with a character that is none of them on each side (the
#: first of them said): inside an address, or between two, not wrapping one.
_BETWEEN = "\\s,;\u00a0\u202f\u2000-\u200a\u3000\uff0c\uff1b"  # (full-width too)
_INSIDE = re.compile(f"[^{_NOT_IN_ADDRESS}\uff0c\uff1b]([{_BETWEEN}])[{_BETWEEN}]*"
                     f"(?=[^{_NOT_IN_ADDRESS}\uff0c\uff1b])")
#: An e-mail address as a mail system holds it, checked on its text key (full-width forms
#: as ASCII, invisible characters removed): a local part, an at sign, a domain of labels
#: joined by single dots, without a dot at its end.
_ADDRESS = re.compile(f"[^@{_NOT_IN_ADDRESS}]+@(?:[^@{_NOT_IN_DOMAIN}]+[.])+[^@{_NOT_IN_DOMAIN}]+")


#: Text a person reads in one line (a name, an id, a title): no control character (C0, DEL,
#: C1), so that nothing in it can stop a reader or a terminal short (NUL) or move the cursor.
LINE_PATTERN = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"
#: Longer text a person reads (an answer, a declared text): lines and tabs allowed, no other
#: control character.
LINES_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Printable:
    """Text without control characters (:data:`LINE_PATTERN`, or :data:`LINES_PATTERN` with
    ``lines``), checked after the text's own constraints; a control character is the
    problem ``control_character``."""

    def __init__(self, *, lines: bool = False) -> None:
        self.pattern = LINES_PATTERN if lines else LINE_PATTERN

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        return core_schema.chain_schema([handler(source), core_schema.custom_error_schema(
            core_schema.str_schema(pattern=self.pattern), custom_error_type="control_character",
            custom_error_message=INPUT_CODES["control_character"])])

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out = dict(handler(schema))
        out["pattern"] = portable(self.pattern)  # (its end read alike in every dialect)
        return out


class Trimmed:
    """An identifier as it is matched (a visitor's id that documents name, an application's
    id that reviewers' scores name, a code): no space, no-break space or other white space
    before or after it, which a person cannot see and one side would keep where the other
    strips it; such text is the problem ``surrounding_space``."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_trimmed, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out = dict(handler(schema))
        # (white space as Python's str.strip reads it, written out: ECMA-262's \s differs)
        out["not"] = {"anyOf": [{"pattern": f"^[{SPACE}]"}, {"pattern": portable(f"[{SPACE}]$")}]}
        return out


def _trimmed(value: str) -> str:
    if value != value.strip():
        raise problem("surrounding_space")
    return value


class EmailAddress:
    """An e-mail address as a mail system holds it (:data:`_ADDRESS`, on its text key, and
    no invisible character first or last), the same whatever form of its text a record
    writes: an address wrapped or decorated as it is copied (``mailto:x@y.fr``,
    ``<x@y.fr>``, quoted, with a final dot or a no-break space after it) is the problem
    ``email_address``, never another address."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_email_address, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out = dict(handler(schema))
        out["pattern"] = EMAIL_PATTERN
        return out


def _email_address(value: str) -> str:
    written = written_form(value)
    if (not _ADDRESS.fullmatch(written) or IGNORABLE.match(value)
            or IGNORABLE.match(value[-1])):
        inside = _INSIDE.search(value.strip())  # (the character as typed: U+3000, not
        # the space its written form makes of it, look74w)
        if inside is not None and "@" in written and not written.lower().startswith(
                "mailto:") and not any(c in written for c in '<>"'):
            # (a blank, a comma or a semicolon between its letters, never around them: a
            # name typed in two words, two addresses given as one; the advice on wrapping,
            # brackets or blanks around it does not apply, att80)
            if inside.group(1) == " ":  # (the plain space in words, never « » U+0020)
                raise problem("email_address", template="email_space")
            raise _bad_character("email_inside", inside.group(1))
        raise problem("email_address")
    if not written.isascii():
        _address_characters(written)
    elif "xn--" in written.lower() and not _ace_labels(written.rpartition("@")[2]):
        raise problem("email_address")
    return value


def _ace_labels(domain: str) -> bool:
    """Whether each label of ``domain`` written ``xn--…`` (an internationalised label in its
    ASCII form) is one: the form IDNA gives to a label that is not ASCII (``xn--ipgp-`` is
    ``ipgp``, which IDNA writes ``ipgp``: another spelling of that domain, not a domain)."""
    for label in domain.lower().split("."):
        if label.startswith("xn--"):
            try:
                unicode = label[4:].encode("ascii").decode("punycode")
                if (unicode.isascii() or unicode.encode("idna").decode("ascii") != label
                        or _LONE_MIDDLE_DOT.search(unicode)):
                    return False
            except UnicodeError:
                return False
    return True


#: The scripts whose letters take their accents precomposed (an accent after one of them is
#: one its letters take: :data:`_ACCENTS`), and the digits (which take none).
_PRECOMPOSED = frozenset({"LATIN", "GREEK", "CYRILLIC", "DIGIT"})
#: A letter, a decimal digit or a mark, as written (``¼`` is not: in form KC, ``1⁄4``).
_LETTER_OR_DIGIT = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Mn", "Mc", "Me"})
#: What a part of an address holds besides letters, digits and marks (once in form KC).
_ADDRESS_SIGNS = frozenset("!#$%&'*+-./=?^_`{|}~@")


def _script(char: str) -> str:
    """The script of a letter or digit as its Unicode name begins (``LATIN``, ``DEVANAGARI``,
    ``DIGIT``…), read on its form KC (``ᵉ`` is a Latin ``e``, ``ⓒ`` a ``c``)."""
    plain = unicodedata.normalize("NFKC", char)[-1:] or char
    return unicodedata.name(plain, "?").split(" ", 1)[0]


def _accents() -> dict[str, frozenset[str]]:
    """The accents the letters of each script take, read from the canonical decompositions
    of its precomposed letters (all between U+00C0 and U+1FFF for Latin, Greek, Cyrillic):
    for Latin the acute, the dot below, the ogonek…, not the combining underline U+0332 or
    an overlaid stroke, which no letter takes."""
    out: dict[str, set[str]] = {}
    for letter in map(chr, range(0xC0, 0x2000)):
        parts = unicodedata.normalize("NFD", letter)
        if len(parts) > 1 and unicodedata.category(letter)[0] == "L":
            out.setdefault(_script(parts[0]), set()).update(parts[1:])
    return {script: frozenset(marks) for script, marks in out.items()}


_ACCENTS = _accents()
#: A middle dot not between two ``l``: the Catalan ``l·l`` is the one IDNA 2008 allows in a
#: domain (its CONTEXTO rule), and so the one an address holds, in its local part too.
_LONE_MIDDLE_DOT = re.compile("(?<![lL])\u00b7|\u00b7(?![lL])")


def _address_characters(written: str) -> None:
    """Refuse an address (``written``: its written form, not ASCII) holding a character no
    address holds as a person types it: each character is a letter, a digit or a mark, as
    written (``Ŀ``) or in form KC (``ⓒ``, ``․``), or ASCII that an address holds (a
    braille blank, an object replacement character, a musical symbol, an ideographic full
    stop ``。``, a hyphen ``‐`` that is not ``-``, a middle dot but the Catalan ``l·l``, a
    leader ``‥`` that reads as two dots are not); a mark or modifier letter
    follows a letter or digit and makes a letter with it: none after a Latin, Greek or
    Cyrillic letter or a digit that form C left uncomposed (``l`` + U+0332), but an accent
    of its script over a letter form C accented (Yoruba ``ẹ́``, Lithuanian ``ė́``, an accent
    once), none of another script than its letter (a Tibetan
    mark, a Tifinagh modifier after ``l``); and a domain that is no internationalised domain
    name (IDNA: a label of at most 63 characters once encoded, no prohibited character)."""
    dot = _LONE_MIDDLE_DOT.search(written)
    if dot:
        raise _bad_character("email_character", dot.group())
    for char in written:
        if char.isascii() or char == "\u00b7" or unicodedata.category(
                char) in _LETTER_OR_DIGIT or all(
                c in _ADDRESS_SIGNS or c.isalnum() if c.isascii()
                else unicodedata.category(c)[0] in "LNM"
                for c in unicodedata.normalize("NFKC", char)):
            continue  # (a letter as written, ``Ŀ``; or in form KC, ``ⓒ``, ``․``)
        raise _bad_character("email_character", char)
    plain = unicodedata.normalize("NFKC", written)
    base, marks = "", ""
    for char in written:
        kind = unicodedata.category(char)
        if kind[0] != "M" and kind != "Lm":
            base = char if char.isalnum() else ""
            marks = unicodedata.normalize("NFD", base)[1:]  # (the accents of ``é``…)
            continue
        if not base:
            raise _bad_character("email_mark", char)
        script = _script(base)
        if kind == "Lm":  # (``ᵉ`` after a Latin letter; ``ー``, ``々`` after a kana, a kanji)
            wrong = script in _PRECOMPOSED and _script(char) != script
            base, marks = char, ""
        elif unicodedata.name(char, "?").startswith("COMBINING "):  # an accent of any script
            # (form C composed every accent a plain Latin, Greek, Cyrillic letter has; one
            # its script's letters take stacks over a letter already accented, each once:
            # Yoruba ``ẹ́``, Lithuanian ``ė́``, form C having no letter for both)
            wrong = script in _PRECOMPOSED and (
                not marks or char not in _ACCENTS.get(script, ()) or char in marks)
            marks += char
        else:  # a vowel sign, a point, a nukta… of its own script
            wrong = _script(char) != script
        if wrong:
            raise _bad_character("email_mark", char)
    domain = plain.rpartition("@")[2]
    try:
        domain.lower().encode("idna")
    except UnicodeError:
        raise problem("email_address") from None
    if not _ace_labels(domain):
        raise problem("email_address")


def _bad_character(template: str, char: str) -> Exception:
    return problem("email_address", template=template, char=char,
                   point=f"{ord(char):04X}")  # (never its English name: att80 B1)


def _no_control(value: Any) -> Any:
    if isinstance(value, str) and _CONTROL.search(value):
        raise problem("control_character")
    return value


class _OneOf:
    """A code from a fixed table (a pydantic-core literal: a hash lookup, no Python call);
    anything else is the typed problem ``error`` (``country_code``…)."""

    def __init__(self, values: frozenset[str], error: str) -> None:
        self.codes = values
        self.values = sorted(values)
        self.error = error

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        return core_schema.custom_error_schema(
            core_schema.literal_schema(self.values), custom_error_type=self.error,
            custom_error_message=INPUT_CODES[self.error].replace("“%(value)s”", "the value"))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "string", "enum": self.values}


class _Text:
    """Text matching ``pattern`` read as a value by ``convert`` (a date, an instant); from
    Python, an instance that ``python`` accepts; anything else is the problem ``error``."""

    def __init__(self, pattern: str, convert: core_schema.CoreSchema,
                 python: core_schema.CoreSchema, error: str, json_format: str) -> None:
        self.pattern, self.convert, self.python = pattern, convert, python
        self.error, self.format = error, json_format

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        text = core_schema.chain_schema([
            core_schema.str_schema(strict=True, pattern=self.pattern), self.convert])
        return core_schema.custom_error_schema(
            core_schema.json_or_python_schema(
                json_schema=text,
                python_schema=core_schema.union_schema([self.python, text],
                                                       mode="left_to_right")),
            custom_error_type=self.error, custom_error_message=INPUT_CODES[self.error])

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "string", "format": self.format, "pattern": portable(self.pattern)}


def _instant_in_range(value: datetime) -> datetime:
    if not 2 <= value.year <= 9998 or not on_earth(value):  # as the text form says
        raise problem("instant_text")
    return value


_DateText = _Text(DATE_PATTERN, core_schema.date_schema(), core_schema.date_schema(strict=True),
                  "date_text", "date")
_InstantText = _Text(
    INSTANT_PATTERN, core_schema.datetime_schema(tz_constraint="aware"),
    core_schema.no_info_after_validator_function(
        _instant_in_range, core_schema.datetime_schema(strict=True, tz_constraint="aware")),
    "instant_text", "date-time")


class WrittenNumber(TypedDecimal):
    """A number as a CSV cell wrote it (``5.0``, ``1e1``), whose text a refusal quotes as it
    was typed (a Decimal alone would say ``1E+1``)."""

    __slots__ = ()


#: Bits past which a whole number's text is read from its leading digits alone (a Python
#: int of a million digits: never written whole, nor past Python's own limit, wrd78).
_WHOLE_BITS = 12_000


def answer_number_text(value: int | float | Decimal) -> str:
    """A number refused as an answer, as it was typed when its text is known (a CSV cell,
    a JSON number a Decimal no longer writes), else as Python writes it; a whole number
    too long to write cheaply by its leading digits (:func:`~callrules._leading_digits.\
leading_digits`: more than :func:`cut` keeps).

    >>> text = answer_number_text
    >>> text(WrittenNumber("1e1")), text(10 ** 40), text(2.5)
    ('1e1', '10000000000000000000000000000000000000000', '2.5')
    >>> text(-(10 ** 100_000))[:3], cut(text(7 * 10 ** 100_000))[-3:]
    ('-10', '00…')
    """
    if isinstance(value, TypedDecimal):
        return value.text
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int) and value.bit_length() > _WHOLE_BITS:
        return ("-" if value < 0 else "") + leading_digits(abs(value))
    return str(value)


def number_template(text: str, cell: bool = False, decimal: bool = False) -> str:
    """The words refusing a number ``text`` as an answer, each saying why and how to give
    it as text: ``answer_number`` (a point or an exponent), ``answer_long`` (a whole number
    of more than 15 digits, given as one: not a ``decimal`` from Python), ``answer_decimal``
    (any other: a whole Decimal from Python); those of a CSV ``cell`` (``_cell``) say how to
    type the quotes in it. A text that is no number written in digits (``nan``, ``inf``,
    JSON's ``NaN``, ``-Infinity``) gets the general words, ``answer_type``: it is neither
    a decimal number nor a text to write as typed (look78w F3, wrdmend78).

    >>> [number_template(t) for t in ("5.0", "1e9", "1234567890123456", "50", "-inf")]
    ['answer_number', 'answer_number', 'answer_long', 'answer_decimal', 'answer_type']
    >>> number_template("1000000000000000", decimal=True)
    'answer_decimal'
    """
    digits = text.lstrip("+-")
    if not digits[:1] or digits[0] not in "0123456789.":
        return "answer_type"
    if pointed(text):
        kind = "answer_number"
    elif not decimal and digits.isdigit() and len(digits) > 15:
        kind = "answer_long"
    else:
        kind = "answer_decimal"
    return f"{kind}_cell" if cell and kind != "answer_decimal" else kind


def _number_answer(value: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> Any:
    """An answer read by ``handler``; a number it refuses (``5.0`` in JSON or a CSV cell, a
    whole number of 16 digits, a Decimal) refused in words saying why and how to give it as
    text (att84 F1, wrd78)."""
    try:
        return handler(value)
    except ValidationError:
        if type(value) is not bool and isinstance(value, (int, float, Decimal)):
            # (the whole text looked at, only its cut quoted, whatever gave the number: a
            # CSV cell, a JSON array's Decimal, a Decimal from Python; rrmenda)
            text = answer_number_text(value)
            raise problem("answer_type", template=number_template(
                text, isinstance(value, WrittenNumber), isinstance(value, Decimal)
                and not isinstance(value, TypedDecimal)), value=cut(text)) from None
        raise


class AnswerSchema:
    """A call-specific answer: text, a whole number of at most 15 digits, true/false, or
    null; anything else (a fraction, an object) is the problem ``answer_type`` (a number
    with a point or an exponent said as such, with how to give it as text)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        read = core_schema.custom_error_schema(
            core_schema.nullable_schema(core_schema.union_schema([
                core_schema.bool_schema(strict=True),
                core_schema.int_schema(strict=True, ge=-(10**15), le=10**15),
                core_schema.str_schema(strict=True, max_length=5000)])),
            custom_error_type="answer_type", custom_error_message=INPUT_CODES["answer_type"])
        return core_schema.no_info_after_validator_function(
            _no_control, core_schema.no_info_wrap_validator_function(_number_answer, read))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"anyOf": [{"type": "string", "maxLength": 5000,
                           "pattern": portable(LINES_PATTERN)},
                          {"type": "integer", "minimum": -(10**15), "maximum": 10**15},
                          {"type": "boolean"}, {"type": "null"}]}


class _RateSchema:
    """An exchange rate: a positive amount written as an amount is, in a JSON string; from
    Python, a ``Decimal`` too (the field's type), read as the numeral it writes (never a
    float)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        text = core_schema.no_info_after_validator_function(
            _positive_rate, core_schema.custom_error_schema(
                core_schema.str_schema(strict=True, pattern=AMOUNT_PATTERN),
                custom_error_type="rate_text", custom_error_message=INPUT_CODES["rate_text"]))
        return core_schema.json_or_python_schema(
            json_schema=text,
            python_schema=core_schema.no_info_wrap_validator_function(_decimal_rate, text))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "string",
                "allOf": [{"pattern": portable(AMOUNT_PATTERN)}, {"pattern": "[1-9]"}],
                "examples": ["0.1600"]}


#: Wide enough for the product of two rates of 26 digits each: exact.
_EXACT = decimal.Context(prec=60)


def _decimal_rate(value: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> Any:
    """A Decimal given from Python, checked as the numeral it writes (``0.16``; ``NaN``, a
    negative one or one of 9 decimals is refused as that text is)."""
    return handler(format(value, "f") if isinstance(value, Decimal) else value)


def _positive_rate(text: str) -> Decimal:
    rate = Decimal(text)
    if not rate:
        raise problem("positive_rate")
    return rate


Text = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=500), Printable()]
Identifier = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=100),
                       Printable(), Trimmed()]
Email = Annotated[str, StringConstraints(strict=True, max_length=254), EmailAddress()]
CountryCode = Annotated[str, _OneOf(_codes.COUNTRIES, "country_code")]
SubdivisionCode = Annotated[str, _OneOf(_codes.SUBDIVISIONS, "subdivision_code")]
CurrencyCode = Annotated[str, _OneOf(_codes.CURRENCIES, "currency_code")]
LanguageCode = Annotated[str, _OneOf(_codes.LANGUAGES, "language_code")]
Day = Annotated[date, _DateText]
Instant = Annotated[datetime, _InstantText]
Count = Annotated[int, Field(strict=True, ge=0, le=100_000)]
#: The fields a call declares at one level of an application, as the generic models hold
#: them (any JSON value, at most 200 of them): a call's own models type them
#: (``callrules._form``).
Fields = Annotated[dict[Identifier, Any], Field(max_length=200)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)


class Location(_Model):
    """Where something is: a country and, optionally, a subdivision of it."""

    country: CountryCode
    subdivision: SubdivisionCode | None = None
    city: Text | None = None

    @model_validator(mode="after")
    def _subdivision_in_country(self) -> Location:
        if self.subdivision is not None and not self.subdivision.startswith(self.country + "-"):
            raise problem("subdivision_country", subdivision=self.subdivision,
                          country=self.country)
        return self


class Person(_Model):
    """A person, identified by their e-mail address."""

    given_name: Text
    family_name: Text
    email: Email


class Unit(_Model):
    """A laboratory, unit or research infrastructure, with the bodies it is affiliated with."""

    code: Identifier
    name: Text
    kind: Identifier | None = None
    affiliations: tuple[Identifier, ...] = Field(default=(), max_length=100)
    location: Location


class Host(_Model):
    """The person who hosts the visit (and, for many calls, submits the application)."""

    person: Person
    role: Identifier
    status: Identifier
    unit: Unit
    fields: Fields = Field(default_factory=dict)


class Institution(_Model):
    """A visitor's home institution."""

    name: Text
    location: Location


class Stay(_Model):
    """The dates of a stay: arrival and departure, both local calendar dates."""

    arrival: Day
    departure: Day


class Visitor(_Model):
    """A person the application would bring, with their category, institution and stay."""

    id: Identifier
    person: Person
    category: Identifier
    institution: Institution
    stay: Stay
    fields: Fields = Field(default_factory=dict)


class Document(_Model):
    """An attached document: its kind, whose it is (a visitor id), and its length."""

    kind: Identifier
    owner: Identifier | None = None
    pages: Count
    title: Text | None = None
    fields: Fields = Field(default_factory=dict)


class Approval(_Model):
    """An approval attached to the application, such as the unit director's."""

    kind: Identifier
    by: Person | None = None
    on: Day | None = None


class BudgetLine(_Model):
    """One requested cost: its category, the participant it is for, and its amount."""

    category: Identifier
    amount: Annotated[Money, MoneyField(signed=False)]
    beneficiary: Identifier | None = None
    label: Text | None = None
    fields: Fields = Field(default_factory=dict)


class Budget(_Model):
    """The requested budget, line by line."""

    lines: tuple[BudgetLine, ...] = Field(default=(), max_length=10_000)


class ExchangeRate(_Model):
    """A rate supplied by the caller: one ``base`` costs ``rate`` ``quote``."""

    base: CurrencyCode
    quote: CurrencyCode
    rate: Annotated[Decimal, _RateSchema()]

    @field_serializer("rate")
    def _rate_text(self, rate: Decimal) -> str:
        return format(rate, "f")  # the one spelling it was read from: a plain numeral


#: A call-specific answer: text, a whole number of at most 15 digits, yes/no, or nothing.
Answer = Annotated[str | int | bool | None, AnswerSchema()]


def given_twice(ids: Iterable[tuple[int, str]]) -> tuple[int, str] | None:
    """The first of ``ids`` (each visitor's index and id) that an earlier one gives, as every
    rule compares texts (:func:`callrules._keys.text_key`); None if each is given once."""
    seen: set[str] = set()
    for index, given in ids:
        key = text_key(given, False)
        if key in seen:
            return index, given
        seen.add(key)
    return None


class Application(_Model):
    """An application to a call."""

    id: Identifier
    call: Identifier | None = None
    submitted_at: Instant
    language: LanguageCode
    submitter: Person
    host: Host
    visitors: tuple[Visitor, ...] = Field(min_length=1, max_length=1000)
    documents: tuple[Document, ...] = Field(default=(), max_length=1000)
    approvals: tuple[Approval, ...] = Field(default=(), max_length=100)
    budget: Budget = Budget()
    exchange_rates: tuple[ExchangeRate, ...] = Field(default=(), max_length=200)
    answers: dict[Identifier, Answer] = Field(default_factory=dict, max_length=500)
    fields: Fields = Field(default_factory=dict)

    @field_validator("visitors")
    @classmethod
    def _one_visitor_per_id(cls, visitors: tuple[Visitor, ...]) -> tuple[Visitor, ...]:
        """Documents and budget lines name their visitor by id: two visitors with one id
        (the same text, as every rule compares texts: :func:`callrules._keys.text_key`)
        would share one CV and one budget, so the id given twice is bad input, located at
        the second visitor's id."""
        twice = given_twice(enumerate(visitor.id for visitor in visitors))
        if twice is not None:
            raise problem("duplicate_visitor_id", value=twice[1], at=twice[0])
        return visitors

    @field_validator("exchange_rates")
    @classmethod
    def _one_rate_per_pair(cls, rates: tuple[ExchangeRate, ...]) -> tuple[ExchangeRate, ...]:
        """Two different rates for one pair of currencies (or a rate and an inverse that
        disagrees) leave the conversion undecided: bad input, never "the last one wins"; a
        rate of a currency to itself other than 1 is bad input too (``self_rate``)."""
        seen: dict[tuple[str, str], Decimal] = {}
        for rate in rates:
            if rate.base == rate.quote and rate.rate != 1:  # EUR to EUR is 1, never 2
                raise problem("self_rate", currency=rate.base, rate=format(rate.rate, "f"))
            pair = (rate.base, rate.quote)
            inverse = seen.get((rate.quote, rate.base))
            if (seen.get(pair, rate.rate) != rate.rate
                    or (inverse is not None and _EXACT.multiply(inverse, rate.rate) != 1)):
                raise problem("conflicting_rates", base=rate.base, quote=rate.quote)
            seen[pair] = rate.rate
        return rates

    def rates(self) -> Mapping[tuple[str, str], Decimal]:
        """The supplied exchange rates, keyed by ``(base, quote)``."""
        return {(r.base, r.quote): r.rate for r in self.exchange_rates}


def model_fields_of(model: type[BaseModel]) -> Mapping[str, Any]:
    """The declared fields of ``model`` (the only attributes rules may read)."""
    return model.model_fields


def standard_codes(model: type[BaseModel]) -> dict[str, tuple[str, frozenset[str]]]:
    """The fields of ``model`` (an application model, a call's own included) that take the
    codes of a standard table, by key (``visitors.institution.location.country``, a money
    value's ``….amount.currency``, a declared field of type country): the problem a value
    outside the table is (``country_code``, ``subdivision_code``, ``currency_code``,
    ``language_code``) and the table. What a call writes to compare with such a field is
    checked against it (:func:`callrules._vocabularies.check_rule_codes`)."""
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for key, annotation, metadata in _leaves(model, [], ""):
        table = next((m for m in metadata if isinstance(m, _OneOf)), None)
        if table is not None:
            out[key] = (table.error, table.codes)
        elif annotation is Money:
            out[f"{key}.currency"] = ("currency_code", _codes.CURRENCIES)
    return out


def constrained_texts(model: type[BaseModel]) -> dict[str, Any]:
    """The text fields of ``model`` whose values are constrained otherwise (an identifier
    with no space around it, an e-mail address, a text of bounded length without control
    characters), by key: the annotation that reads them. Text a call writes to compare with
    such a field that the annotation refuses is never held by it (``"UMR 7154 "``, an
    address without an at sign)."""
    return {key: Annotated[(str, *metadata)]
            for key, annotation, metadata in _leaves(model, [], "")
            if annotation is str and metadata
            and not any(isinstance(m, _OneOf) for m in metadata)}


def _leaves(annotation: Any, metadata: list[Any], key: str
            ) -> typing.Iterator[tuple[str, Any, list[Any]]]:
    """Every field that holds one value (not a model, not a list of them) under ``key`` of
    ``annotation`` (a model, at any depth: the items of its lists too), with its key, type
    and constraints; a money value is one."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *more = typing.get_args(annotation)
        yield from _leaves(base, [*metadata, *more], key)
    elif origin in (Union, types.UnionType, tuple, list):
        for arg in typing.get_args(annotation):  # a list's bounds are not its items'
            if arg is not Ellipsis and arg is not type(None):
                yield from _leaves(arg, metadata if origin in (Union, types.UnionType)
                                   else [], key)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            yield from _leaves(info.annotation, list(info.metadata),
                               f"{key}.{name}" if key else name)
    elif origin is None:
        yield key, annotation, metadata
