"""The application and its parts, as pydantic v2 models.

Nothing here is specific to one call: roles, categories, document kinds and cost categories
are plain strings whose allowed values a call states as parameters. Codes are checked
against the standards (ISO 3166-1/-2, ISO 4217, ISO 639-1); instants must be aware.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from callrules import _codes
from callrules._money import Money, parse_amount
from callrules._problems import AmountError, problem

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
]


def _country(code: str) -> str:
    if not _codes.is_country(code):
        raise problem("country_code", value=repr(code))
    return code


def _subdivision(code: str) -> str:
    if not _codes.is_subdivision(code):
        raise problem("subdivision_code", value=repr(code))
    return code


def _currency(code: str) -> str:
    if not _codes.is_currency(code):
        raise problem("currency_code", value=repr(code))
    return code


#: The instants an application may hold: a day inside the calendar's ends, so that the instant
#: can be shown in any zone (a rule reading it in the call's zone cannot overflow).
_EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
_LATEST = datetime(9999, 12, 30, tzinfo=UTC)


def _instant(value: datetime) -> datetime:
    if not _EARLIEST <= value <= _LATEST:
        raise problem("instant_range", value=value.isoformat())
    return value


def _language(code: str) -> str:
    if not _codes.is_language(code):
        raise problem("language_code", value=repr(code))
    return code


Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$"), AfterValidator(_country)]
SubdivisionCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$"),
                            AfterValidator(_subdivision)]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), AfterValidator(_currency)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$"), AfterValidator(_language)]
ExactDecimal = Annotated[Decimal, Field(json_schema_extra={"type": "string"})]


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
            raise problem("subdivision_country", subdivision=repr(self.subdivision),
                          country=repr(self.country))
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
    affiliations: tuple[Identifier, ...] = ()
    location: Location


class Host(_Model):
    """The person who hosts the visit (and, for many calls, submits the application)."""

    person: Person
    role: Identifier
    status: Identifier
    unit: Unit


class Institution(_Model):
    """A visitor's home institution."""

    name: Text
    location: Location


class Stay(_Model):
    """The dates of a stay: arrival and departure, both local calendar dates."""

    arrival: date
    departure: date


class Visitor(_Model):
    """A person the application would bring, with their category, institution and stay."""

    id: Identifier
    person: Person
    category: Identifier
    institution: Institution
    stay: Stay


class Document(_Model):
    """An attached document: its kind, whose it is (a visitor id), and its length."""

    kind: Identifier
    owner: Identifier | None = None
    pages: Annotated[int, Field(ge=0, le=100_000)]
    title: Text | None = None


class Approval(_Model):
    """An approval attached to the application, such as the unit director's."""

    kind: Identifier
    by: Person | None = None
    on: date | None = None


def _non_negative(money: Money) -> Money:
    if money.amount < 0:
        raise problem("negative_amount", value=str(money))
    return money


class BudgetLine(_Model):
    """One requested cost: its category, the participant it is for, and its amount."""

    category: Identifier
    amount: Annotated[Money, AfterValidator(_non_negative)]
    beneficiary: Identifier | None = None
    label: Text | None = None


class Budget(_Model):
    """The requested budget, line by line."""

    lines: tuple[BudgetLine, ...] = Field(default=(), max_length=10_000)


class ExchangeRate(_Model):
    """A rate supplied by the caller: one ``base`` costs ``rate`` ``quote``."""

    base: CurrencyCode
    quote: CurrencyCode
    rate: ExactDecimal

    @field_validator("rate", mode="before")
    @classmethod
    def _rate_exact(cls, value: object) -> Decimal:
        try:
            rate = parse_amount(value)
        except AmountError as exc:
            raise problem("amount", reason=str(exc), reason_code=exc.code, **exc.ctx
                          ) from None
        if rate <= 0:
            raise problem("positive_rate")
        return rate


#: A call-specific answer: text, a whole number of at most 15 digits, yes/no, or nothing.
Answer = Annotated[str, StringConstraints(max_length=5000)] | Annotated[
    int, Field(ge=-(10**15), le=10**15)] | bool | None


class Application(_Model):
    """An application to a call."""

    id: Identifier
    call: Identifier | None = None
    submitted_at: Annotated[AwareDatetime, AfterValidator(_instant)]
    language: LanguageCode
    submitter: Person
    host: Host
    visitors: tuple[Visitor, ...] = Field(min_length=1, max_length=1000)
    documents: tuple[Document, ...] = Field(default=(), max_length=1000)
    approvals: tuple[Approval, ...] = Field(default=(), max_length=100)
    budget: Budget = Budget()
    exchange_rates: tuple[ExchangeRate, ...] = Field(default=(), max_length=200)
    answers: dict[Identifier, Answer] = Field(default_factory=dict, max_length=500)

    def rates(self) -> Mapping[tuple[str, str], Decimal]:
        """The supplied exchange rates, keyed by ``(base, quote)``."""
        return {(r.base, r.quote): r.rate for r in self.exchange_rates}


def model_fields_of(model: type[BaseModel]) -> Mapping[str, Any]:
    """The declared fields of ``model`` (the only attributes rules may read)."""
    return model.model_fields
