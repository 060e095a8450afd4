"""The library's own words: one English template per finding code, and the report's phrases.

These strings are the ``msgid`` of the gettext catalogs under ``locale/``; ``pybabel extract``
finds them through the ``N_`` marker. Placeholders are ``%(name)s``, filled with values already
formatted for the reader's locale.
"""

from __future__ import annotations

__all__ = ["CODES", "N_", "PHRASES"]


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated when rendered."""
    return message


#: Every finding code the library can produce, with its English template.
CODES: dict[str, str] = {
    "missing": N_("A value is required here."),
    "too_late": N_("%(value)s is after the limit of %(limit)s (%(late_by)s too late)."),
    "not_before": N_("%(value)s is not before %(limit)s."),
    "too_early": N_("%(value)s is before %(limit)s (%(early_by)s too early)."),
    "not_after": N_("%(value)s is not after %(limit)s."),
    "above_maximum": N_("%(value)s is above the maximum of %(limit)s by %(excess)s."),
    "not_below": N_("%(value)s is not below %(limit)s."),
    "below_minimum": N_("%(value)s is below the minimum of %(limit)s by %(shortfall)s."),
    "not_above": N_("%(value)s is not above %(limit)s."),
    "not_equal": N_("%(value)s does not match %(expected)s."),
    "forbidden_value": N_("%(value)s is not accepted here."),
    "not_allowed": N_("%(value)s is not accepted; accepted: %(allowed)s."),
    "excluded": N_("%(value)s is excluded here (excluded: %(excluded)s)."),
    "unknown_reference": N_("%(value)s does not refer to any of: %(known)s."),
    "not_included": N_("%(expected)s is required but missing (found: %(found)s)."),
    "none_matching": N_("Nothing here meets this requirement: %(requirement)s."),
    "dates_reversed": N_("The end date, %(end)s, is before the start date, %(start)s."),
    "too_long": N_("This lasts %(days)s, more than the maximum of %(limit)s: shorten it by "
                   "%(excess)s."),
    "too_short": N_("This lasts %(days)s, less than the minimum of %(limit)s: lengthen it by "
                    "%(shortfall)s."),
    "outside_year": N_("%(value)s is not in %(year)s."),
    "total_above_maximum": N_("The total is %(total)s, %(excess)s above the cap of "
                              "%(limit)s."),
    "missing_exchange_rate": N_("No exchange rate from %(base)s to %(quote)s was supplied: "
                                "add one to exchange_rates."),
    "duplicate": N_("Application %(first)s (%(first_at)s) already has the same %(field)s, "
                    "%(value)s; only the first stands."),
    "not_satisfied": N_("This condition is not met."),
}

#: Problems of input records, by type: the library's own, and pydantic's commonest (whose
#: English message pydantic writes itself; these templates give the other languages).
INPUT_CODES: dict[str, str] = {
    "country_code": N_("%(value)s is not an ISO 3166-1 alpha-2 country code (e.g. 'BR', 'FR')"),
    "subdivision_code": N_("%(value)s is not an ISO 3166-2 subdivision code (e.g. 'FR-971', "
                           "'BR-SP')"),
    "subdivision_country": N_("subdivision %(subdivision)s is not in country %(country)s"),
    "currency_code": N_("%(value)s is not an ISO 4217 currency code"),
    "language_code": N_("%(value)s is not an ISO 639-1 language code (e.g. 'fr', 'en')"),
    "instant_range": N_("%(value)s is too close to the ends of the calendar (years 1 and 9999) "
                        "to be read in every time zone"),
    "negative_amount": N_("an amount requested cannot be negative (got %(value)s)"),
    "positive_rate": N_("an exchange rate must be positive"),
    "amount": N_("invalid amount: %(reason)s"),
    "amount_bool": N_("a boolean is not an amount"),
    "amount_float": N_("a binary float is not an exact amount; write it as a string, e.g. "
                       "\"3100.00\""),
    "amount_type": N_("expected a decimal number as a string, got %(type)s"),
    "amount_not_finite": N_("%(value)s is not a finite amount"),
    "amount_not_plain": N_("%(value)s is not a plain decimal number (use a dot, no separators: "
                           "3100.00)"),
    "amount_too_large": N_("%(value)s has more than %(limit)s digits before the point"),
    "amount_too_precise": N_("%(value)s has more than %(limit)s decimal places"),
    "money_fields": N_("unexpected key(s) %(extra)s; a money value has only 'amount' and "
                       "'currency'"),
    "money_incomplete": N_("a money value needs both 'amount' and 'currency'"),
    "money_type": N_("expected money as {\"amount\": \"3100.00\", \"currency\": \"EUR\"}"),
    "amount_text": N_("An amount is expected here as text holding a plain decimal number, "
                      "e.g. \"3100.00\": digits, a dot, at most 18 digits before it and 8 "
                      "after, no sign, no exponent, no separators."),
    "date_text": N_("A date is expected here, written YYYY-MM-DD."),
    "instant_text": N_("A date and time with its time zone offset is expected here, seconds "
                       "included, e.g. 2026-06-01T17:00:00+02:00 (years 0002 to 9998)."),
    "answer_type": N_("An answer is a text of at most 5000 characters, a whole number of at "
                      "most 15 digits, true, false or null."),
    "conflicting_rates": N_("Two different exchange rates are given between %(base)s and "
                            "%(quote)s: give one rate per pair of currencies."),
    "bool_parsing": N_("true or false is expected here."),
    "int_from_float": N_("A whole number is expected here, without a fractional part."),
    "date_from_datetime_inexact": N_("A date is expected here, written YYYY-MM-DD, without "
                                     "a time."),
    "literal_error": N_("This value is not one of those accepted here."),
    "union_tag_invalid": N_("This value is not one of those accepted here."),
    "string_sub_type": N_("A text is expected here."),
    "string_unicode": N_("This text holds a character that is not valid Unicode (a lone "
                         "surrogate)."),
    "json_type": N_("This is not valid JSON."),
    "recursion_loop": N_("The record is nested too deeply."),
    "missing": N_("This field is required."),
    "extra_forbidden": N_("This field is not expected here (check its spelling)."),
    "string_type": N_("A text is expected here."),
    "string_too_short": N_("This text is too short (at least %(min_length)s characters)."),
    "string_too_long": N_("This text is too long (at most %(max_length)s characters)."),
    "string_pattern_mismatch": N_("This text does not have the expected form."),
    "int_type": N_("A whole number is expected here."),
    "int_parsing": N_("A whole number is expected here."),
    "greater_than_equal": N_("The number must be at least %(ge)s."),
    "less_than_equal": N_("The number must be at most %(le)s."),
    "date_parsing": N_("A date is expected here, written YYYY-MM-DD."),
    "date_from_datetime_parsing": N_("A date is expected here, written YYYY-MM-DD."),
    "date_type": N_("A date is expected here, written YYYY-MM-DD."),
    "datetime_parsing": N_("A date and time is expected here, e.g. 2026-06-01T17:00:00+02:00."),
    "datetime_from_date_parsing": N_("A date and time is expected here, e.g. "
                                     "2026-06-01T17:00:00+02:00."),
    "datetime_type": N_("A date and time is expected here, e.g. 2026-06-01T17:00:00+02:00."),
    "timezone_aware": N_("A date and time needs a time zone offset, e.g. "
                         "2026-06-01T17:00:00+02:00."),
    "too_short": N_("This list is too short (at least %(min_length)s items)."),
    "too_long": N_("This list is too long (at most %(max_length)s items)."),
    "list_type": N_("A list is expected here."),
    "tuple_type": N_("A list is expected here."),
    "dict_type": N_("An object is expected here."),
    "model_type": N_("An object is expected here."),
    "model_attributes_type": N_("An object is expected here."),
    "bool_type": N_("true or false is expected here."),
    "json_invalid": N_("This is not valid JSON."),
    "not_an_object": N_("An application is a JSON object."),
    "too_deep": N_("The record is nested too deeply."),
    # Fields a call declares (callrules._form)
    "choice": N_("%(value)s is not one of the values accepted here: %(accepted)s."),
    "decimal_text": N_("A decimal number is expected here as text, e.g. \"0.25\": digits, "
                       "a dot, at most 18 digits before it and 8 after, an optional minus "
                       "sign, no exponent, no separators."),
    "field_min": N_("This value is below the minimum of %(min)s."),
    "field_max": N_("This value is above the maximum of %(max)s."),
    "field_currency": N_("An amount in %(currency)s is expected here."),
    "undeclared_field": N_("%(field)s is not a field the call asks for here; it asks for: "
                           "%(accepted)s."),  # accepted: the labels; ctx "keys": the keys
    "no_declared_fields": N_("%(field)s is not a field the call asks for: it asks for none "
                             "here."),
}

#: The phrases of reports and counts (``%(n)s`` is a number).
PHRASES: dict[str, str] = {
    "eligible": N_("ELIGIBLE"),
    "not_eligible": N_("NOT ELIGIBLE"),
    "report_head": N_("Application %(application)s to %(call)s (version %(version)s): "
                      "%(verdict)s"),
    "errors": N_("Errors"),
    "field": N_("Field"),
    "message": N_("Message"),
    "severity": N_("Severity"),
    "error": N_("error"),
    "warning": N_("warning"),
    "application": N_("Application"),
    "verdict": N_("Verdict"),
    "failing": N_("Applications failing it"),
    "invalid_input": N_("invalid input"),
    "batch_head": N_("%(n)s records: %(eligible)s eligible, %(invalid)s invalid input"),
    "heading_count": N_("%(heading)s (%(n)s):"),
    "warnings": N_("Warnings"),
    "clause": N_("clause"),
    "unchecked": N_("Not checked (needs the whole batch): %(clauses)s"),
    "whole_application": N_("(the application)"),
    "nights": N_("nights"),
    "days": N_("days"),
    "night_count": N_("%(n)s nights"),
    "day_count": N_("%(n)s days"),
    "zone_time": N_("%(city)s time"),
    "instant_elsewhere": N_("%(instant)s, that is %(local)s"),
    # The checklist, generated from the rules
    "checklist_title": N_("Eligibility checklist"),
    "timeline": N_("Timeline"),
    "conditions": N_("Eligibility conditions"),
    "warning_only": N_("(a warning, not a bar)"),
    "not_checked": N_("(shown to applicants; no rule checks it)"),
    "notes": N_("Also in the call"),
    "batch_only": N_("(checked across all applications)"),
    "d_all": N_("all of: %(parts)s"),
    "d_any": N_("one of: %(parts)s"),
    "d_not": N_("not (%(part)s)"),
    "d_each": N_("for each item of %(path)s: %(part)s"),
    "d_each_where": N_("for each item of %(path)s where %(where)s: %(part)s"),
    "d_exists": N_("%(path)s contains an item where %(where)s"),
    "d_exists_any": N_("%(path)s is not empty"),
    "d_present": N_("%(path)s is given"),
    "d_compare": N_("%(path)s %(cmp)s %(to)s"),
    "d_in": N_("%(path)s is one of: %(set)s"),
    "d_not_in": N_("%(path)s is none of: %(set)s"),
    "d_contains": N_("%(path)s includes %(value)s"),
    "d_days": N_("from %(start)s to %(end)s: %(bounds)s (%(count)s)"),
    "d_days_max": N_("at most %(max)s"),
    "d_days_min": N_("at least %(min)s"),
    "d_within_year": N_("%(path)s falls in %(year)s"),
    "d_total": N_("the total of %(path)s is at most %(max)s"),
    "d_unique": N_("at most one application per %(path)s (the earliest stands)"),
    "cmp ==": N_("is"),
    "cmp !=": N_("is not"),
    "time <": N_("is before"),
    "time <=": N_("is on or before"),
    "time >": N_("is after"),
    "time >=": N_("is on or after"),
    "quantity <": N_("is less than"),
    "quantity <=": N_("is at most"),
    "quantity >": N_("is more than"),
    "quantity >=": N_("is at least"),
    "the_same_as": N_("the same as %(path)s"),
    "values_of": N_("the values of %(path)s"),
    "empty": N_("nothing"),
    "none": N_("none"),
}

#: Titles of the application's fields in its JSON Schema, by field name (a form's labels).
FIELD_TITLES: dict[str, str] = {
    "id": N_("Identifier"),
    "call": N_("Call"),
    "submitted_at": N_("Submitted at"),
    "language": N_("Language"),
    "submitter": N_("Submitter"),
    "host": N_("Host"),
    "visitors": N_("Visitors"),
    "documents": N_("Documents"),
    "approvals": N_("Approvals"),
    "budget": N_("Budget"),
    "exchange_rates": N_("Exchange rates"),
    "answers": N_("Answers"),
    "person": N_("Person"),
    "role": N_("Role"),
    "status": N_("Status"),
    "unit": N_("Unit"),
    "code": N_("Code"),
    "name": N_("Name"),
    "kind": N_("Kind"),
    "affiliations": N_("Affiliations"),
    "location": N_("Location"),
    "country": N_("Country"),
    "subdivision": N_("Subdivision"),
    "city": N_("City"),
    "given_name": N_("Given name"),
    "family_name": N_("Family name"),
    "email": N_("E-mail address"),
    "institution": N_("Institution"),
    "stay": N_("Stay"),
    "arrival": N_("Arrival"),
    "departure": N_("Departure"),
    "category": N_("Category"),
    "owner": N_("Owner"),
    "pages": N_("Pages"),
    "title": N_("Title"),
    "by": N_("By"),
    "on": N_("On"),
    "amount": N_("Amount"),
    "beneficiary": N_("Beneficiary"),
    "label": N_("Label"),
    "lines": N_("Lines"),
    "base": N_("Base currency"),
    "quote": N_("Quote currency"),
    "rate": N_("Rate"),
    "currency": N_("Currency"),
    "fields": N_("Fields the call asks for"),
}

#: Titles and descriptions of the application's parts in its JSON Schema, by model name.
MODEL_TEXTS: dict[str, tuple[str, str]] = {
    "Application": (N_("Application"), N_("An application to a call.")),
    "Location": (N_("Location"), N_("Where something is: a country and, optionally, a "
                                    "subdivision of it.")),
    "Person": (N_("Person"), N_("A person, identified by their e-mail address.")),
    "Unit": (N_("Unit"), N_("A laboratory, unit or research infrastructure, with the bodies it "
                            "is affiliated with.")),
    "Host": (N_("Host"), N_("The person who hosts the visit (and, for many calls, submits the "
                            "application).")),
    "Institution": (N_("Institution"), N_("A visitor's home institution.")),
    "Stay": (N_("Stay"), N_("The dates of a stay: arrival and departure, both local calendar "
                            "dates.")),
    "Visitor": (N_("Visitor"), N_("A person the application would bring, with their category, "
                                  "institution and stay.")),
    "Document": (N_("Document"), N_("An attached document: its kind, whose it is (a visitor "
                                    "id), and its length.")),
    "Approval": (N_("Approval"), N_("An approval attached to the application, such as the unit "
                                    "director's.")),
    "BudgetLine": (N_("Budget line"), N_("One requested cost: its category, the participant it "
                                         "is for, and its amount.")),
    "Budget": (N_("Budget"), N_("The requested budget, line by line.")),
    "ExchangeRate": (N_("Exchange rate"), N_("A rate supplied by the applicant: one unit of the "
                                             "base currency costs this rate in the quote "
                                             "currency.")),
    "Money": (N_("Money"), N_("An exact amount, written as text, with its ISO 4217 currency "
                              "code.")),
}

#: Sentences the JSON Schema adds for one call.
SCHEMA_PHRASES: dict[str, str] = {
    "application_to": N_("An application to the call %(call)s (version %(version)s)."),
    "accepts": N_("The call %(call)s accepts: %(values)s."),
    "declared_fields": N_("Fields the call asks for"),
}
