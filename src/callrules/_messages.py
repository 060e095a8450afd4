"""The library's own words: one English template per finding code, the labels of the
application's built-in fields, and the phrases of reports, tables and checklists.

These strings are the ``msgid`` of the gettext catalogs under ``locale/``; ``pybabel extract``
finds them through the ``N_`` marker. Placeholders are ``%(name)s``, filled with values already
formatted for the reader's locale. ``%(field)s`` is the label of the field a finding is about
(``%(Field)s`` the same label with a capital, to start a sentence).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["CODES", "DEFINITION_WORDS", "ENTRY_POINT_WORDS", "FIELDS", "FIELD_GIVEN", "GIVEN",
           "INPUT_CODES", "ITEMS", "N_", "PART_GIVEN", "PHRASES",
           "PLURALS", "VARIANTS", "Nn_", "definition_words", "is_entry_point_words"]


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated when rendered."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with plural forms for extraction (``pybabel extract -k Nn_:1,2``)."""
    return singular, plural


#: Every finding code the library can produce, with its English template.
CODES: dict[str, str] = {
    "missing": N_("%(Field)s: this information is required and was not given."),
    "too_late": N_("%(Field)s: %(value)s; limit: %(limit)s — %(late_by)s too late."),
    "not_before": N_("%(Field)s: %(value)s; it must be before %(limit)s."),
    "too_early": N_("%(Field)s: %(value)s; limit: %(limit)s — %(early_by)s too early."),
    "not_after": N_("%(Field)s: %(value)s; it must be after %(limit)s."),
    "above_maximum": N_("%(Field)s: %(value)s; maximum: %(limit)s — %(excess)s over."),
    "not_below": N_("%(Field)s: %(value)s; it must be less than %(limit)s."),
    "below_minimum": N_("%(Field)s: %(value)s; minimum: %(limit)s — %(shortfall)s short."),
    "not_above": N_("%(Field)s: %(value)s; it must be more than %(limit)s."),
    "not_equal": N_("%(Field)s: %(value)s, where %(expected)s is expected."),
    "forbidden_value": N_("%(Field)s: %(value)s is not accepted here."),
    "not_allowed": N_("%(Field)s: %(value)s is not among the accepted values (%(allowed)s)."),
    "excluded": N_("%(Field)s: %(value)s is excluded (excluded: %(excluded)s)."),
    "unknown_reference": N_("%(Field)s: %(value)s matches none of these: %(known)s."),
    "not_included": N_("%(Field)s: %(expected)s is missing."),
    "none_matching": N_("Missing: %(requirement)s."),
    "dates_reversed": N_("The end date, %(end)s, is before the start date, %(start)s."),
    "too_long": N_("The stay lasts %(days)s, more than the maximum of %(limit)s: shorten it by "
                   "%(excess)s."),
    "too_short": N_("The stay lasts %(days)s, less than the minimum of %(limit)s: lengthen it "
                    "by %(shortfall)s."),
    "judged_before_submission": N_("%(Field)s: %(value)s. The application is judged as "
                                   "of %(now)s, before it was submitted: the call is "
                                   "applied as it stood then."),
    "outside_year": N_("%(Field)s: %(value)s, which is not in %(year)s."),
    "total_above_maximum": N_("The total is %(total)s, %(excess)s above the cap of "
                              "%(limit)s."),
    "missing_exchange_rate": N_("No exchange rate from %(base)s to %(quote)s was supplied: "
                                "add it to the application's exchange rates."),
    "no_rate": N_("The call's table “%(table)s” gives no rate for %(key)s on %(on)s."),
    "no_rate_in_force": N_("The call's table “%(table)s” gives no rate on %(on)s: its first "
                           "rates take effect on %(first)s."),
    # a rule of severity warning that cannot be judged: the application is judged without it
    "warning_too_large": N_("%(Field)s: the call's rules compute from this value a figure of "
                            "more than %(limit)s digits before the decimal point, more than "
                            "any amount handled: this warning could not be judged, and the "
                            "application is judged without it. This value is not at "
                            "fault; the call's rules must be corrected."),
    "warning_out_of_calendar": N_("%(Field)s: the call's rules move this date by a period "
                                  "that takes it out of the calendar (years 1 to 9999): this "
                                  "warning could not be judged, and the application is judged "
                                  "without it."),
    "duplicate": N_("Application %(first)s (%(first_at)s) already has the same %(field)s, "
                    "%(value)s; only the first one stands."),
    "not_satisfied": N_("This condition is not met."),
    "over_no_item": N_("No value can be worked out for %(field)s: there is no item of "
                       "“%(items)s” to take %(which)s of."),
    "findings_cut": N_("This rule fails in more places than a report can list (the list "
                       "would pass about %(limit)s characters): the places said here are the "
                       "first of them. Correct them and check the application again to see "
                       "the others."),
    "zero_divisor": N_("No value can be worked out for %(field)s: %(part)s is zero, and "
                       "nothing can be divided by zero."),
}

#: Finding templates for a finding whose context names more than the code's own template
#: says: a limit that is a milestone of the call (``%(milestone)s`` is its label), a value
#: compared with another field (``%(other)s`` is that field's label), or a participant that
#: an earlier application of the batch already lists (``%(person)s`` is the name).
VARIANTS: dict[str, str] = {
    "too_late milestone": N_("%(Field)s: %(value)s; %(milestone)s: %(limit)s — %(late_by)s "
                             "too late."),
    # a value at the very instant its limit ends (the end of a day of the call's clocks, the
    # limit said as that day, a month's last): too late by nothing a duration can say, but
    # the day over (att54 W1: it had been « at the limit itself »)
    "too_late at_limit": N_("%(Field)s: %(value)s; limit: %(limit)s — that day had just "
                            "ended, which is already too late."),
    "too_late milestone at_limit": N_("%(Field)s: %(value)s; %(milestone)s: %(limit)s — that "
                                      "day had just ended, which is already too late."),
    "not_before milestone": N_("%(Field)s: %(value)s; %(milestone)s: %(limit)s — it must be "
                               "before."),
    "too_early milestone": N_("%(Field)s: %(value)s; %(milestone)s: %(limit)s — "
                              "%(early_by)s too early."),
    "not_after milestone": N_("%(Field)s: %(value)s; %(milestone)s: %(limit)s — it must be "
                              "after."),
    # a computed date against a milestone, moved or not, named with its date ("the deadline
    # (January 1, 2026)", "3 days before the deadline (…)"): said as the limit, never after a
    # preposition that contracts with a date only (« antérieure au 1er janvier » but « à
    # l’échéance », « al 1 de enero » but « al hito »)
    "not_before named": N_("%(Field)s: %(value)s; limit: %(limit)s — it must be before."),
    "not_after named": N_("%(Field)s: %(value)s; limit: %(limit)s — it must be after."),
    # the first application named with its instant, never in brackets around the instant's
    # own (« A1 (28 mai 2026, 10:42 (UTC−03:00)) », att80 D3)
    "duplicate instant": N_("Application %(first)s, dated %(first_at)s, already has the same "
                            "%(field)s, %(value)s; only the first one stands."),
    "duplicate person instant": N_("%(person)s, with the same %(field)s (%(value)s), is "
                                   "already in application %(first)s, dated %(first_at)s; "
                                   "only the first one stands."),
    "duplicate person": N_("%(person)s, with the same %(field)s (%(value)s), is already in "
                           "application %(first)s (%(first_at)s); only the first one stands."),
    # a rate a rule of severity warning needs is not known: that warning is not judged
    "no_rate warning": N_("The call's table “%(table)s” gives no rate for %(key)s on "
                          "%(on)s. This warning could not be judged, and the application "
                          "is judged without it."),
    "no_rate_in_force warning": N_("The call's table “%(table)s” gives no rate on %(on)s: "
                                   "its first rates take effect on %(first)s. This warning "
                                   "could not be judged, and the application is judged "
                                   "without it."),
    "missing_exchange_rate warning": N_("No exchange rate from %(base)s to %(quote)s was "
                                        "supplied: add it to the application's exchange "
                                        "rates. This warning could not be judged, and the "
                                        "application is judged without it."),
    "findings_cut none": N_("This rule fails in more places than a report can list (the "
                            "list would pass about %(limit)s characters): none of them can be "
                            "said here. Check the application against this clause, correct "
                            "it and check it again."),
    "over_no_item where": N_("No value can be worked out for %(field)s: no item of "
                             "“%(items)s” meets its condition, so there is none to take "
                             "%(which)s of."),
    "not_satisfied rule": N_("This condition must not be met, and it is: %(condition)s."),
    # a condition on the finding's own field: what the field holds, or that it is empty
    # (a field left out meets "other than …"), said after it (attacker 41b)
    "not_satisfied rule given": N_("This condition must not be met, and it is: "
                                   "%(condition)s; the value given: %(value)s."),
    "not_satisfied rule missing": N_("This condition must not be met, and it is: "
                                     "%(condition)s (this information was not given)."),
    # a value an alternative of ``any`` reads, left out, when no alternative holds: the
    # field is optional, none of them alone requires it (attack 36b: "required")
    "missing needed": N_("%(Field)s: this information is needed to judge this condition and "
                         "was not given."),
    "dates_reversed other": N_("%(Field)s: %(end)s; it is before the %(other)s, %(start)s."),
    "not_equal other": N_("%(Field)s: %(value)s; it must be the same as the %(other)s, "
                          "%(expected)s."),
    "forbidden_value other": N_("%(Field)s: %(value)s; it must differ from the %(other)s, "
                                "%(expected)s."),
    # a field of the whole application looked for in a list of the current item, said at
    # that list (``$root.host.role in fields.tags`` inside ``each visitors``)
    "unknown_reference other": N_("%(Field)s: %(known)s; the %(other)s, %(expected)s, must "
                                  "be among them."),
    "excluded other": N_("%(Field)s: %(excluded)s; the %(other)s, %(expected)s, must not be "
                         "among them."),
}

#: Why a date or an instant written in ISO 8601's order names no day or no time of day
#: (:func:`callrules._time.impossible`): said alike by an application's reader, the command
#: line's ``--at``, the service's ``now`` and :func:`callrules.parse_instant`.
IMPOSSIBLE: dict[str, str] = {
    "date_no_day": N_("%(value)s does not exist: %(month)s has %(days)s days."),
    "date_no_month": N_("%(value)s does not exist: a year has 12 months, and this date is in "
                        "month %(month)s."),
    "time_no_hour": N_("%(value)s is not a time of day: the hours run from 00 to 23 "
                       "(midnight at the end of a day is 00:00 of the next day)."),
    "time_no_minute": N_("%(value)s is not a time of day: the minutes run from 00 to 59."),
    "time_no_second": N_("%(value)s is not a time of day: the seconds run from 00 to 59 (a "
                         "leap second, 60, is not counted: write 59, or 00 of the next "
                         "minute)."),
}

#: Why valid JSON is not read (a ``json_invalid`` problem's ``template``:
#: :func:`callrules._json_numbers.valid_but_unread`), said alike as a record's problem and as
#: the detail of the service's answer.
UNREAD_JSON: dict[str, str] = {
    "json_number_digits": N_("This is valid JSON, but it holds a number of more than "
                             "%(digits)s digits, more than is read: write it shorter, or as "
                             "text, in quotes."),
    "json_number_exponent": N_("This is valid JSON, but it holds a number whose exponent has "
                               "19 digits or more, more than is read: write it shorter, or as "
                               "text, in quotes."),
    "json_too_deep": N_("This is valid JSON, but its lists or objects are nested within one "
                        "another more than %(levels)s levels deep, more than is read: an "
                        "application nests a few levels."),
    # a compact record of JSON Lines, a line break beside one of its numbers
    # (callrules._json_lines._broken): valid JSON, but its number perhaps changed
    "json_break_beside_number": N_("A line break cuts this record beside a number: it may "
                                   "have been typed over a digit, so what the number was is "
                                   "not known, and the record is not read. Put the record "
                                   "back on one line, checking that number."),
    # a line of a record written over several lines, read alone on a worker's pipe
    # (callrules._json_lines._over_lines: JSON Lines said, each line answered at once)
    "json_record_over_lines": N_("This line is part of a record written over several lines "
                                 "(pretty-printed, or cut by a line break): a pipe read as "
                                 "JSON Lines takes each line as a record of its own, so this "
                                 "line is not read. Put each record on one line, or give the "
                                 "file by its name, or do not say that the input is JSON "
                                 "Lines: a record over several lines is then read whole."),
    # the same limit, said of a record nested deeper than even its validity is read (or
    # given as Python values): every way in refuses past the one limit, said so
    "too_deep": N_("Its lists or objects are nested within one another more than "
                   "%(levels)s levels deep, more than is read."),
}

#: Problems of input records, by type: the library's own, and every one pydantic can raise
#: on the models (whose English message pydantic writes itself; these templates give the
#: other languages). A type with no template here is told with ``invalid_value``.
INPUT_CODES: dict[str, str] = {
    # what is expected said in words first (a country, a language: what the applicants'
    # page offers by its name), then how it is written; never a code's standard alone (a
    # mistyped « Brazill » was told of ISO 3166-1 alpha-2 codes only)
    "country_code": N_("“%(value)s” is not a known country: a country is expected, "
                       "given by its two-letter code (ISO 3166-1), such as “BR” for Brazil "
                       "or “FR” for France."),
    "subdivision_code": N_("“%(value)s” is not a known subdivision: a region or state "
                           "of a country is expected, given by its code (ISO 3166-2), such "
                           "as “BR-SP” for São Paulo or “FR-971” for Guadeloupe."),
    # the country by its name in the reader's language (_wording.render_problem)
    "subdivision_country": N_("The subdivision “%(subdivision)s” is not in the country "
                              "%(country)s."),
    "currency_code": N_("“%(value)s” is not a known currency: a currency is expected, "
                        "given by its three-letter code (ISO 4217), such as “EUR” for the "
                        "euro or “BRL” for the Brazilian real."),
    "language_code": N_("“%(value)s” is not a known language: a language is expected, "
                        "given by its two-letter code (ISO 639-1), such as “fr” for French "
                        "or “en” for English."),
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
    "computed_too_large": N_("A figure computed from this value (a total, a product, a "
                             "conversion at the exchange rate given or a rounding) would have "
                             "more than %(limit)s digits before the decimal point, more than "
                             "any amount handled: check this value."),
    # a figure only the call's own numbers make too large: the value is not at fault
    "call_figure_too_large": N_("The call's rules compute from this value a figure of more "
                                "than %(limit)s digits before the decimal point, more than "
                                "any amount handled, because of the call's own numbers (a "
                                "factor, an addition or a divisor it sets): the application "
                                "cannot be judged by these rules. This value is not at "
                                "fault; the call's rules must be corrected."),
    "money_fields": N_("not expected here: %(extra)s; a money value has only 'amount' and "
                       "'currency'"),
    "money_incomplete": N_("a money value needs both 'amount' and 'currency'"),
    "money_type": N_("expected money as {\"amount\": \"3100.00\", \"currency\": \"EUR\"}"),
    "amount_text": N_("An amount is expected here as text holding a plain decimal number, "
                      "for example “3100.00”: digits, a dot, at most 18 digits before it "
                      "and 8 after, no sign, no exponent, no separators."),
    # an application's amount with more decimals than its currency's minor unit (_money)
    "amount_decimals": N_("“%(value)s” has more decimals than an amount in %(currency)s "
                          "can have (%(digits)s at most)."),
    "amount_decimals_zeros": N_("“%(value)s” has more decimals than an amount in "
                                "%(currency)s can have (%(digits)s at most): write "
                                "%(exact)s."),
    "amount_thousands": N_("“%(value)s” has more decimals than an amount in %(currency)s "
                           "can have (%(digits)s at most): if the dot separates thousands, "
                           "write %(suggestion)s."),
    "amount_thousands_zeros": N_("“%(value)s” has more decimals than an amount in "
                                 "%(currency)s can have (%(digits)s at most): write "
                                 "%(suggestion)s if the dot separates thousands, or "
                                 "%(exact)s."),
    "rate_text": N_("An exchange rate is expected here as text holding a plain decimal "
                    "number greater than zero, for example \"0.1600\": digits, a dot, at "
                    "most 18 digits before it and 8 after, no sign, no exponent, no "
                    "separators."),
    "date_text": N_("A date is expected here, written YYYY-MM-DD."),
    "instant_text": N_("A date and time with its time zone offset is expected here, seconds "
                       "included, for example 2026-06-01T17:00:00+02:00 (years 0002 to "
                       "9998; an offset from -12:00 to +14:00, not -00:00, which says the "
                       "offset is not known)."),
    "instant_space": N_("This date and time separates the date from the time with a space, "
                        "as spreadsheets and databases write them: a T is expected between "
                        "them, then the time with its seconds and its time zone offset in "
                        "hours and minutes, for example 2026-06-01T17:00:00+02:00."),
    "instant_hours_offset": N_("This date and time gives its time zone offset in hours alone: "
                               "the minutes are expected too, for example "
                               "2026-06-01T17:00:00+02:00."),
    "instant_fraction": N_("This date and time gives the seconds with %(digits)s digits after "
                           "the point: an instant is read to the microsecond, at most 6 "
                           "digits, and is never rounded or cut."),
    "answer_type": N_("An answer is a text of at most 5000 characters, a whole number of at "
                      "most 15 digits, true, false or null."),
    # (a number with a point or an exponent, as JSON or a CSV cell writes it: said so, and
    # how to give the same characters as a text, att84 F1)
    "answer_number": N_("%(value)s is a number with a decimal point or an exponent, which an "
                        "answer cannot be: an answer is a text of at most 5000 characters, "
                        "a whole number of at most 15 digits, true, false or null. To give "
                        "%(value)s as a text, write it between double quotes: \"%(value)s\"."),
    # (the same from a CSV cell: the quotes are typed inside the cell, which a file edited
    # by hand writes tripled, since a CSV line's own quotes are read away: wrdmend77)
    "answer_number_cell": N_("%(value)s is a number with a decimal point or an exponent, which "
                             "an answer cannot be: an answer is a text of at most 5000 "
                             "characters, a whole number of at most 15 digits, true, false or "
                             "null. To give %(value)s as a text, type the double quotes inside "
                             "the cell, so that it shows \"%(value)s\"; a spreadsheet saves "
                             "them doubled, and in the file itself the cell is written "
                             "\"\"\"%(value)s\"\"\"."),
    # (a whole number of more than 15 digits, wrd78: why, and the text to write instead)
    "answer_long": N_("%(value)s is a whole number of more than 15 digits, which an answer "
                      "cannot be: an answer is a text of at most 5000 characters, a whole "
                      "number of at most 15 digits, true, false or null. To give %(value)s as "
                      "a text, write it between double quotes: \"%(value)s\"."),
    "answer_long_cell": N_("%(value)s is a whole number of more than 15 digits, which an "
                           "answer cannot be: an answer is a text of at most 5000 characters, "
                           "a whole number of at most 15 digits, true, false or null. To give "
                           "%(value)s as a text, type the double quotes inside the cell, so "
                           "that it shows \"%(value)s\"; a spreadsheet saves them doubled, "
                           "and in the file itself the cell is written \"\"\"%(value)s\"\"\"."),
    # (any other number: a Decimal given by a program, even whole, an infinity; wrd78)
    "answer_decimal": N_("%(value)s is given as a decimal number, which an answer cannot be "
                         "whatever its value: an answer is a text of at most 5000 "
                         "characters, a whole number of at most 15 digits, true, false or "
                         "null. To give %(value)s as a text, write it between double quotes: "
                         "\"%(value)s\"."),
    "surrounding_space": N_("This identifier begins or ends with a space (or another blank "
                            "character), which cannot be seen and would make it a different "
                            "identifier: remove it."),
    "email_address": N_("“%(value)s” is not an e-mail address as it is written to send mail, "
                        "such as name@example.org: write the address alone, without "
                        "“mailto:”, angle brackets or quotes around it, a dot at its end "
                        "or a blank (such as a no-break space) before or after it."),
    "email_character": N_("“%(value)s” is not an e-mail address as it is written to send mail: "
                          "it holds “%(char)s” (U+%(point)s), which is neither a "
                          "letter nor a digit nor a sign of an address such as . - _ +: write "
                          "the address as the mail system gives it, such as name@example.org."),
    "email_inside": N_("“%(value)s” is not an e-mail address as it is written to send mail: "
                       "it holds “%(char)s” (U+%(point)s) between its letters, which no "
                       "address holds: give one address, written without it, such as "
                       "name@example.org."),
    # (a plain space between its letters, said in words: a space shown quoted is seen as
    # nothing, and its code point tells a reader nothing, session 54's "left")
    "email_space": N_("“%(value)s” is not an e-mail address as it is written to send mail: "
                      "it holds a space between its letters, which no address holds: give "
                      "one address, written without spaces, such as name@example.org."),
    "email_mark": N_("“%(value)s” is not an e-mail address as it is written to send mail: it "
                     "holds “%(char)s” (U+%(point)s), a mark or modifier that makes "
                     "no letter with the character before it: write the address as the mail "
                     "system gives it, such as name@example.org."),
    "duplicate_visitor_id": N_("Another visitor of this application already has the "
                               "identifier “%(value)s”: each visitor needs an identifier of their "
                               "own, since documents and budget lines name their visitor by "
                               "it."),
    "self_rate": N_("An exchange rate of %(currency)s to itself is given as %(rate)s: a "
                    "currency is worth exactly 1 of itself; give 1, or leave this rate out."),
    "conflicting_rates": N_("Two different exchange rates are given between %(base)s and "
                            "%(quote)s: give one rate per pair of currencies."),
    "literal_error": N_("This value is not one of those accepted here."),
    "union_tag_invalid": N_("This value is not one of those accepted here."),
    "string_sub_type": N_("A text is expected here."),
    "string_unicode": N_("This text holds a character that is not valid Unicode (a lone "
                         "surrogate)."),
    "json_type": N_("This is not valid JSON."),
    "recursion_loop": N_("The record is nested too deeply."),
    "missing": N_("This information is required."),
    "extra_forbidden": N_("This information is not expected here (check how it is spelt)."),
    "string_type": N_("A text is expected here."),
    "control_character": N_("This text holds a control character (such as NUL, an escape or "
                            "a line break in a name), which is not accepted here."),
    # the same words as the finding: the amount cannot be converted, so not judged
    "missing_exchange_rate": N_("No exchange rate from %(base)s to %(quote)s was supplied: "
                                "add it to the application's exchange rates."),
    # a rate table of the call has no rate for the key read from the application: not judged
    "no_rate": N_("%(said)s Without that rate, the application cannot be judged."),
    "no_rate_in_force": N_("%(said)s Without that rate, the application cannot be judged."),
    # the date is read; the call's shift moves it out: the call's doing, as
    # call_figure_too_large (the record is not judged; the applicant typed nothing wrong)
    "date_out_of_calendar": N_("The call's rules move this date by a period that takes it "
                               "out of the calendar (years 1 to 9999): the rule cannot be "
                               "judged for this application. The date as given is not "
                               "at fault."),
    "string_pattern_mismatch": N_("This text does not have the expected form."),
    "int_type": N_("A whole number is expected here."),
    "int_parsing": N_("A whole number is expected here."),
    "int_from_float": N_("A whole number is expected here, without a fractional part."),
    "int_parsing_size": N_("This number is too large."),
    "greater_than_equal": N_("The number must be at least %(ge)s."),
    "less_than_equal": N_("The number must be at most %(le)s."),
    "date_parsing": N_("A date is expected here, written YYYY-MM-DD."),
    "date_from_datetime_parsing": N_("A date is expected here, written YYYY-MM-DD."),
    "date_not_in_calendar": N_("%(value)s is not a date of the calendar (check the day and "
                               "the month)."),
    **IMPOSSIBLE,
    "date_from_datetime_inexact": N_("A date without a time of day is expected here, written "
                                     "YYYY-MM-DD."),
    "date_type": N_("A date is expected here, written YYYY-MM-DD."),
    "datetime_parsing": N_("A date and time is expected here, e.g. 2026-06-01T17:00:00+02:00."),
    "datetime_from_date_parsing": N_("A date and time is expected here, e.g. "
                                     "2026-06-01T17:00:00+02:00."),
    "datetime_type": N_("A date and time is expected here, e.g. 2026-06-01T17:00:00+02:00."),
    "timezone_aware": N_("A date and time needs a time zone offset, e.g. "
                         "2026-06-01T17:00:00+02:00."),
    "list_type": N_("A list is expected here."),
    "tuple_type": N_("A list is expected here."),
    "dict_type": N_("An object is expected here."),
    "model_type": N_("An object is expected here."),
    "model_attributes_type": N_("An object is expected here."),
    "bool_type": N_("Yes or no (true or false) is expected here."),
    "bool_parsing": N_("Yes or no (true or false) is expected here."),
    "json_invalid": N_("This is not valid JSON."),
    **UNREAD_JSON,
    "json_text_before": N_("This record is written after other text on its line "
                           "(“%(text)s”: a log's date and time, a label): it is not read. "
                           "Give each record alone on its line, without what stands "
                           "before it."),
    "not_an_object": N_("An application is a JSON object."),
    "json_in_a_string": N_("This is JSON text written inside a JSON string, in quotes, its "
                           "own quotes escaped (encoded twice: a program wrote as JSON text "
                           "that already was JSON). Decode it once and give what it holds: "
                           "the applications themselves, each a JSON object."),
    "invalid_key": N_("This key is not text: the keys of an application are texts, as JSON "
                      "writes them (\"id\", not 1)."),
    "envelope_without_list": N_("This object names the list of applications (%(key)s) but "
                                "holds no list under it: no application is read from it."),
    "applications_elsewhere": N_("The applications seem to be under %(place)s, where they "
                                 "are not read: give them as an array of applications, as "
                                 "JSON Lines, or as the list “applications” of an object."),
    "applications_by_column": N_("The applications seem to be written column by column, or "
                                 "keyed by their row (as pandas writes a table by default), "
                                 "not one object each: write them as an array of "
                                 "applications (pandas: orient=\"records\") or as JSON "
                                 "Lines."),
    "not_utf8": N_("The record is not UTF-8 text: its letters beyond English (é, ã, ç…) "
                   "seem written in another encoding, most likely Windows' Western one "
                   "(Windows-1252), as Excel saves a plain “CSV” file and Notepad an “ANSI” "
                   "one. Save the file again as “CSV UTF-8” in Excel (or as UTF-8 in your "
                   "editor) and give it again."),
    "too_large": N_("The record is too large to be read."),
    "plan_too_many_lines": N_("The call's plan would give this application %(count)s "
                              "budget lines (its lines for each participant), more than the "
                              "%(limit)s a budget may hold: it cannot be planned as one "
                              "budget."),
    "csv_unclosed_quote": N_("A quoted cell opened on this line is not closed where a row "
                             "ends; the lines after it are read as rows of their own."),
    "csv_invalid": N_("This is not a valid CSV row."),
    "csv_bad_header": N_("The first line of this CSV file, its header, cannot be read (a "
                         "quoted cell opened in it is not closed, a cell is too long or spans "
                         "lines, it holds a control character, or it is not UTF-8 text): no "
                         "row of the file is read."),
    "csv_header_alone": N_("This CSV file holds one line read as its header and no row, "
                           "and that line names no fields: it holds “%(cell)s”, a value, or "
                           "a field twice. Its line ends seem lost (sent with curl -d, or "
                           "joined into one line): none of its applications is read. Send "
                           "the file as it was saved (curl --data-binary @file), one row a "
                           "line."),
    "csv_misread_bom": N_("The name of this CSV file's first column starts with “ï»¿”: a "
                          "byte-order mark misread, the file having been opened as Latin-1 "
                          "text and saved again (its accented letters are probably garbled "
                          "too). No row of the file is read: check the original file, saved "
                          "as CSV UTF-8."),
    "csv_blank_after_separator": N_("The cells of this row and the names of the header start "
                                    "with a blank: the file puts a space after each "
                                    "separator. No row of the file is read: save it again "
                                    "with the separator alone between cells."),
    "http_head": N_("These lines are the head of an HTTP response, saved with its body (as "
                    "“curl -i” writes it), not applications: they are not read; the body "
                    "after them is. Save the body alone (curl without -i)."),
    "csv_title_line": N_("This line, above the CSV header, is no row (a title or a "
                         "comment): it is not read; the header is read below it and the rows "
                         "after the header are read."),
    "workbook": N_("This is a spreadsheet workbook, not text: save it as CSV UTF-8 and "
                   "check that file."),
    "workbook_web_page": N_("This is a spreadsheet saved as a web page (HTML or XML), not "
                            "CSV: save it as CSV UTF-8 and check that file."),
    "base64_encoded": N_("This text is encoded in base64, as a mail attachment is: it is not "
                         "read. Decode it first (base64 -d) and check what it gives."),
    "quoted_printable": N_("This text is encoded as quoted-printable, as a mail body is (its "
                           "lines cut with “=” at their end, an accented letter written as "
                           "“=C3=A9”): it is not read. Decode it first (a mail reader shows it "
                           "decoded) and check what it gives."),
    "quoted_printable_text": N_("This text holds “%(written)s”, which stands for "
                                "“%(character)s” in text encoded as quoted-printable, as a "
                                "mail body is: the application is not read. Decode the file "
                                "first (a mail reader shows it decoded) and check what it "
                                "gives."),
    "compressed": N_("This is compressed data (%(compression)s), not text: it is not read. "
                     "Decompress it first (a download: curl --compressed) and check what it "
                     "gives."),
    "archive": N_("This is an archive of files (%(archive)s), not text: it is not read. "
                  "Unpack it first and check the files it holds."),
    "csv_blank_columns": N_("The columns of this table are set apart by blanks, as a console "
                            "prints a table (column -t, docker), with no separator between "
                            "its cells and no rule line under its header: its rows cannot "
                            "be read. Save it as CSV and check that file."),
    "table_row_off_columns": N_("This row of a table in columns does not keep to the columns "
                                "its rule line draws (a blank between them): it is not read."),
    "input_format_mismatch": N_("This input does not look like %(given)s, the format given "
                                "for it: it looks like %(found)s. It is not read: give the "
                                "format it is in, or none (its first line then decides)."),
    "csv_wrapped_row": N_("This row is cut over %(lines)s lines, as a mail or an editor wraps "
                          "long lines at a width: it is not read (send the file as an "
                          "attachment, or join the row's lines again)."),
    "csv_short_row": N_("This row holds only %(found)s of the %(expected)s cells its "
                        "header names: it is incomplete (the file may have been cut) and is "
                        "not read."),
    "csv_cut_in_cell": N_("The file ends inside a quoted cell opened on this line: the row "
                          "is incomplete (the file may have been cut) and is not read."),
    "cell_too_large": N_("A cell of this row is too long to be read."),
    "record_without_end": N_("The record goes on without an end: the rest of this source is "
                             "not read."),
    "not_a_regular_file": N_("This is not a regular file (a folder, a pipe, a device or a "
                             "socket): it is not read."),
    "unreadable": N_("The file cannot be read."),
    # a file of a batch that cannot be opened or read, and why (``ctx.reason``: os_…)
    "unreadable_because": N_("The file cannot be read: %(reason)s."),
    # a file open in Python that fails while it is read (``evaluate_many(call, f)``): the
    # records read before are checked, the rest cannot be read (``ctx.template``)
    "read_not_in_encoding": N_("From here on, the file is not %(encoding)s text, the encoding "
                               "it was opened with: the rest of it cannot be read. Open it "
                               "with the encoding it was written in, or in binary mode (“rb”) "
                               "to have each record checked on its own."),
    "read_damaged": N_("From here on, the file cannot be read: the compressed data or the "
                       "archive holding it is damaged. The records before are checked."),
    "read_cut_short": N_("The compressed file ends before its end (cut short: a copy or a "
                         "download not finished): the rest of it cannot be read. The records "
                         "before are checked."),
    "read_closed": N_("The file was closed while it was read: the rest of it is not read."),
    "read_failed": N_("From here on, the file cannot be read: what was given for it failed "
                      "when it was read (it is not a file Python reads line by line or by "
                      "size). The records before are checked."),
    # the same, said where the reading stopped (``ctx.line``, ``ctx.record``)
    "unreadable_at": N_("The file cannot be read from line %(line)s on (record %(record)s and "
                        "those after it). The records before are checked."),
    "read_not_in_encoding_at": N_("From line %(line)s on (record %(record)s and those after "
                                  "it), the file is not %(encoding)s text, the encoding it "
                                  "was opened with: the rest of it cannot be read. Open it "
                                  "with the encoding it was written in, or in binary mode "
                                  "(“rb”) to have each record checked on its own."),
    "read_damaged_at": N_("From line %(line)s on (record %(record)s and those after it), the "
                          "file cannot be read: the compressed data or the archive holding "
                          "it is damaged. The records before are checked."),
    "read_cut_short_at": N_("The compressed file ends before its end, at line %(line)s "
                            "(record %(record)s; cut short: a copy or a download not "
                            "finished): the rest of it cannot be read. The records before "
                            "are checked."),
    "read_closed_at": N_("The file was closed while it was read, at line %(line)s (record "
                         "%(record)s): the rest of it is not read."),
    "read_failed_at": N_("From line %(line)s on (record %(record)s and those after it), the "
                         "file cannot be read: what was given for it failed when it was read "
                         "(it is not a file Python reads line by line or by size). The "
                         "records before are checked."),
    # what the caller gave failing as it was read (a generator raising after some records,
    # a function of theirs called on the way): the records before checked, then this
    # (``ctx.template``; ``reason``: the kind of failure, one of the ``failure_`` words)
    "given_failed": N_("What was given for the batch failed when its record %(record)s was "
                       "asked for: %(reason)s. The records before it are checked; the rest "
                       "is not read."),
    "given_failed_hidden": N_("The function given to be told of a folder's hidden files "
                              "failed for %(file)s: %(reason)s. The records read before are "
                              "checked; the rest is not read."),
    "given_failed_skipped": N_("The function given to be told of the files not read failed "
                               "for %(file)s: %(reason)s. The records read before are "
                               "checked; the rest is not read."),
    "given_failed_record": N_("This record could not be read: %(reason)s. It is not "
                              "checked; the others are."),
    "given_unsent": N_("This record cannot be sent to the workers that check the batch in "
                       "other processes: it holds something that cannot be copied to another "
                       "process (a lock, an open file or connection, a generator, an object "
                       "that refuses to be copied) or is nested too deeply. It is not "
                       "checked; the others are."),
    "given_unread": N_("This record could not be read back by the workers that check the "
                       "batch in other processes: something in it is of a kind they do not "
                       "know (a class of a module they cannot import: make that module "
                       "importable on every worker) or could not be rebuilt there. It is not "
                       "checked; the others are."),
    "failure_memory": N_("it ran out of memory"),
    "failure_depth": N_("it went too deep (a function calling itself without end)"),
    "failure_encoding": N_("it met text that is not in the encoding it expected"),
    "failure_system": N_("a read or a write of the system failed (a disk, a network)"),
    "failure_value": N_("a value it worked on was wrong, missing or of another kind"),
    "failure_other": N_("it stopped with a failure of its own"),
    "empty_file": N_("This file of the folder is empty: it holds no application."),
    "empty_file_named": N_("This file is empty: it holds no application."),
    "hidden_file": N_("%(file)s is not read: a hidden file (its name starts with a dot, as "
                      "a Mac or an editor leaves beside a file), it holds no application."),
    "lock_file": N_("%(file)s is not read: the owner file Excel or Word keeps beside a file "
                    "while it is open (its name starts with ~$, hidden on Windows), it holds "
                    "no application. Close the file in Excel to make it go."),
    "sub_folder": N_("%(file)s is not read: a sub-folder (only the files of the folder given "
                     "are read; give the sub-folder too to read its files)."),
    "other_name": N_("%(file)s is not read: its name does not end in .json, .jsonl, .ndjson, "
                     ".csv or .tsv (rename it to read it)."),
    "given_again": N_("%(file)s is not read again: the same file was given before, and is read "
                      "once."),
    # the envelope of a selection (``callrules select --envelope``, ``select(envelope=…)``)
    "envelope_missing": N_("The call states no envelope: give the amount to share, for "
                           "example “%(example)s”."),
    "envelope_format": N_("“%(value)s” is not an amount of money such as “%(example)s”."),
    "envelope_negative": N_("The envelope cannot be negative."),
    # a record of a selection's batch given twice (``callrules select``)
    "repeated_record": N_("This record repeats the application %(id)s given before "
                          "(%(first)s), the same in every field: it is judged and ranked "
                          "once, there; this copy is not used."),
    "same_id_unjudged": N_("This record has the id of the application %(other)s "
                           "(%(first)s), written %(id)s here: one id for two records. This "
                           "one cannot be judged, so no score given for that id is used "
                           "for it."),
    "same_id_unjudged_as_written": N_("This record has the same id as the application "
                                      "%(other)s (%(first)s): one id for two records. This "
                                      "one cannot be judged, so no score given for that id "
                                      "is used for it."),
    "envelope_thousands": N_("“%(value)s” is ambiguous: a dot followed by three digits may "
                             "separate thousands, and an amount in %(currency)s has at most "
                             "%(digits)s decimals. Did you mean %(suggestion)s? Write the "
                             "amount without a thousands separator."),
    "envelope_decimals": N_("“%(value)s” has more decimals than an amount in %(currency)s "
                            "can have (%(digits)s at most)."),
    "envelope_type": N_("The envelope is an amount of money."),
    "call_named_by_no_record": N_("No record of this file is a decision of the call given "
                                  "(“%(call)s”): none was replayed against it, so nothing "
                                  "here says how that call decides these applications."),
    "record_of_another_call": N_("This record is a decision of another call (“%(call)s”), "
                                 "not of the call given (“%(given)s”): it was replayed "
                                 "against its own call."),
    "other_call": N_("This application is made to another call (“%(call)s”), not to the "
                     "call it is checked against (“%(given)s”): it is not judged. Check it "
                     "against its own call, or correct the call it names."),
    "duplicate_key": N_("This is given twice in the same object: which value counts cannot be "
                        "told, so the record is not read."),
    "duplicate_list_key": N_("The list of applications is given twice in one object (key "
                             "“%(key)s”): the applications of both lists are read, each with "
                             "its own result; give them all in one list."),
    "csv_duplicate_column": N_("Two columns of the header give this field: no row of the "
                               "file is read."),
    # a column of a CSV header the call does not know, named as the file writes it
    "csv_unknown_column": N_("The header has a column “%(column)s” that is no field of this "
                             "call: check how it is spelt. The row is not read."),
    "csv_unknown_column_near": N_("The header has a column “%(column)s” that is no field of "
                                  "this call: did you mean “%(near)s”? The row is not read."),
    # columns of a CSV header under one name the call does not know (``hots.role``, …)
    "csv_unknown_columns": N_("The header has columns starting “%(column)s.” that are no "
                              "field of this call: check how “%(column)s” is spelt. The row "
                              "is not read."),
    "csv_unknown_columns_near": N_("The header has columns starting “%(column)s.” that are "
                                   "no field of this call: did you mean “%(near)s”? The row "
                                   "is not read."),
    "csv_twin_columns": N_("The header has two columns of one name written in two cases, "
                           "“%(other)s” and “%(column)s”: which one counts cannot be told, "
                           "so one of them must go. The row is not read."),
    "csv_missing_column": N_("The header has no column for this item of the list, but has "
                             "columns for a later one (“%(column)s”): a column may have been "
                             "deleted or numbered wrongly, so no row of the file is read."),
    # a column a row's cell cannot be placed by (``bad_column``), and why
    "bad_column": N_("A column of the header cannot be placed in the application: this row "
                     "is not read."),
    "csv_long_row": N_("This row holds %(found)s cells, more than the %(expected)s columns "
                       "its header names: it is not read."),
    "column_not_a_path": N_("The column “%(column)s” of the header names no field (a field "
                            "is named by its parts separated by dots, none of them empty): "
                            "this row is not read."),
    "column_no_name": N_("A column of the header has no name but holds values: the row names "
                         "R writes (write.csv) or the index pandas writes, as the first column. "
                         "Export the table without them (in R, row names set to FALSE; in "
                         "pandas, index set to False), or give that column the name of a "
                         "field: this row is not read."),
    "column_not_a_position": N_("In the column “%(column)s” of the header, “%(part)s” is not "
                                "a position in a list (a number from 0 to 1000, written with "
                                "the digits 0 to 9): this row is not read."),
    "column_position_for_name": N_("In the column “%(column)s” of the header, “%(part)s” is a "
                                   "position in a list where the name of a field is expected: "
                                   "this row is not read."),
    "columns_position_and_name": N_("The columns “%(first)s” and “%(column)s” of the header "
                                    "give the items of “%(part)s”, one by their position in a "
                                    "list, the other by a name: which counts cannot be told, "
                                    "so this row is not read."),
    "column_holds_fields": N_("The column “%(column)s” of the header gives a value of its own "
                              "to a field that other columns give fields inside: which counts "
                              "cannot be told, so this row is not read."),
    "column_inside_value": N_("The column “%(column)s” of the header gives a field inside "
                              "“%(part)s”, which another column gives a value of its own: "
                              "which counts cannot be told, so this row is not read."),
    "no_records": N_("No application to check: the input holds no record (an empty file or "
                     "folder, an empty list, or a CSV file with only its header)."),
    "no_records_to_plan": N_("No application to propose a budget for: the input holds no "
                             "record (an empty file or folder, an empty list, or a CSV file "
                             "with only its header)."),
    "no_records_to_rank": N_("No application to rank: the input holds no record (an empty "
                             "file or folder, an empty list, or a CSV file with only its "
                             "header)."),
    "no_decision_records": N_("Nothing to replay: the file holds no decision record (it is "
                              "empty, or holds only blank lines)."),
    "no_call_files": N_("Nothing to validate: the folder holds no call file (a .toml or "
                        ".json file)."),
    "invalid_value": N_("This value is not valid here."),
    # a record that cannot be replayed (callrules._record, callrules.selection.record)
    "bad_record": N_("This record cannot be replayed: it is not a record this version of the "
                     "library reads, a part of it is missing or malformed, or it was "
                     "altered."),
    "unsealed_record": N_("This record is of an older version that does not seal every part "
                          "of it, so an edit of it could not be told from the decision: it is "
                          "not replayed. Check its applications again to make a new record."),
    "record_unsealed": N_("This decision record is of version %(version)s, which does not seal "
                          "every part of it, so an edit of it could not be told from the "
                          "decision: it is not replayed. Check its application again to make a "
                          "new record."),
    "record_not_readable": N_("This is not a decision record this version of the library "
                              "reads."),
    "record_parts_added": N_("This record holds parts that a decision record does not have: "
                             "it was altered, and is not replayed."),
    "record_malformed": N_("A part of this record is missing or malformed: it is not "
                           "replayed."),
    "record_input_altered": N_("The application in this record does not match its seal: it "
                               "was altered, and is not replayed."),
    "record_altered": N_("This record does not match its seal: it was altered, and is not "
                         "replayed."),
    # the decision a record holds, read strictly (callrules._record): ``part`` names where,
    # in words (``decision_part_*``); the kinds of value found and expected (``kind_*``)
    "record_part_unknown": N_("In this record, %(part)s holds a part that a decision record "
                              "does not have: it was altered, and is not replayed."),
    "record_part_missing": N_("In this record, %(part)s lacks a part that every decision "
                              "record has: it is not replayed."),
    "record_part_kind": N_("In this record, %(part)s holds %(found_kind)s where a decision "
                           "record writes %(expected_kind)s: it was altered, and is not "
                           "replayed."),
    "record_part_form": N_("In this record, %(part)s holds “%(value)s” where a decision record "
                           "writes %(expected_kind)s: it was altered, and is not replayed."),
    "record_verdict_inconsistent": N_("In this record, the verdict does not follow from its "
                                      "findings (whether the application is eligible), or a "
                                      "finding made in its batch is not among them: it was "
                                      "altered, and is not replayed."),
    "record_part_absent": N_("This record lacks %(part)s, which every decision record has: "
                             "it is not replayed."),
    "record_batch_rules_altered": N_("In this record, the rules said to span its batch are "
                                     "not those of the call it names: it was altered, and is "
                                     "not replayed."),
    "record_batch_not_of_call": N_("In this record, a finding made in its batch is not one "
                                   "that a rule of the call it names can make: it was "
                                   "altered, and is not replayed."),
    # Fields a call declares (callrules._form)
    "choice": N_("“%(value)s” is not one of the values accepted here: %(accepted)s."),
    "decimal_text": N_("A decimal number is expected here as text, e.g. \"0.25\": digits, "
                       "a dot, at most 18 digits before it and 8 after, an optional minus "
                       "sign, no exponent, no separators."),
    "field_min": N_("This value is below the minimum of %(min)s."),
    "field_max": N_("This value is above the maximum of %(max)s."),
    # (a date's or an instant's bounds, said so: callrules._wording)
    "field_earliest": N_("This value is before the earliest date accepted: %(min)s."),
    "field_latest": N_("This value is after the latest date accepted: %(max)s."),
    "field_currency": N_("An amount in %(currency)s is expected here."),
    "undeclared_field": N_("%(field)s is not a field the call asks for here; it asks for: "
                           "%(accepted)s."),  # accepted: the labels; ctx "keys": the keys
    # A value outside its field's vocabulary (callrules._vocabularies): the field's label and
    # the accepted values' labels, in the reader's language when the call has it
    "not_in_vocabulary": N_("“%(value)s” is not one of the values of “%(field)s”. Accepted "
                            "values: %(accepted)s."),
    "no_declared_fields": N_("%(field)s is not a field the call asks for: it asks for none "
                             "here."),
}

#: The values of :data:`INPUT_CODES` that quote a text as it was given (by an applicant, in a
#: file, by the caller: a value, an id, a key or a column written, a file's name), each shown
#: in a sentence cut to ``TYPED_SHOWN`` characters (``callrules._in_words.cut``), then its
#: invisible characters named in words (``callrules._i18n.visible``);
#: the others are the library's words and numbers, or a call's labels. (``field`` is a key
#: written only in ``undeclared_field`` and ``no_declared_fields``: elsewhere, a label.)
GIVEN = frozenset({"value", "subdivision", "country", "char", "id", "first", "column",
                   "other", "key", "cell", "text", "written", "character", "call", "given",
                   "found", "version", "file", "extra", "place"})
#: The input problems whose ``field`` is a key written in the record.
FIELD_GIVEN = frozenset({"undeclared_field", "no_declared_fields"})
#: The input problems whose ``part`` is a piece of a CSV header's column, as written.
PART_GIVEN = frozenset({"column_not_a_position", "column_position_for_name",
                        "columns_position_and_name", "column_inside_value"})

#: Messages with a number, whose words change with it (gettext plural forms): the key, then
#: the singular and plural English forms.
PLURALS: dict[str, tuple[str, str]] = {
    # a text report's headings, with how many findings follow (« Erreur (1) : », never
    # « Erreurs (1) », att80 D3)
    "errors_heading": Nn_("Error (%(n)s):", "Errors (%(n)s):"),
    "warnings_heading": Nn_("Warning (%(n)s):", "Warnings (%(n)s):"),
    # what a field of the application schema says it accepts when the values of the sets it
    # shares with other fields are too many to list at each (callrules._schema, look76s 3)
    "accepts_count": Nn_("This call accepts %(n)s value.", "This call accepts %(n)s values."),
    # a sentence of a replay said of many places of the application (a problem of each
    # visitor's e-mail address no longer found): said once, with how many (callrules._record)
    "replay_said_at_places": Nn_("%(said)s (At %(count)s place in the application.)",
                                 "%(said)s (At %(count)s places in the application.)"),
    # letters of another script that look like Latin ones, in a value typed (_lookalikes)
    "lookalike_letters": Nn_("In “%(value)s”, %(letters)s is not a Latin letter but a letter "
                             "of another script (%(scripts)s) that looks like one: type it "
                             "again in Latin letters.",
                             "In “%(value)s”, %(letters)s are not Latin letters but letters "
                             "of another script (%(scripts)s) that look like them: type them "
                             "again in Latin letters."),
    # letters of another width or style, or signs, that Unicode writes as Latin letters (the
    # fullwidth Ｋ, the Kelvin sign), in a value typed (_lookalikes)
    "lookalike_signs": Nn_("In “%(value)s”, %(letters)s is not a Latin letter but a sign, or "
                           "a letter of another width or style, that looks like one: type the "
                           "Latin letter instead.",
                           "In “%(value)s”, %(letters)s are not Latin letters but signs, or "
                           "letters of another width or style, that look like them: type the "
                           "Latin letters instead."),
    # in a value of a form (a date, an amount…), characters that only look like the ones of
    # its form, by kind: each said after the characters, quoted (_lookalikes.marks_note)
    "mark_dash": Nn_("%(chars)s is a hyphen or a minus sign of another kind, not “-”",
                     "%(chars)s are hyphens or minus signs of other kinds, not “-”"),
    "mark_dot": Nn_("%(chars)s is a dot of another kind, not “.”",
                    "%(chars)s are dots of other kinds, not “.”"),
    "mark_colon": Nn_("%(chars)s is a colon of another kind, not “:”",
                      "%(chars)s are colons of other kinds, not “:”"),
    "mark_plus": Nn_("%(chars)s is a plus sign of another kind, not “+”",
                     "%(chars)s are plus signs of other kinds, not “+”"),
    "mark_digit_script": Nn_("%(chars)s is a digit of another script (%(script)s), not one "
                             "of the digits 0 to 9",
                             "%(chars)s are digits of another script (%(script)s), not the "
                             "digits 0 to 9"),
    "mark_digit_form": Nn_("%(chars)s is a digit of another width or style, not one of the "
                           "digits 0 to 9",
                           "%(chars)s are digits of another width or style, not the digits 0 "
                           "to 9"),
    # a digit of ASCII's drawn otherwise, as a person says it (_lookalikes._digit_form)
    "mark_digit_super": Nn_("%(chars)s is a superscript digit, not one of the digits 0 to 9",
                            "%(chars)s are superscript digits, not the digits 0 to 9"),
    "mark_digit_sub": Nn_("%(chars)s is a subscript digit, not one of the digits 0 to 9",
                          "%(chars)s are subscript digits, not the digits 0 to 9"),
    "mark_digit_circled": Nn_("%(chars)s is a circled number, not a number written with the "
                              "digits 0 to 9",
                              "%(chars)s are circled numbers, not numbers written with the "
                              "digits 0 to 9"),
    # a digit drawn in one character with its brackets, or followed by a full stop or a comma
    # (⑴, ⒓, 🄃: by the words of its Unicode name, _lookalikes._digit_form)
    "mark_digit_bracketed": Nn_("%(chars)s is one character drawn as a number in parentheses, "
                                "not a number written with the digits 0 to 9",
                                "%(chars)s are characters each drawn as a number "
                                "in parentheses, not numbers written with the digits 0 to 9"),
    "mark_digit_stop": Nn_("%(chars)s is one character drawn as a number followed by a full stop, "
                           "not a number written with the digits 0 to 9",
                           "%(chars)s are characters each drawn as a number "
                           "followed by a full stop, not numbers written with the digits 0 to 9"),
    "mark_digit_comma": Nn_("%(chars)s is one character drawn as a number followed by a comma, "
                            "not a number written with the digits 0 to 9",
                            "%(chars)s are characters each drawn as a number "
                            "followed by a comma, not numbers written with the digits 0 to 9"),
    "mark_letter_script": Nn_("%(chars)s is a letter of another script (%(script)s), not a "
                              "Latin letter",
                              "%(chars)s are letters of another script (%(script)s), not "
                              "Latin letters"),
    # (a letter typed where a digit goes: the ``О`` of ``Н2О2О`` for ``H2020``, of ``2О26``)
    "mark_letter_digit": Nn_("%(chars)s is a letter of another script (%(script)s), not the "
                             "digit %(twin)s",
                             "%(chars)s are letters of another script (%(script)s), not the "
                             "digit %(twin)s"),
    # (a letter of another script that looks like a digit only, where a code takes letters
    # too: the ``З`` given alone for a code, said what it is, not a digit)
    "mark_letter_alone": Nn_("%(chars)s is a letter of another script (%(script)s)",
                             "%(chars)s are letters of another script (%(script)s)"),
    # (a Latin letter typed for a digit: the ``O`` of ``H2O2O`` for ``H2020``)
    "mark_latin_digit": Nn_("%(chars)s is a letter, not the digit %(twin)s",
                            "%(chars)s are letters, not the digit %(twin)s"),
    "mark_letter_form": Nn_("%(chars)s is a sign, or a letter of another width or style, not "
                            "a Latin letter",
                            "%(chars)s are signs, or letters of another width or style, not "
                            "Latin letters"),
    "mark_other": Nn_("%(chars)s only looks like %(twin)s", "%(chars)s only look like %(twin)s"),
    "mark_combining": Nn_("%(chars)s carries a mark added to it (an accent, a dot, a cedilla)",
                          "%(chars)s carry marks added to them (an accent, a dot, a cedilla)"),
    "mark_enclosing": Nn_("%(chars)s carries a mark drawn around it (a keycap, a circle)",
                          "%(chars)s carry marks drawn around them (a keycap, a circle)"),
    "mark_object": Nn_("%(chars)s stands for an object (a picture, a formula) pasted with "
                       "the text",
                       "%(chars)s stand for objects (pictures, formulas) pasted with the "
                       "text"),
    # after a problem whose message does not show the value (a date, an amount): the value
    # as written, its characters named as above (_wording._unseen_note)
    "unseen_in_value": Nn_("What is written here, “%(value)s”, holds a character that cannot "
                           "be seen, named between brackets: remove it.",
                           "What is written here, “%(value)s”, holds characters that cannot "
                           "be seen, named between brackets: remove them."),
    "space_in_value": Nn_("What is written here, “%(value)s”, holds a space that is not an "
                          "ordinary one, named between brackets: write the value as asked.",
                          "What is written here, “%(value)s”, holds spaces that are not "
                          "ordinary ones, named between brackets: write the value as asked."),
    # the two above in one sentence, for a value holding both (_wording._unseen_note): each
    # kind of character said by its words below (« a character… and spaces… »)
    "unseen_part": Nn_("a character that cannot be seen", "characters that cannot be seen"),
    "space_part": Nn_("a space that is not an ordinary one", "spaces that are not ordinary ones"),
    # after the characters that only look like a form's (_lookalikes.marks_note), those that
    # cannot be seen or spaces that are not ordinary ones in the same value: « what » is
    # unseen_part, space_part or both joined; the count is theirs together
    "also_unseen": Nn_("the value also holds %(what)s, named between brackets",
                       "the value also holds %(what)s, named between brackets"),
    "too_short": Nn_("This list is too short: it needs at least %(min_length)s item.",
                     "This list is too short: it needs at least %(min_length)s items."),
    "too_long": Nn_("This list is too long: it may hold at most %(max_length)s item.",
                    "This list is too long: it may hold at most %(max_length)s items."),
    "string_too_short": Nn_("This text is too short: at least %(min_length)s character.",
                            "This text is too short: at least %(min_length)s characters."),
    "string_too_long": Nn_("This text is too long: at most %(max_length)s character.",
                           "This text is too long: at most %(max_length)s characters."),
    "checked": Nn_("%(count)s application checked", "%(count)s applications checked"),
    "call_rules": Nn_("%(count)s rule", "%(count)s rules"),
    "call_clauses": Nn_("%(count)s clause", "%(count)s clauses"),
    # after the records an unscored_same_id names (at most three), how many more share the
    # id: "(b.jsonl, line 7; b.jsonl, line 9; record 12; and 97 other records)"
    "more_records": Nn_("and %(count)s other record", "and %(count)s other records"),
    "more_problems": Nn_("And %(count)s more problem, not listed: correct these first.",
                         "And %(count)s more problems, not listed: correct these first."),
    # a warning not judged at more places than are listed (callrules.language.program)
    "warning_too_large more": Nn_(
        "And %(count)s more value, not listed, from which the call's rules compute a figure "
        "of more than %(limit)s digits before the decimal point: this warning could not be "
        "judged, and the application is judged without it.",
        "And %(count)s more values, not listed, from which the call's rules compute a figure "
        "of more than %(limit)s digits before the decimal point: this warning could not be "
        "judged, and the application is judged without it."),
    "warning_out_of_calendar more": Nn_(
        "And %(count)s more date, not listed, that the call's rules move out of the "
        "calendar (years 1 to 9999): this warning could not be judged, and the application "
        "is judged without it.",
        "And %(count)s more dates, not listed, that the call's rules move out of the "
        "calendar (years 1 to 9999): this warning could not be judged, and the application "
        "is judged without it."),
    "too_many_keys": Nn_("This record holds %(count)s piece of information that is not "
                         "expected (at most %(limit)s are told apart): check how the record "
                         "is written.",
                         "This record holds %(count)s pieces of information that are not "
                         "expected (at most %(limit)s are told apart): check how the record "
                         "is written."),
}

#: Every built-in field of an application, by its path without list positions, with its
#: label (lower case, as it reads inside a sentence).
FIELDS: dict[str, str] = {
    "id": N_("application reference"),
    "call": N_("call"),
    "submitted_at": N_("date and time of submission"),
    "language": N_("language of the application"),
    "submitter": N_("person who submitted the application"),
    "submitter.given_name": N_("given name of the person who submitted the application"),
    "submitter.family_name": N_("family name of the person who submitted the application"),
    "submitter.email": N_("e-mail address of the person who submitted the application"),
    "host": N_("host"),
    "host.person": N_("host"),
    "host.person.given_name": N_("host's given name"),
    "host.person.family_name": N_("host's family name"),
    "host.person.email": N_("host's e-mail address"),
    "host.role": N_("host's position"),
    "host.status": N_("host's employment status"),
    "host.unit": N_("host unit"),
    "host.unit.code": N_("host unit's code"),
    "host.unit.name": N_("host unit's name"),
    "host.unit.kind": N_("kind of host unit"),
    "host.unit.affiliations": N_("host unit's affiliations"),
    "host.unit.location": N_("location of the host unit"),
    "host.unit.location.country": N_("country of the host unit"),
    "host.unit.location.subdivision": N_("region of the host unit"),
    "host.unit.location.city": N_("city of the host unit"),
    "visitors": N_("visitors"),
    "visitors.id": N_("visitor's reference"),
    "visitors.person": N_("visitor"),
    "visitors.person.given_name": N_("given name"),
    "visitors.person.family_name": N_("family name"),
    "visitors.person.email": N_("e-mail address"),
    "visitors.category": N_("staff category"),
    "visitors.institution": N_("home institution"),
    "visitors.institution.name": N_("name of the home institution"),
    "visitors.institution.location": N_("location of the home institution"),
    "visitors.institution.location.country": N_("country of the home institution"),
    "visitors.institution.location.subdivision": N_("region of the home institution"),
    "visitors.institution.location.city": N_("city of the home institution"),
    "visitors.stay": N_("stay"),
    "visitors.stay.arrival": N_("date of arrival"),
    "visitors.stay.departure": N_("date of departure"),
    "documents": N_("documents"),
    "documents.kind": N_("kind of document"),
    "documents.owner": N_("person the document is about"),
    "documents.pages": N_("number of pages"),
    "documents.title": N_("title of the document"),
    "approvals": N_("approvals"),
    "approvals.kind": N_("kind of approval"),
    "approvals.by": N_("person who approved"),
    "approvals.by.given_name": N_("given name of the person who approved"),
    "approvals.by.family_name": N_("family name of the person who approved"),
    "approvals.by.email": N_("e-mail address of the person who approved"),
    "approvals.on": N_("date of approval"),
    "budget": N_("budget"),
    "budget.lines": N_("budget lines"),
    "budget.lines.category": N_("cost category"),
    "budget.lines.amount": N_("amount"),
    "budget.lines.amount.amount": N_("amount"),
    "budget.lines.amount.currency": N_("currency"),
    "budget.lines.beneficiary": N_("person the cost is for"),
    "budget.lines.label": N_("description of the cost"),
    "exchange_rates": N_("exchange rates"),
    "exchange_rates.base": N_("currency converted from"),
    "exchange_rates.quote": N_("currency converted to"),
    "exchange_rates.rate": N_("exchange rate"),
    "answers": N_("answers"),
}

#: The items of the application's lists, numbered from 1 as people count.
ITEMS: dict[str, str] = {
    "visitors": N_("Visitor %(n)s"),
    "documents": N_("Document %(n)s"),
    "approvals": N_("Approval %(n)s"),
    "budget.lines": N_("Budget line %(n)s"),
    "exchange_rates": N_("Exchange rate %(n)s"),
    "host.unit.affiliations": N_("Affiliation %(n)s"),
}

#: Values a finding of a code holds in its context, and a rule's own message may name,
#: beyond those of the library's template for the code (finding-codes.md lists them).
ALSO_FILLED: dict[str, tuple[str, ...]] = {"not_included": ("found",)}

#: The phrases of reports, tables and checklists.
PHRASES: dict[str, str] = {
    **IMPOSSIBLE,
    **UNREAD_JSON,
    # an invisible character of a value an applicant typed, named where it is shown
    "char_00a0": N_("[no-break space]"),
    "char_202f": N_("[narrow no-break space]"),
    "char_200b": N_("[zero-width space]"),
    "char_feff": N_("[zero-width no-break space]"),
    "char_0009": N_("[tab]"),
    "char_other": N_("[invisible character U+%(code)s]"),
    "char_space": N_("[space U+%(code)s]"),  # (a space that is not the ordinary one)
    # a letter of another script that looks like a Latin one (_lookalikes.lookalike_note)
    "quoted_letter": N_("“%(letter)s”"),
    # a script's name as the same note names each (« cyrillique »), with the preposition a
    # language repeats before each (« en cyrillique et en grec »), or none (English)
    "in_script": N_("%(script)s"),
    # a value holding characters that cannot be seen and spaces that are not ordinary ones:
    # each kind said by its words (``unseen_part``, ``space_part``), then what to do of each
    "unseen_and_spaces": N_("What is written here, “%(value)s”, holds %(unseen)s and "
                            "%(spaces)s, named between brackets: remove what cannot be seen "
                            "and write the value as asked."),
    # a value of a form holding characters that only look like its own, said by kind
    # (_lookalikes.marks_note: each kind is one of the PLURALS mark_…)
    "marks_in_value": N_("In “%(value)s”, %(clauses)s: write the value again as asked."),
    # the same, the value holding characters that cannot be seen too (also_unseen)
    "marks_unseen_in_value": N_("In “%(value)s”, %(clauses)s: remove what cannot be seen and "
                                "write the value again as asked."),
    "clauses_apart": N_("; "),  # (between two of them: each may list characters with "and")
    "eligible": N_("ELIGIBLE"),
    "not_eligible": N_("NOT ELIGIBLE"),
    "report_head": N_("Application %(application)s to the call “%(call)s” (version "
                      "%(version)s): %(verdict)s"),
    "errors": N_("Errors"),
    "warnings": N_("Warnings"),
    "where": N_("Where"),
    "message": N_("Message"),
    "severity": N_("Severity"),
    "error": N_("error"),
    "warning": N_("warning"),
    "application": N_("Application"),
    "verdict": N_("Verdict"),
    "failing": N_("Applications failing it"),
    "invalid_input": N_("NOT ADMISSIBLE"),
    # a record read whole that the call's rules cannot judge (an exchange rate or a table's
    # rate missing, a figure or a date the call's rules take beyond their bounds)
    "not_judged": N_("NOT JUDGED"),
    "record": N_("Record %(n)s"),
    # a record of a batch given bare (in Python, not read from a file), named in a sentence
    # by its number in the batch (a note of ``select``: "given before (record 3)")
    "record_in_batch": N_("record %(n)s"),
    # where a record of a batch was read, in words (its source ``batch.jsonl:7``,
    # ``batch.json[2]``: never an index from 0 shown), as a selection names a score's place
    "source_line": N_("%(file)s, line %(line)s"),
    "source_item": N_("%(file)s, item %(line)s of the list"),
    # a page of applications (an object holding their list) read as an item of a list, its
    # applications each then said by their item in the page's list ("arr.json, page 1, item 2
    # of the list"), never the page's index from 0 beside the file's name
    "source_page": N_("%(file)s, page %(line)s"),
    "cannot_write": N_("cannot write to %(target)s: %(reason)s"),
    "standard_output": N_("the standard output"),
    "cannot_read": N_("cannot read %(target)s: %(reason)s"),
    "value_refused": N_("a result built by hand holds a value that no application or call "
                        "gives and that cannot be shown (an instant without its time zone, "
                        "a number that is not finite or too long, lists nested too deep or "
                        "holding themselves, an amount of money that is no amount, or an "
                        "object whose text cannot be written): it is refused"),
    # a result built by hand (a finding, a report, a batch's item or results, an input
    # problem or error) refused where it is built, in words: what the part refused must be
    "built_code": N_("a finding or a problem built by hand is refused: its code, the id of "
                     "its clause and its message are texts"),
    "built_severity": N_("a finding built by hand is refused: its severity is an error or a "
                         "warning"),
    "built_place": N_("a result built by hand is refused: the place it names is a tuple of "
                      "names and positions in lists, each position a whole number from 0 to "
                      "%(most)s"),
    "built_context": N_("a result built by hand is refused: the values that fill its message "
                        "are given as a mapping of names to values (to texts or tuples of "
                        "texts, for a problem in a record)"),
    "built_more": N_("a problem built by hand counting the problems not listed is refused: it "
                     "does not give their count as a whole number written in figures"),
    "built_wording": N_("a finding built by hand is refused: its own wording is given as a "
                        "mapping of languages to texts, each naming the values it shows as a "
                        "call's messages name them, a percent sign written twice"),
    "built_wording_empty": N_("a finding built by hand is refused: one of its own wordings "
                              "says nothing"),
    "built_wording_unfilled": N_("a finding built by hand is refused: one of its own "
                                 "wordings names a value the finding does not hold, which "
                                 "the applicant would read as a question mark"),
    "built_labels": N_("a result built by hand is refused: the labels it is worded with are "
                       "those of a call, or none"),
    "built_report_ids": N_("a report built by hand is refused: the ids of its call, of the "
                           "call's version and of the application are texts"),
    "built_report_lists": N_("a report built by hand is refused: its findings, the clauses "
                             "it did not check and the amendments in force are each given "
                             "as a tuple"),
    "built_report_call": N_("a report built by hand is refused: the call and the application "
                            "it was checked with are those the library loaded and read, or "
                            "none"),
    "built_item": N_("a batch result built by hand is refused: each record has either its "
                     "report or the error saying why it cannot be read, never both, never "
                     "neither"),
    "built_index": N_("a batch result built by hand is refused: the place of a record in its "
                      "batch is a whole number from 0 to %(most)s"),
    "built_source": N_("a result built by hand is refused: where its record comes from is a "
                       "text, or nothing"),
    "built_batch": N_("a batch result built by hand is refused: it holds one result for each "
                      "record, in a tuple or a list"),
    "built_error": N_("an input error built by hand is refused: it holds a list of the "
                      "problems found in the record"),
    "built_error_empty": N_("an input error built by hand is refused: it lists no problem, so "
                            "it would not say why the record cannot be read"),
    # an argument of a public function of the wrong kind: which argument (as the code
    # spells it, between backquotes), what it takes and what it was given, each a kind
    # of value said in words (kind_*)
    "argument_expected": N_("argument `%(argument)s`: expected %(expected)s, not %(given)s"),
    "argument_one_of": N_("argument `%(argument)s`: expected one of %(accepted)s, not %(given)s"),
    # ... given nothing (None): said so, never "not nothing"
    "argument_expected_none": N_("argument `%(argument)s`: expected %(expected)s, but nothing "
                                 "(None) was given"),
    "argument_one_of_none": N_("argument `%(argument)s`: expected one of %(accepted)s, but "
                               "nothing (None) was given"),
    "value_expected_none": N_("expected %(expected)s, but nothing (None) was given"),
    # the same, for an argument whose name in the code is no word (``decided_at``): named
    # in words
    "decided_at_expected": N_("The instant the decision was taken: expected %(expected)s, "
                              "not %(given)s"),
    "decided_at_expected_none": N_("The instant the decision was taken: expected "
                                   "%(expected)s, but nothing (None) was given"),
    # a finding given as one of a batch to a decision record that no rule of the call
    # spanning a batch's applications makes
    "batch_not_of_call": N_("argument `batch`: a finding given is not one that a rule of the "
                            "call spanning a batch's applications makes (such as one "
                            "application per host): give only those findings"),
    # the batch given to a replay does not hold the record's application as it was decided
    # ``replay --batch``: the batch named holds no application nor record (an empty folder)
    "batch_holds_nothing": N_("the batch given holds no application and no decision record, "
                              "so nothing was replayed: give the applications of the records' "
                              "batch, or their decision records"),
    "batch_without_record": N_("the batch given does not hold the application of the "
                               "decision record, as it was decided: give the applications of "
                               "its batch, or their decision records"),
    # a call sent to Dask's workers by its file, the file rewritten while the batch ran:
    # the workers refuse it rather than judge by the rules it holds now
    "call_file_changed": N_("The call's file was changed while its batch was being checked: "
                            "no application was judged by rules other than those of the "
                            "call sent. Load the call again and check the batch again."),
    # a call sent to Dask's workers by its id, a worker having registered another call (or
    # another version of it) under that id: the worker refuses it rather than judge by it
    "call_registered_differs": N_("A worker has another version of the call registered "
                                  "under its name than the one sent: no application was "
                                  "judged by it. Install the same calls, in the same "
                                  "version, on every worker and check the batch again."),
    # the same, a worker running the same code and catalogs, but with catalogs a platform
    # registered (callrules.register_catalogs) that differ from the client's
    "worker_catalogs_differ": N_("The worker “%(worker)s” runs callrules %(identity)s, as "
                                 "the process that sent the batch does, but with other "
                                 "catalogs registered by the platform (%(worker_words)s, "
                                 "not %(words)s): what it said would not be what the batch "
                                 "says elsewhere, and no application was judged by it. "
                                 "Register the same catalogs on every worker as on the "
                                 "process that sends the batch (a worker plugin, or the "
                                 "workers’ start-up code) and check the batch again."),
    # the same, one side having no catalogs registered by the platform: said so in words,
    # never « (—, et non 3fa4…) » (att80 B4)
    "worker_catalogs_missing": N_("The worker “%(worker)s” runs callrules %(identity)s, as "
                                  "the process that sent the batch does, but without the "
                                  "catalogs the platform registered on that process "
                                  "(%(words)s): what it said would not be what the batch "
                                  "says elsewhere, and no application was judged by it. "
                                  "Register the same catalogs on every worker as on the "
                                  "process that sends the batch (a worker plugin, or the "
                                  "workers’ start-up code) and check the batch again."),
    "worker_catalogs_extra": N_("The worker “%(worker)s” runs callrules %(identity)s, as "
                                "the process that sent the batch does, but with catalogs "
                                "registered by the platform (%(worker_words)s) that the "
                                "process that sent the batch does not have: what it said "
                                "would not be what the batch says elsewhere, and no "
                                "application was judged by it. Register the same catalogs "
                                "on every worker as on the process that sends the batch, or "
                                "none on any, and check the batch again."),
    # a batch sent to Dask's workers, a worker running another callrules (other code or
    # calls, another Babel or Pydantic): it refuses to read, judge or put together records
    "worker_library_differs": N_("The worker “%(worker)s” runs callrules %(worker_identity)s, "
                                 "not %(identity)s as the process that sent the batch does: "
                                 "no application was judged by it. Install the same "
                                 "callrules, the very same code, on every worker and check "
                                 "the batch again."),
    # the same, a worker running the same code with other catalogs of words
    "worker_words_differ": N_("The worker “%(worker)s” runs callrules %(identity)s, as the "
                              "process that sent the batch does, but with other catalogs of "
                              "words (%(worker_words)s, not %(words)s): what it said would "
                              "not be what the batch says elsewhere, and no application was "
                              "judged by it. Install the same callrules on every worker and "
                              "check the batch again."),
    # the same, a worker reading the call's zone from another time-zone database (the
    # system's or the tzdata package's): the call's deadlines may fall at other instants there
    "worker_zones_differ": N_("The worker “%(worker)s” reads the call's time zone, %(zone)s, "
                              "from another time-zone database than the process that sent "
                              "the batch (release %(worker_release)s, not %(release)s): a "
                              "deadline could fall at another moment there, and no "
                              "application was judged by it. Install the same time-zone "
                              "database (the system's, or the tzdata package) on every "
                              "worker and check the batch again."),
    # the same, one side's database of no known release: said so in words, never « — »
    "worker_zones_unknown": N_("The worker “%(worker)s” reads the call's time zone, "
                               "%(zone)s, from a time-zone database whose release cannot be "
                               "told, where the process that sent the batch reads release "
                               "%(release)s: a deadline could fall at another moment there, "
                               "and no application was judged by it. Install the same "
                               "time-zone database (the system's, or the tzdata package) on "
                               "every worker and check the batch again."),
    "worker_zones_unknown_here": N_("The worker “%(worker)s” reads the call's time zone, "
                                    "%(zone)s, from release %(worker_release)s of the "
                                    "time-zone database, where the process that sent the "
                                    "batch reads a database whose release cannot be told: a "
                                    "deadline could fall at another moment there, and no "
                                    "application was judged by it. Install the same "
                                    "time-zone database (the system's, or the tzdata "
                                    "package) on every worker and check the batch again."),
    # a call's text asked for in a language that neither the texts given nor the call's
    # first language has: the languages named in the reader's language
    "call_text_missing": N_("argument `texts`: there is no text in %(asked)s or in %(first)s, "
                            "the call's first language; %(has)s"),
    # the same, the language asked being the call's first (or none babel knows): said once
    "call_text_missing_first": N_("argument `texts`: there is no text in %(first)s, the "
                                  "call's first language; %(has)s"),
    # a call's text asked in a language (or the call's first) whose texts are for several
    # regions, none of them the one asked: the language and its regions named
    "call_text_regions": N_("argument `texts`: there are texts in %(language)s for several "
                            "regions (%(regions)s) and none of them is chosen; give one in "
                            "%(language)s with no region"),
    # the keys of the texts given (``has`` above): the languages by name, the others counted
    "texts_in_languages": N_("the texts given are in: %(languages)s"),
    "texts_in_languages_others": N_("the texts given are in: %(languages)s; keys that are "
                                    "not languages: %(count)s"),
    "texts_in_no_language": N_("no key given names a language (keys given: %(count)s)"),
    # a call's text whose key for the language is there, but holds no text (None, "")
    "call_text_not_text": N_("argument `texts`: the text for %(language)s is not a text"),
    # a table (a DataFrame) given where its rows are wanted: iterating over it gives the
    # names of its columns; the code that gives its rows, between backquotes
    "argument_table": N_("argument `%(argument)s`: a table (a DataFrame) gives the names of "
                         "its columns, not its rows: give its rows, such as "
                         "`df.to_dict(\"records\")`"),
    # the same, given where CSV text is wanted (its lines); the code that gives it
    "argument_table_csv": N_("argument `%(argument)s`: a table (a DataFrame) gives the names of "
                             "its columns, not lines of CSV text: give its CSV text, such as "
                             "`df.to_csv(index=False)`"),
    # the same, given where other items are wanted (amounts of money, findings, folders)
    "argument_table_items": N_("argument `%(argument)s`: a table (a DataFrame) gives the names "
                               "of its columns, where each item should be %(expected)s"),
    "argument_one_of_text": N_("argument `%(argument)s`: expected one of %(accepted)s, not "
                               "“%(given)s”"),
    "split_ratios_count": N_("argument `ratios`: a split has from 1 to %(most)s ratios, not "
                             "%(count)s"),
    "split_not_whole_units": N_("argument `total`: %(total)s is not a whole number of units "
                                "of %(unit)s, the unit it is split in: round it first"),
    "split_ratios_zero": N_("argument `ratios`: the ratios are all zero, so there is nothing to "
                            "split by"),
    "value_expected": N_("expected %(expected)s, not %(given)s"),
    "kind_none": N_("nothing (None)"),
    "kind_bool": N_("a yes-or-no value (true or false)"),
    "kind_whole": N_("a whole number"),
    "kind_float": N_("an inexact decimal number"),
    "kind_decimal": N_("an exact decimal number"),
    "kind_text": N_("text"),
    "kind_bytes": N_("bytes (not text)"),
    "kind_aware": N_("a date and time with its time zone"),
    "kind_naive": N_("a date and time without a time zone"),
    "kind_date": N_("a date"),
    "kind_time": N_("a time of day"),
    "kind_duration": N_("a duration"),
    "kind_path": N_("the path of a file or a folder"),
    "kind_source": N_("the path of a file or a folder, a hyphen for the standard input, or an open "
                      "file"),
    "kind_file": N_("an open file"),
    "kind_mapping": N_("a mapping of names to values"),
    "kind_list": N_("a list"),
    "kind_tuple": N_("a tuple"),
    "kind_set": N_("a set"),
    "kind_iterator": N_("items read one at a time"),
    "kind_items": N_("a collection of items (a list, a generator…)"),
    "kind_function": N_("a function"),
    "kind_other": N_("a value of another kind"),
    "kind_call": N_("a call loaded by the library"),
    "kind_money": N_("an amount of money"),
    "kind_report": N_("the report of an application checked"),
    "kind_finding": N_("a finding of a report"),
    "kind_selection": N_("a selection"),
    "kind_score_problem": N_("a problem of a score sheet"),
    "kind_reason": N_("a reason given by a selection"),
    "kind_digest": N_("a digest of 64 hexadecimal digits"),
    "kind_input_problem": N_("a problem found in a record"),
    "kind_input_error": N_("the error of a record that cannot be read"),
    "kind_batch_item": N_("the result of one record of a batch"),
    "kind_batch": N_("the results of a batch"),
    "kind_severity": N_("a severity (an error or a warning)"),
    # where a decision record's part is (``record_part_*``), in words
    "decision_part_verdict": N_("its verdict"),
    "decision_part_verdict_finding": N_("a finding of its verdict"),
    "decision_part_batch": N_("its list of the findings made in its batch"),
    "decision_part_batch_finding": N_("a finding made in its batch"),
    # (the parts a record of version 5 adds: callrules._record.PARTS_RULES)
    "decision_part_batch_rules": N_("its list of the call's rules spanning its batch"),
    "decision_part_zone_database": N_("the time-zone database its decision was taken with"),
    "decision_part_in_batch": N_("the note saying whether its decision was taken in a batch"),
    # (the part a record of version 6 adds: callrules._record.PARTS_READING)
    "decision_part_reading_digest": N_("the digest of how its call read applications"),
    "kind_rule": N_("a rule built with the library's rules"),
    "kind_application": N_("an application read by the library"),
    "kind_milestone": N_("a milestone of a call's timeline"),
    "kind_ratios": N_("a list of numbers, or a mapping of names to numbers"),
    "kind_ratio": N_("a number for each ratio"),
    "kind_unit": N_("a positive decimal amount such as 0.01"),
    "kind_locale": N_("a language tag such as fr or en-GB"),
    # what was given where a language tag was expected: a text with nothing in it, one of
    # spaces (or tabs, line breaks) only, one with no language before its region (-FR)
    "kind_empty_text": N_("an empty text"),
    "kind_blank_text": N_("a text of spaces only"),
    "kind_no_language": N_("a text that names no language"),
    "kind_amount_given": N_("an exact amount, such as the text “3100.00” or a whole number"),
    "kind_currency": N_("an ISO 4217 currency code such as EUR"),
    "kind_rates": N_("a mapping of pairs of currencies (base, quote) to exchange rates"),
    "kind_not_finite": N_("a number that is not finite (not a number, or an infinity)"),
    # Money.convert's rates: the rate given for a pair of currencies (their ISO codes)
    "rate_not_a_rate": N_("argument `rates`: the exchange rate from %(base)s to %(quote)s is "
                          "a positive exact decimal number or a whole number (at most 18 "
                          "digits before the point and 8 after), not %(given)s"),
    "rate_not_positive": N_("argument `rates`: the exchange rate from %(base)s to %(quote)s "
                            "must be positive, not %(given)s"),
    "rates_conflicting": N_("argument `rates`: two different exchange rates are given between "
                            "%(base)s and %(quote)s: give one rate per pair of currencies"),
    "kind_indent": N_("a whole number of spaces from 0 to 16, or nothing (None) for one line"),
    "kind_said": N_("a set of the ids of the texts already given, or nothing (None)"),
    "kind_score": N_("a score (a whole number or an exact decimal number)"),
    "kind_workbook": N_("the path of a file, or a binary file open for writing"),
    "kind_text_stream": N_("a file open as text, which cannot hold a workbook"),
    "kind_id": N_("an id (text)"),
    # decision_record(place=-1): a number below 0 where a whole number of 0 or more is taken
    "argument_whole_at_least": N_("argument `%(argument)s`: expected a whole number of "
                                  "%(least)s or more, not %(given)s"),
    # decision_record(place=0, copies_before=5): more copies of the application before it
    # than applications before it
    "argument_copies_before": N_("argument `%(argument)s`: expected a whole number from "
                                 "%(least)s to %(most)s, no more copies of the application "
                                 "before it than applications before it, not %(given)s"),
    "argument_whole_between": N_("argument `%(argument)s`: expected a whole number from "
                                 "%(least)s to %(most)s, not %(given)s"),
    # Selection.entry(id) and SelectionRules.criterion(id) given an id that names nothing
    "unknown_application_id": N_("argument `application_id`: no application of the selection "
                                 "has this id"),
    "unknown_criterion_id": N_("argument `criterion_id`: the selection rules have no "
                               "criterion with this id"),
    # a workbook not written: why, in words (the operating system's reason)
    "workbook_cannot_write": N_("argument `path`: the workbook cannot be written there: "
                                "%(reason)s"),
    "os_no_file_name": N_("it is not a name a file can have"),
    "os_refused": N_("the system refused it"),
    "kind_call_text": N_("the text of a call file (text or bytes)"),
    "kind_call_or_id": N_("a call loaded by the library, or the id of a call"),
    "kind_country": N_("an ISO 3166 country code such as BR"),
    "kind_subdivision": N_("an ISO 3166 subdivision code such as BR-AM, or nothing (None)"),
    "kind_huge": N_("a number of more than 18 digits"),
    "kind_zone": N_("the name of a time zone, such as Europe/Paris"),
    "kind_timeline": N_("the timeline of a call (its milestones by name)"),
    "call_not_a_table": N_("a call file holds a table (an object) at its top, not %(given)s"),
    "call_not_a_table_none": N_("a call file holds a table (an object) at its top, but this "
                                "one holds nothing"),
    "kind_number": N_("a number"),
    "given_pointed": N_("%(number)s, a number with a decimal point"),
    "zone_no_country": N_("no time zone is known for the country “%(country)s”: give its ISO "
                          "3166 code, such as BR"),
    "limit_bytes": N_("argument `%(argument)s`: expected a whole number of bytes from %(least)s "
                      "to %(most)s, not %(given)s"),
    "limit_records": N_("argument `%(argument)s`: expected a whole number of records from "
                        "%(least)s to %(most)s, not %(given)s"),
    "limit_requests": N_("argument `%(argument)s`: expected a whole number of requests from "
                         "%(least)s to %(most)s, not %(given)s"),
    "limit_seconds": N_("argument `%(argument)s`: expected a whole number of seconds from "
                        "%(least)s to %(most)s, not %(given)s"),
    "limit_connections": N_("argument `%(argument)s`: expected a whole number of connections "
                            "from %(least)s to %(most)s, not %(given)s"),
    "argument_at_least_one": N_("argument `%(argument)s`: expected a whole number of at least 1, "
                                "or no number at all to let the library choose, not "
                                "%(given)s"),
    "not_a_folder": N_("“%(folder)s” is not a folder that can be read"),
    # why the operating system refused to read or write a file (the command line's errors)
    "os_no_such_file": N_("there is no such file or folder"),
    "os_is_a_folder": N_("it is a folder, not a file"),
    "os_not_a_folder": N_("a part of the path is not a folder"),
    "os_not_permitted": N_("permission denied"),
    "os_name_too_long": N_("the name is too long"),
    "os_no_space": N_("there is no space left on the disk"),
    "os_read_only": N_("the disk can only be read, not written"),
    "os_link_loop": N_("the symbolic links loop"),
    "os_exists": N_("it exists already"),
    "os_busy": N_("it is in use"),
    "os_too_large": N_("the file is too large"),
    "os_input_output": N_("the disk could not be read or written (an input or output error)"),
    "os_too_many_open": N_("too many files are open"),
    "os_other": N_("the system refused it (%(name)s)"),
    # what the command line is given that it cannot use, before any work
    "unknown_call": N_("there is no call “%(call)s”; the calls known are: %(known)s"),
    "unknown_call_path": N_("“%(call)s” is the path of a file, not the id of a call: load "
                            "the call file from its path, or give the id of a known call "
                            "(%(known)s)"),
    "unknown_call_path_none": N_("“%(call)s” is the path of a file, not the id of a call: "
                                 "load the call file from its path"),
    "unknown_call_none": N_("there is no call “%(call)s”, and no call is known"),
    "no_budget_plan": N_("the call “%(call)s” proposes no budget plan: its file does not say "
                         "how a budget is planned, so there is nothing to plan"),
    "zone_unknown": N_("“%(zone)s” is not a time zone: name the zone of a place, such as "
                       "Europe/Paris"),
    "zone_not_a_place": N_("“%(zone)s” is a fixed offset or an old name of a zone, not the "
                           "zone of a place: name one such as America/Bogota, or UTC"),
    "no_messages": N_("there are no messages in “%(asked)s”: they are given in %(used)s"),
    "spill_refused": N_("the temporary folder (TMPDIR) refuses the file that keeps a large "
                        "batch’s keys for the rules spanning its applications (one "
                        "application per host…): it is full, or may not be written to; they "
                        "are kept in memory instead, and nothing is lost; the folder is "
                        "offered them again as they grow, and if it still refuses them past "
                        "%(most)s keys (fewer, if they are long), the batch stops there and "
                        "says so"),
    # (the keys so long that memory's bound of their characters comes before 400,000 keys)
    "spill_refused_long": N_("the temporary folder (TMPDIR) refuses the file that keeps a "
                             "large batch’s keys for the rules spanning its applications (one "
                             "application per host…): it is full, or may not be written to; "
                             "they are kept in memory instead, and nothing is lost; the folder "
                             "is offered them again as they grow, and if it still refuses them "
                             "past about %(most)s keys (as many as memory may keep of keys as "
                             "long as these), the batch stops there and says so"),
    "spill_limit": N_("the temporary folder (TMPDIR) still refuses the file that keeps the "
                      "batch’s keys for the rules spanning its applications (one application "
                      "per host…), and memory holds the most it may keep of them (%(most)s): "
                      "the batch stops here, before its end, and the findings of those rules "
                      "are not given; give the temporary folder room, or set TMPDIR to a "
                      "folder with room, and run the batch again"),
    "spill_unreadable": N_("the file that keeps the batch’s keys for the rules spanning its "
                           "applications (one application per host…), in the temporary "
                           "folder (TMPDIR), can no longer be read back: what it held is "
                           "lost, so the batch stops here, before its end, and the findings "
                           "of those rules are not given; run the batch again"),
    "sheet_spill_refused": N_("the temporary folder (TMPDIR) refuses the file that keeps the "
                              "sheet’s rows until every verdict of the batch is known: it is "
                              "full, or may not be written to; the rows are kept in memory "
                              "instead, and nothing is lost"),
    "sheet_cut": N_("the sheet stopped before its end: it holds the rows of the applications "
                    "judged so far, without the findings of the rules spanning applications "
                    "(one application per host…), which need every application; run the "
                    "batch again whole for a complete sheet"),
    "sheet_cut_written": N_("the sheet stopped before its end, while it was being written: it "
                            "holds the rows of the first applications only, its last row "
                            "perhaps cut short; run the batch again whole for a complete "
                            "sheet"),
    "sheet_cut_short": N_("the sheet stopped before its end, and its rows could not all be "
                          "written before the run ended (nothing read them for five seconds, "
                          "or a second interruption was received): it holds only the rows of "
                          "the first applications judged, its last row perhaps cut short, "
                          "without the findings of the rules spanning applications (one "
                          "application per host…); run the batch again whole for a complete "
                          "sheet"),
    "batch_stopped": N_("this batch stopped on an error before its end (its records failed, "
                        "or the keys of its rules spanning applications could not be kept): "
                        "it gives no more results, those given before it stand; run the "
                        "batch again from the first application it did not judge, or whole "
                        "for the findings of its rules spanning applications (one "
                        "application per host…), which need every application"),
    "batch_closed": N_("this batch was closed, or stopped on an error, before the findings "
                       "of its rules spanning applications (one application per host…) were "
                       "asked for: the keys they are found from are gone; check the whole "
                       "batch again to have them"),
    "batch_not_read": N_("the findings of this batch’s rules spanning applications (one "
                         "application per host…) are known once every application of it has "
                         "been read: read the batch to its end, then ask for them"),
    "invalid_call_file": N_("the call file has mistakes"),
    "call_file_unreadable": N_("the call file cannot be read: it does not exist, it is not a "
                               "file, or it may not be read"),
    "call_not_loaded": N_("the call %(call)s cannot be loaded"),
    "call_file_internal_error": N_("The library failed while reading this call file, a fault "
                                   "of the library and not necessarily of the file: please "
                                   "report it (the line above says what failed). The other "
                                   "call files are read as usual."),
    "serve_extra_missing": N_("serving over HTTP needs the optional part “serve” (missing: "
                              "%(missing)s); install it with: pip install 'callrules[serve]'"),
    "envelope_currency": N_("the envelope is in %(given)s, but the call's currency is "
                            "%(currency)s: give it in %(currency)s"),
    "problem_in": N_("%(source)s: %(message)s"),
    # what ``callrules replay`` prints, record by record
    "replay_same": N_("%(name)s: same verdict"),
    "replay_changed": N_("%(name)s: CHANGED"),
    "replay_not_replayed": N_("%(name)s: NOT REPLAYED"),
    # neither the same nor changed for certain: only the batch checked again can tell
    "replay_batch_needed": N_("%(name)s: CANNOT TELL WITHOUT ITS BATCH"),
    "replay_key_twice": N_("the key “%(name)s” is given twice in the record itself: which value "
                           "counts cannot be told, so the record is not read"),
    "replay_key_twice_in": N_("the key “%(name)s” is given twice in the part “%(part)s” of the "
                              "record: which value counts cannot be told, so the record is not "
                              "read"),
    "replay_key_twice_item": N_("the key “%(name)s” is given twice in item %(n)s of the part "
                                "“%(part)s” of the record: which value counts cannot be told, so "
                                "the record is not read"),
    "replay_line": N_("line %(n)s"),
    "replay_record": N_("record %(n)s"),
    "replay_note": N_("(note) %(said)s"),
    "replay_problem_at": N_("%(message)s (%(field)s)"),
    "replay_call_changed": N_("The call is now %(call)s, version %(version)s; the decision "
                              "was taken under %(was)s, version %(was_version)s."),
    "replay_call_edited": N_("The call's definition has changed since the decision (its "
                             "rules, parameters, timeline or texts)."),
    "replay_library_changed": N_("The library is now version %(version)s; the decision was "
                                 "taken with version %(was)s."),
    # the library's identity is its version and a digest of its code and of the versions of
    # the libraries it relies on (callrules._library)
    "replay_library_code_changed": N_("The library's code, or the version of Babel or "
                                      "Pydantic that it relies on, has changed since the "
                                      "decision, under the same version number "
                                      "(%(version)s): a change may come from there."),
    "replay_library_code_unknown": N_("The record does not say which code of the library's "
                                      "version %(version)s took the decision (it was written "
                                      "before records said so): the library may have "
                                      "changed since."),
    # a sound record whose input is refused when read again (an amount an earlier version
    # misread, a field the call now requires): the decision no longer stands, said with why
    # (att65); who changed (the call, the library) is said by their own notes, never guessed
    # here (look64c)
    "replay_input_refused_was_eligible": N_("The decision no longer stands: the application "
                                            "was judged eligible, but read again as it was "
                                            "recorded, it is refused (by the call as it "
                                            "stands or by the library)."),
    "replay_input_refused_was_ineligible": N_("The decision no longer stands: the application "
                                              "was judged not eligible, but read again as it "
                                              "was recorded, it is refused (by the call as it "
                                              "stands or by the library)."),
    "replay_input_refused_at": N_("Refused now: %(message)s (%(field)s)"),
    "replay_input_refused_why": N_("Refused now: %(message)s"),
    "replay_now_eligible": N_("The verdict has changed: the application was not eligible, it "
                              "now is."),
    "replay_now_ineligible": N_("The verdict has changed: the application was eligible, it "
                                "no longer is."),
    "replay_finding_gone": N_("No longer found: a problem with %(field)s under the clause "
                              "“%(clause)s”."),
    "replay_finding_gone_no_clause": N_("No longer found: a problem with %(field)s."),
    "replay_finding_new": N_("Newly found: %(message)s"),
    # a batch finding whose rule's severity changed (an amended call): found again as such
    "replay_batch_now_warning": N_("Now a warning, no longer an error: the problem with "
                                   "%(field)s under the clause “%(clause)s”, found in its "
                                   "batch."),
    "replay_batch_now_error": N_("Now an error, no longer a warning: the problem with "
                                 "%(field)s under the clause “%(clause)s”, found in its "
                                 "batch."),
    # a batch finding of a record naming its rules, whose rule the call amended no longer
    # has (removed, or changed in its field, order or case): left out, never "the same"
    "replay_batch_rule_gone": N_("Left out: the problem with %(field)s under the clause "
                                 "“%(clause)s”, found in its batch, was found by a rule "
                                 "changed or removed since; only checking the batch again "
                                 "can tell whether it still stands."),
    # a rule spanning a batch moved to another clause since (the same rule): the duplicate it
    # found is found again, under its new clause
    "replay_batch_rule_moved": N_("Moved: the problem with %(field)s found in its batch is "
                                  "now under the clause “%(clause)s”, no longer under the "
                                  "clause “%(was)s”; the rule that finds it moved there."),
    # a batch finding of a rule added since alike to one the call had (another severity):
    # found where that rule found one, told from the record alone
    "replay_batch_found_new": N_("Newly found: a problem with %(field)s under the clause "
                                 "“%(clause)s”, found in its batch by a rule added since "
                                 "that is alike to one the call had."),
    # a rule spanning a batch that the call, amended since, did not have (added, or changed in
    # its order or case): it found nothing in the record, so the replay is never "the same"
    "replay_batch_rule_new": N_("Not checked: a rule comparing each application's "
                                "%(field)s across the batch, under the clause “%(clause)s”, "
                                "added or changed since the decision; only checking the batch "
                                "again can tell whether it finds a problem with this "
                                "application."),
    # a rule spanning a batch of a call changed since, which a record of version 3 or 4 (it
    # does not name its call's rules) cannot tell from one its call had
    "replay_batch_rule_unknown": N_("Not checked: a rule comparing each application's "
                                    "%(field)s across the batch, under the clause "
                                    "“%(clause)s”; this record does not say whether the call "
                                    "had it when the decision was taken, and only checking the "
                                    "batch again can tell whether it finds a problem with this "
                                    "application."),
    # a rule spanning a batch, of a call changed since the decision: the call may read or
    # refuse the batch's other applications otherwise (a rate in force now where none was),
    # so which of them the rule compares is not known without the batch
    "replay_batch_rule_read_again": N_("Not checked: a rule comparing each application's "
                                       "%(field)s across the batch, under the clause "
                                       "“%(clause)s”; the call has changed since the "
                                       "decision and may accept or refuse other applications "
                                       "of the batch, so only checking the batch again can "
                                       "tell whether it finds a problem with this "
                                       "application."),
    # a record replayed with a batch not as it was checked, an application given more than
    # once whose copies now have one verdict, not the same findings (rplmend78)
    "replay_batch_copy_verdict_same": N_("Cannot tell which copy: the application is given "
                                         "more than once in the batch, not in the order "
                                         "its record names, and its copies now have the "
                                         "same verdict but different findings; its verdict "
                                         "has not changed, whether its findings have is "
                                         "not known."),
    "replay_batch_copy_verdict_changed": N_("Cannot tell which copy: the application is "
                                            "given more than once in the batch, not in the "
                                            "order its record names, and its copies now "
                                            "have the same verdict but different findings; "
                                            "its verdict has changed, which findings are "
                                            "now its own is not known."),
    # the same, of a record naming its place in its batch, replayed with a batch not as it
    # was checked (rplmend78b)
    "replay_batch_copy_unknown_order": N_("Cannot tell which copy: the application is "
                                          "given more than once in the batch, not in the "
                                          "order its record names, and its copies are now "
                                          "decided differently; whether its verdict has "
                                          "changed is not known."),
    # the record's application given more than once in its batch (a resubmission), its
    # copies now decided otherwise and none as recorded: a record written before version 7
    # does not hold its place
    "replay_batch_copy_unknown": N_("Cannot tell which copy: the application is given more "
                                    "than once in the batch, its copies are now decided "
                                    "differently, and the record does not say which copy it "
                                    "was; whether its verdict has changed is not known."),
    # the time-zone database the call's zone was read from (callrules._zone_database): a
    # note, the instants worked out again being today's
    "replay_zone_database_changed": N_("The time-zone database is now release %(now)s; the "
                                       "decision was taken with release %(was)s: a deadline "
                                       "or an instant in a zone whose rules changed between "
                                       "them may fall at another moment."),
    "replay_zone_database_other": N_("The time-zone database is not the one the decision was "
                                     "taken with: a deadline or an instant in a zone whose "
                                     "rules changed since may fall at another moment."),
    "replay_finding_recounted": N_("Found a different number of times: a problem with "
                                   "%(field)s under the clause “%(clause)s” (before: %(was)s, "
                                   "now: %(now)s)."),
    "replay_finding_recounted_no_clause": N_("Found a different number of times: a problem "
                                             "with %(field)s (before: %(was)s, now: %(now)s)."),
    # A finding that names no field (a rule over several fields, ``not`` of ``all``): said
    # by its clause alone, never "a problem with" an empty label (look60w)
    "replay_finding_gone_no_field": N_("No longer found: a problem under the clause "
                                       "“%(clause)s”."),
    "replay_finding_gone_no_field_no_clause": N_("No longer found: a problem with the "
                                                 "application."),
    "replay_finding_recounted_no_field": N_("Found a different number of times: a problem "
                                            "under the clause “%(clause)s” (before: %(was)s, "
                                            "now: %(now)s)."),
    "replay_finding_recounted_no_field_no_clause": N_("Found a different number of times: a "
                                                      "problem with the application (before: "
                                                      "%(was)s, now: %(now)s)."),
    "selection_replay_same": N_("selection for %(call)s: same outcome"),
    "selection_replay_changed": N_("selection for %(call)s: CHANGED"),
    "selection_application_new": N_("%(application)s: newly in the selection"),
    "selection_application_gone": N_("%(application)s: no longer in the selection"),
    "selection_application_refused": N_("%(application)s: no longer in the selection, "
                                        "refused when read again as it was recorded: "
                                        "%(message)s (%(field)s)"),
    "selection_application_refused_why": N_("%(application)s: no longer in the selection, "
                                            "refused when read again as it was recorded: "
                                            "%(message)s"),
    "selection_decision_changed": N_("%(application)s: decision %(was)s → %(now)s"),
    "selection_rank_changed": N_("%(application)s: rank %(was)s → %(now)s"),
    "selection_score_changed": N_("%(application)s: score %(was)s → %(now)s"),
    "selection_funded_changed": N_("%(application)s: amount funded %(was)s → %(now)s"),
    # any other part of an application's outcome that differs, so that a replay saying
    # CHANGED always says what changed (look62t)
    "selection_requested_changed": N_("%(application)s: amount asked for %(was)s → %(now)s"),
    "selection_criteria_changed": N_("%(application)s: its scores on the criteria changed"),
    "selection_reviewers_changed": N_("%(application)s: the number of reviewers who scored it "
                                      "changed"),
    "selection_reasons_changed": N_("%(application)s: the reasons given for its decision "
                                    "changed"),
    "selection_entry_changed": N_("%(application)s: another part of its outcome changed"),
    "selection_order_changed": N_("the applications are listed in another order"),
    # what ``callrules calls`` and ``callrules validate`` print
    "call_file_is_valid": N_("%(file)s: call %(call)s version %(version)s is valid (%(rules)s, "
                             "%(clauses)s)"),
    "shadowed_in_folder": N_("the call “%(call)s” is also given by %(file)s, which comes first "
                             "in this folder: this file would not be used; give one file per "
                             "call"),
    "serve_shadowed": N_("the service is not started: a call file of a call folder would never "
                         "be used (said above); rename it, or move it away"),
    "serve_broken": N_("the service is not started: a call file of a call folder has mistakes "
                       "(each one is said above); correct it, or move it away"),
    "shadowed_by_folder": N_("the call “%(call)s” is also given by %(file)s, in a folder given "
                             "before this one, which is the one used: this file is not used"),
    "edition_shadowed": N_("the edition “%(call)s” of this recurring call is also given by "
                           "%(file)s, which comes first: that edition of this file is not used"),
    "edition_shadowed_by_known": N_("the edition “%(call)s” of this recurring call is already a "
                                    "call the library knows (a bundled call), which comes "
                                    "first: that edition of this file would not be used; change "
                                    "the call's editions or its id"),
    "shadowed_by_known": N_("the call “%(call)s” is already a call the library knows (a bundled "
                            "call), which comes before any folder: this file would not be used; "
                            "give it another name and id"),
    "interrupted": N_("interrupted"),
    "internal_error": N_("internal error (%(error)s); please report it (set "
                         "CALLRULES_TRACEBACK=1 to see where)"),
    # the command line's arguments that cannot be parsed (argparse's messages, said again)
    "usage": N_("usage: "),
    "args_required": N_("these arguments are missing: %(names)s"),
    "args_unrecognized": N_("these arguments are not understood: %(names)s"),
    "args_argument": N_("%(name)s: %(said)s"),
    "args_invalid_choice": N_("“%(value)s” is not one of the choices: %(choices)s"),
    "args_expected_one": N_("a value is expected after it"),
    "args_expected_at_least_one": N_("at least one value is expected after it"),
    "args_expected_at_most_one": N_("at most one value is expected after it"),
    "args_expected_more": N_("more values are expected after it"),
    "args_ignored": N_("it takes no value, but was given %(value)s"),
    "args_ambiguous": N_("%(option)s could be any of %(matches)s: write more of it"),
    "args_invalid_value": N_("%(value)s is not %(type)s"),
    "args_type_number": N_("a number"),
    "args_type_other": N_("a value it takes"),
    "args_not_allowed": N_("it cannot be given with %(name)s"),
    "args_one_required": N_("one of %(names)s is required"),
    "args_whole_number": N_("%(value)s is not a whole number of at least 1"),
    "definition_wrong_type": N_("A value of the call file is not of the kind its place takes "
                                "(the line above, for the call's author, says where and what "
                                "is expected)."),
    "definition_table_given": N_("A value of the call file is a table (written between braces) "
                                 "where its place takes one value: write the value itself, "
                                 "without braces (the line above, for the call's author, says "
                                 "where and what is expected)."),
    "definition_list_given": N_("A value of the call file is a list (written between brackets) "
                                "where its place takes one value: write one value, not a list "
                                "(the line above, for the call's author, says where and what "
                                "is expected)."),
    "definition_decimal_as_number": N_("A decimal of the call file is written without quotes, "
                                       "which makes it inexact (it was read as %(value)s): "
                                       "write the number you mean in quotes, as text."),
    "definition_extra_key": N_("The call file gives a key its place does not take: remove it, "
                               "or check its spelling (the line above names it)."),
    "definition_bad_parameter": N_("A parameter of the call file is not accepted as written, "
                                   "such as a currency that is not money (the line above says "
                                   "which, and why)."),
    "definition_missing": N_("The call file leaves out something it must give (the line "
                             "above names it)."),
    "definition_refused": N_("This part of the call file is not accepted: the line above says "
                             "where and why, for the call's author."),
    "batch_item_is_a_file": N_("an application of the batch is a file open in Python, not a "
                               "record: give the file alone, whose records are read, or read "
                               "the records of several files first, as one batch"),
    "application_is_a_file": N_("the application given is a file open in Python, not a "
                                "record: read the file's records first, and give one of them"),
    "application_is_a_path": N_("the application given is the path of a file, not a record: "
                                "read the file's records first, and give one of them"),
    "mapping_not_a_mapping": N_("the mapping given is not one of columns to fields: give "
                                "a dictionary whose keys are the columns' headers and whose "
                                "values are the paths of fields (or nothing, to leave a "
                                "column out)"),
    "mapping_column": N_("a column of the mapping is named by %(value)s, not by text: name "
                         "each column by the text of its header"),
    "mapping_path": N_("the column “%(column)s” of the mapping is matched with %(value)s, "
                       "not with the path of a field: give the path of a field as text, or "
                       "nothing to leave the column out"),
    "batch_item_is_a_path": N_("an application of the batch is the path of a file, not a "
                               "record: read the records of the file, or of several files, "
                               "first, as one batch"),
    "folder_empty_text": N_("a folder of call files is given as empty text, which would read "
                            "the call files of the working folder: name the folder (“.” for "
                            "the working folder), or leave it out"),
    "catalog_plural_forms_incomplete": N_(
        "the catalog of the folder “%(lang)s” declares its plural forms without their number "
        "or without the rule choosing one for each count: its header must state both, as "
        "“Plural-Forms: nplurals=2; plural=(n != 1);” does"),
    "catalog_folder_not_a_locale_name": N_(
        "the catalogs hold a folder named “%(lang)s”, a name no browser can ask for (only "
        "the letters A to Z, digits and the signs - _ . @ can be asked for): name the "
        "folder by the ISO 639 code of its language, with its region or script if need be "
        "(“ru”, “zh_TW”)"),
    "catalog_plural_forms_count": N_(
        "the catalog of the folder “%(lang)s” declares a number of plural forms no language "
        "has: its header must state from 1 to %(most)s, as “nplurals=2;” does"),
    "catalog_plural_rule_wrong": N_(
        "the catalog of the folder “%(lang)s” has a plural rule, “%(rule)s”, that cannot be "
        "read, or that gives for some count no form from 0 to %(last)s: it must give one of "
        "its forms for every count, as “plural=(n != 1);” does for two"),
    "catalogs_empty_text": N_("a folder of catalogs is given as empty text, which would read "
                              "the catalogs of the working folder: name the folder (“.” for "
                              "the working folder)"),
    "folders_none_given": N_("an empty list of folders of call files is given: name at least "
                             "one, or give no list for the bundled calls alone"),
    "folder_as_bytes": N_("a folder of call files is given as bytes: name it as text or as a "
                          "path"),
    "args_empty_value": N_("it is given an empty value: give one, or leave it out"),
    "output_is_input": N_("%(output)s is one of the inputs of this command (the same file, "
                          "the file standard input reads, or a file in a folder given as "
                          "input): writing there would destroy what is read; name another "
                          "file to write to"),
    "output_is_output": N_("%(output)s is where this command already prints its results (the "
                           "standard output or error): the records would be mixed with them or "
                           "lost; name another file to write to"),
    "output_not_a_file": N_("%(output)s is not a regular file (a pipe, a device or a folder): "
                            "the records are written only to a file; name a file to write to"),
    "standard_output_closed": N_("cannot write to the standard output: it is closed (give "
                                 "the command somewhere to write, such as a file or a "
                                 "pipe)"),
    # an instant a person typed (the command line's --at), by what is wrong with it
    "instant_not_a_date": N_("“%(text)s” is not a date and time: write it as "
                             "2026-06-01T17:00:00+02:00, or as 2026-06-01 17:00 Europe/Paris."),
    "instant_not_iso": N_("“%(text)s” is not written as the year, the month and the day, "
                          "then the time (ISO 8601): write it, for example, as "
                          "2026-06-01T17:00:00+02:00 or as 2026-06-01 17:00 Europe/Paris."),
    "instant_abbreviation": N_("“%(zone)s” is an abbreviation, and an abbreviation does not "
                               "say which place's time it is, nor how it changes in summer: "
                               "name the zone of a place, such as Europe/Paris, or give an "
                               "offset such as +02:00."),
    "instant_unknown_zone": N_("“%(zone)s” is not a time zone: name the zone of a place, such "
                               "as Europe/Paris, or give an offset such as +02:00."),
    "instant_city_zone": N_("“%(zone)s” is not a time zone: the zone of that place is "
                            "named %(name)s, with its region."),
    "instant_zone_spelling": N_("“%(zone)s” is not a time zone as written: the zone's name "
                                "is %(name)s, with its capitals."),
    "instant_signed_zone": N_("“%(text)s”: a zone name with a sign (UTC+2, GMT-3) is "
                              "ambiguous, since some systems reverse the sign: write the "
                              "offset as +02:00."),
    "instant_control_character": N_("“%(text)s” holds a character that is not written "
                                    "(a control character, a line break or an invisible "
                                    "character) inside it: type the date and time on one "
                                    "line, for example 2026-06-01 17:00 Europe/Paris."),
    "instant_no_time": N_("“%(text)s” gives a day without its time: an instant needs the "
                          "time of day too, and its time zone; write it, for example, as "
                          "%(example)s or as %(day)s 17:00 %(zone)s."),
    "instant_one_digit_hour": N_("“%(text)s” writes the hour with one digit: it takes two "
                                 "(09:00, not 9:00), so write it as %(written)s."),
    "instant_no_full_date": N_("“%(text)s” has no full date: write it, for example "
                               "2026-06-01 16:59 Europe/Paris."),
    "instant_offset_and_zone": N_("“%(text)s” gives both an offset and a time zone: give one "
                                  "of them."),
    "instant_unknown_offset": N_("“%(text)s”: the offset -00:00 says that the local time's "
                                 "offset is not known (RFC 3339): write the offset of the "
                                 "place, or Z for UTC."),
    "instant_offset_nowhere": N_("“%(text)s”: no place on Earth has the offset %(offset)s; "
                                 "offsets run from -12:00 to +14:00."),
    "instant_offset_seconds": N_("“%(text)s”: its offset from UTC, %(offset)s, is not a "
                                 "whole number of minutes, which no clock shows: give the "
                                 "instant with an offset in hours and minutes (such as "
                                 "+02:00), or in UTC."),
    "instant_no_zone": N_("“%(text)s” has no time zone: add an offset (+02:00) or the zone of "
                          "a place (Europe/Paris)."),
    "instant_skipped": N_("“%(text)s”: this local time does not exist in %(zone)s (the clocks "
                          "change then): give it with its offset instead."),
    "instant_repeated": N_("“%(text)s”: this local time happens twice in %(zone)s (the clocks "
                           "change then): give it with its offset instead."),
    "instant_fraction_digits": N_("“%(text)s” gives the seconds with %(digits)s digits after "
                                  "the point: an instant is read to the microsecond, at most "
                                  "6 digits, and is never rounded or cut."),
    "instant_outside_calendar": N_("“%(text)s” is outside the calendar once seen in UTC "
                                   "(years 1 to 9999)."),
    # a call file that is not valid JSON or TOML ("JSON", "TOML"): where its reader stopped,
    # the same place on every Python; or at its end (a TOML file ending too soon)
    "call_file_syntax": N_("This call file is not valid %(format)s: it cannot be read from "
                           "line %(line)s, column %(column)s."),
    "call_file_syntax_end": N_("This call file is not valid %(format)s: it cannot be read "
                               "at its end."),
    # a call file whose lists or tables are nested deeper than a call file may be (32
    # levels), whether or not its reader read it
    "call_file_too_deep": N_("The lists or tables of this call file are nested within one "
                             "another more than %(levels)s levels deep."),
    # a call file holding a whole number too long to convert (Python's digit limit)
    "number_too_long": N_("A whole number in this call file has more than %(limit)s digits: "
                          "too long to be read."),
    # a call whose opening, deadline and results are out of order (each a month, a day or an
    # instant in words: « mai 2026 », « 1er juin 2026, 17:00 (heure de Paris) »)
    "timeline_opening_deadline": N_("The call’s opening, %(first)s, comes after its "
                                    "deadline, %(then)s: it would never be open."),
    "timeline_deadline_results": N_("The results, %(then)s, come before the deadline, "
                                    "%(first)s."),
    "timeline_opening_results": N_("The results, %(then)s, come before the call opens, "
                                   "%(first)s."),
    # a milestone a rule moves (in turn, a shift of a shift) out of the calendar: named by
    # the call's milestone and every move written
    "milestone_off_calendar": N_("Moved %(moves)s, %(milestone)s would fall outside the "
                                 "calendar (years 1 to 9999): move it less."),
    # a call rounding money to less than its currency's smallest unit (0.001 EUR): the amounts
    # it computes, a budget plan's proposals among them, could be neither paid nor written
    "rounding_below_minor_unit": N_("This call rounds money to %(unit)s, less "
                                    "than the smallest amount of the currency, %(minor)s: the "
                                    "amounts it computes could be neither paid nor written in "
                                    "an application. Round to %(minor)s or to a multiple of it."),
    # money split into parts finer than its currency's smallest unit (split(…, unit="0.01")
    # of yen): the parts could be neither paid nor written in an application
    "split_below_minor_unit": N_("Money cannot be split into parts of %(unit)s, which is not a "
                                 "whole number of the smallest amount of the currency, "
                                 "%(minor)s: the parts could be neither paid nor written in "
                                 "an application. Split into %(minor)s or a multiple of it."),
    # a rule counting a length whose bounds leave no length to accept (callrules.language.dates)
    "bounds_below_shortest": N_("This rule accepts a length of at most %(value)s, below the "
                                "shortest it can count (%(limit)s): no application could "
                                "ever meet it. Give a most of at least %(limit)s."),
    "bounds_below_shortest_param": N_("The parameter “%(parameter)s” is %(value)s, the most "
                                      "this rule accepts, below the shortest length it can "
                                      "count (%(limit)s): no application could ever meet it. "
                                      "Give it a value of at least %(limit)s."),
    "bounds_above_longest": N_("This rule asks for a length of at least %(value)s, above the "
                               "longest it can count (%(limit)s): no application could ever "
                               "meet it. Give a least of at most %(limit)s."),
    "bounds_above_longest_param": N_("The parameter “%(parameter)s” is %(value)s, the least "
                                     "this rule asks for, above the longest length it can "
                                     "count (%(limit)s): no application could ever meet it. "
                                     "Give it a value of at most %(limit)s."),
    "bounds_crossed": N_("This rule asks for a length of at least %(least)s and at most "
                         "%(most)s: no length is both, so no application could ever meet "
                         "it. Give a least that is not above the most."),
    "bounds_crossed_param": N_("The parameter “%(parameter)s” is %(value)s, so this rule asks "
                               "for a length of at least %(least)s and at most %(most)s: no "
                               "length is both, so no application could ever meet it. Give "
                               "a least that is not above the most."),
    # a total of money capped below zero (callrules.language.total): amounts are never negative
    "bounds_below_zero": N_("This rule caps a total of money at %(value)s, below zero: amounts "
                            "are never negative, so no application could ever meet it. Give a "
                            "cap of zero or more."),
    "bounds_below_zero_param": N_("The parameter “%(parameter)s” is %(value)s, the cap of a "
                                  "total of money, below zero: amounts are never negative, so "
                                  "no application could ever meet it. Give it a value of zero "
                                  "or more."),
    # a cap of a call's budget plan ([plan] cap, caps) below zero (callrules.planning)
    "plan_cap_below_zero": N_("The budget plan caps an amount at %(value)s, below zero: "
                              "amounts are never negative, so no budget could ever keep within "
                              "it. Give a cap of zero or more."),
    "plan_cap_below_zero_param": N_("The parameter “%(parameter)s” is %(value)s, a cap of the "
                                    "budget plan, below zero: amounts are never negative, so "
                                    "no budget could ever keep within it. Give it a value of "
                                    "zero or more."),
    # an amount of money written in the call file that is not money (a literal of a rule, a
    # cap of the plan): what was written, and how money is written
    "definition_bad_money": N_("An amount of money of the call file, %(value)s, is not written "
                               "as the call file takes it: the amount a plain decimal number "
                               "in quotes, such as “3100.00” (digits, a dot, no exponent, no "
                               "separators), and the currency a code of three capital letters, "
                               "such as “EUR”."),
    # an ``in`` rule whose set of accepted values is empty (callrules.language.membership)
    "rule_empty_set": N_("This rule accepts a value only if it is in a list, and the list is "
                         "empty: no application could ever meet it. List at least one "
                         "accepted value."),
    "rule_empty_set_param": N_("The parameter “%(parameter)s” holds no value, and this rule "
                               "accepts only the values it holds: no application could ever "
                               "meet it. Give it at least one value."),
    "rule_empty_named_set": N_("The set “%(name)s”, registered by the platform, holds no "
                               "value, and this rule accepts only the values it holds: no "
                               "application could ever meet it. Register it with at least "
                               "one value."),
    # a rule comparing a whole number (a count of items, pages…) with a limit that leaves it
    # no value to accept (callrules.language.compare): the least and most it can be
    "rule_number_out_of_range": N_("The number this rule compares is always from %(least)s to "
                                   "%(most)s, and this rule’s limit, %(value)s, leaves it no "
                                   "value to accept: no application could ever meet it. Give a "
                                   "limit that some number in that range meets."),
    "rule_number_out_of_range_param": N_("The parameter “%(parameter)s” is %(value)s, the "
                                         "limit of this rule, and the number this rule "
                                         "compares is always from %(least)s to %(most)s, so "
                                         "no value is left to accept: no application could "
                                         "ever meet it. Give it a value that some number in "
                                         "that range meets."),
    # a selection threshold above the highest score it can be compared with
    # (callrules.selection.declaration): the criterion's label in the reader's language
    "threshold_total_unreachable": N_("The threshold on the total, %(value)s, is above the "
                                      "highest total the criteria can give, %(most)s: no "
                                      "application could ever reach it, so none would be "
                                      "ranked. Give a threshold of at most %(most)s."),
    "threshold_criterion_unreachable": N_("The threshold on the criterion “%(criterion)s”, "
                                          "%(value)s, is above the highest score of its "
                                          "scale, %(most)s: no application could ever reach "
                                          "it, so none would be ranked. Give a threshold of "
                                          "at most %(most)s."),
    # what ``callrules serve`` cannot serve, said before it starts
    "serve_bad_port": N_("the port must be a whole number from 0 to 65535, not “%(value)s”"),
    "serve_bad_workers": N_("the number of worker processes must be a whole number from "
                            "%(least)s to %(most)s (4 per processor of this machine), not "
                            "“%(value)s”"),
    "serve_bad_concurrent": N_("the number of checks under way at once must be a whole number "
                               "from %(least)s to %(most)s, not “%(value)s”"),
    "serve_bad_batches": N_("the number of batches under way at once must be a whole number "
                            "from %(least)s to %(most)s, not “%(value)s”"),
    "serve_bad_body_timeout": N_("the seconds a request's body is given to arrive must be a "
                                 "whole number from %(least)s to %(most)s, not “%(value)s”"),
    "serve_bad_stall_timeout": N_("the seconds a client may stall must be a whole number from "
                                  "%(least)s to %(most)s, not “%(value)s”"),
    "serve_bad_per_client": N_("the connections one client may have open at once must be a "
                               "whole number from %(least)s to %(most)s, not “%(value)s”"),
    "option_without": N_("the option %(option)s only counts with %(needs)s, which is not "
                         "given: nothing is done; give both, or neither"),
    "options_at_odds": N_("the options %(first)s and %(second)s are given together and say "
                          "different things: which one counts cannot be told, so nothing is "
                          "done; give one"),
    "option_given_twice": N_("the option %(option)s is given twice (“%(first)s”, then "
                             "“%(second)s”): which value counts cannot be told, so nothing "
                             "is done; give it once"),
    # a call whose rule names a code that can never be met (callrules._vocabularies): the
    # code as the call wrote it; the author's line before it names the field or the table
    "rule_code_not_taken": N_("The field this rule compares never holds “%(code)s”: the "
                              "comparison would never match. Write one of the field's "
                              "values, or add this one to them."),
    # a call whose rule compares a field of a standard code (callrules._vocabularies) with
    # text that is not one, as applications write it: the text as the call wrote it
    "rule_country_code": N_("“%(code)s” is not a country code as applications write it (two "
                            "capital letters of ISO 3166-1, such as “FJ” for Fiji): the field "
                            "this rule compares never holds it, so the comparison would "
                            "never match."),
    "rule_subdivision_code": N_("“%(code)s” is not a code of a country's subdivision as "
                                "applications write it (ISO 3166-2, in capitals, such as "
                                "“FR-971”): the field this rule compares never holds it, so "
                                "the comparison would never match."),
    "rule_currency_code": N_("“%(code)s” is not a currency code as applications write it "
                             "(three capital letters of ISO 4217, such as “EUR”): the field "
                             "this rule compares never holds it, so the comparison would "
                             "never match."),
    "rule_language_code": N_("“%(code)s” is not a language code as applications write it (two "
                             "lower-case letters of ISO 639-1, such as “fr”): the field this "
                             "rule compares never holds it, so the comparison would never "
                             "match."),
    "rule_text_never_held": N_("The field this rule compares never holds “%(code)s”: "
                               "applications are refused such a value there (a space before "
                               "or after it, a control character, a text too long, an e-mail "
                               "address without its at sign…), so the comparison would never "
                               "match. Write the value as applications write it."),
    "rule_blank_literal": N_("This rule compares the field with an empty text, but a field left "
                             "blank is read as not answered, so the rule would never see it. "
                             "To require an answer, ask that the field be present; to require "
                             "it be left blank, ask that it not be present."),
    "table_row_code": N_("A row of the table this rule reads holds “%(code)s” where the table "
                         "is looked up by a country, a subdivision, a currency or a language "
                         "code, and “%(code)s” is not such a code as applications write it: "
                         "no application could ever match that row. Write the code as the "
                         "standard writes it (such as “FR”, “FR-971”, “EUR” or “fr”)."),
    "unknown_table_key": N_("No row of any version of the table this rule reads holds the "
                            "key “%(code)s”, and no row stands for any other key: the rate "
                            "could never be found, and no application could be judged. Write "
                            "a key the table holds, or add a row for it."),
    "unknown_table_value": N_("No row of any version of the table this rule reads gives the "
                              "value “%(code)s”: comparing with it could never tell one "
                              "application from another. Write a value the table gives, or "
                              "add it to a row."),
    "entry_point_imported": N_("The installed package “%(package)s” offers calls, but its code "
                               "failed as it was loaded: its calls are set aside, the others are "
                               "used. Tell its authors, or remove the package."),
    "entry_point_called": N_("The installed package “%(package)s” offers calls, but the function "
                             "that should say where they are failed: its calls are set aside, the"
                             " others are used. Tell its authors, or remove the package."),
    "entry_point_no_folder": N_("The installed package “%(package)s” offers calls, but what it "
                                "gives as their place is not a folder that can be read: its calls"
                                " are set aside, the others are used. Tell its authors, or remove"
                                " the package."),
    "serve_call_set_aside": N_("the call “%(call)s”, given by an installed package, cannot be "
                               "loaded: it is not served, the other calls are"),
    "shadowed_call": N_("the call “%(call)s” is also given by a source that comes before this "
                        "one (the bundled calls, then the folders in the order they were "
                        "registered): this one is not used"),
    "serve_no_call_folder": N_("cannot read the call folder %(folder)s: it is not a folder, "
                               "or it cannot be read"),
    "serve_unknown_host": N_("cannot listen on “%(host)s”: it is neither an address of this "
                             "machine nor a name that can be found"),
    "serve_port_in_use": N_("cannot listen on %(host)s, port %(port)s: another program is "
                            "using that port (choose another port, or stop that program)"),
    "serve_port_reserved": N_("cannot listen on %(host)s, port %(port)s: this port needs "
                              "privileges (choose a port above 1023)"),
    "serve_cannot_listen": N_("cannot listen on %(host)s, port %(port)s: %(reason)s"),
    "serve_not_started": N_("the service could not start on %(host)s, port %(port)s: the "
                            "address was taken or refused as it started"),
    "standard_input_closed": N_("cannot read the standard input: it is closed (name the "
                                "files to check instead of -, or give the command an "
                                "input)"),
    # the call given as standard input (``show -``, ``replay --call -``, ``validate -``…)
    "standard_input_closed_for_call": N_(
        "cannot read the standard input: it is closed (name a call file instead of -, or "
        "give the command an input)"),
    # two inputs of one command named as standard input (``-``), which is read once
    "standard_input_for_call_and_applications": N_(
        "standard input is given for both the call and the applications, and it can be read "
        "only once: name a file for one of the two (nothing was read)"),
    "standard_input_for_call_and_scores": N_(
        "standard input is given for both the call and the scores, and it can be read only "
        "once: name a file for one of the two (nothing was read)"),
    "standard_input_for_call_and_records": N_(
        "standard input is given for both the call and the decision records, and it can be "
        "read only once: name a file for one of the two (nothing was read)"),
    "standard_input_for_records_and_applications": N_(
        "standard input is given for both the decision records and their batch, and it can "
        "be read only once: name a file for one of the two (nothing was read)"),
    "standard_input_for_applications_and_scores": N_(
        "standard input is given for both the applications and the scores, and it can be "
        "read only once: name a file for one of the two (nothing was read)"),
    "clause": N_("Clause"),
    "clause_ref": N_("Clause: %(title)s"),
    # the "clause" of a finding no clause of the call makes (judged before submission)
    "no_clause": N_("Note on the checking"),
    "unchecked": N_("Not checked yet (needs the whole batch): %(clauses)s"),
    "whole_application": N_("The application as a whole"),
    # a key the application wrote that is no field (MongoDB's "_id"), quoted as written
    "written_key": N_("key “%(name)s”"),
    "yes": N_("yes"),
    "no": N_("no"),
    "zone_time": N_("%(city)s time"),
    "instant_elsewhere": N_("%(instant)s, that is %(local)s"),
    # an instant whose date, in the zone the reader asked for, is outside the calendar
    "instant_before_calendar": N_("%(instant)s, that is before the year 1 (%(zone)s)"),
    "instant_after_calendar": N_("%(instant)s, that is after the year 9999 (%(zone)s)"),
    # a value read from another part of the application, whose finding is about an item
    "value_given": N_("the value given"),
    # what a minimum or a maximum over no item has none of
    "the_smallest": N_("the smallest"),
    "the_largest": N_("the largest"),
    "empty": N_("nothing"),
    "and_more": N_("%(n)s more"),
    "none": N_("none"),
    # The batch
    "count_total": N_("Records"),
    "count_eligible": N_("Eligible applications"),
    "count_not_eligible": N_("Applications not eligible"),
    "count_unreadable": N_("Records not admissible"),
    "count_not_judged": N_("Records not judged"),
    "count_warnings": N_("Applications with warnings"),
    "number": N_("No."),
    "source": N_("Source"),
    "eligible_column": N_("Eligible"),
    "problems": N_("Problems"),
    # A workbook's text too long for a cell (Excel holds 32,767 characters): where it goes on
    "sheet_continued": N_("Continued"),
    "cell": N_("Cell"),
    "part": N_("Part"),
    "text": N_("Text"),
    "cell_continued_row": N_("Continued in the sheet “%(sheet)s”, row %(row)s: this text has "
                             "%(length)s characters, and a cell holds at most %(limit)s."),
    "cell_continued_rows": N_("Continued in the sheet “%(sheet)s”, rows %(first)s to %(last)s: "
                              "this text has %(length)s characters, and a cell holds at most "
                              "%(limit)s."),
    # The checklists, generated from the call
    "for_applicants": N_("What applicants need to know"),
    "for_officers": N_("How each clause is checked"),
    "timeline": N_("Timeline"),
    "conditions": N_("Eligibility conditions"),
    "good_to_know": N_("Good to know (not a condition of eligibility)"),
    "notes": N_("Also in the call"),
    "edition_shown": N_("The edition “%(call)s” of a call that recurs; its other editions: "
                        "%(others)s."),
    "unknown_edition": N_("the call “%(call)s” has no edition “%(edition)s”; its editions "
                          "are: %(editions)s"),
    "amended_call": N_("Judged under the call as amended: %(amendments)s."),
    "amended_value": N_("%(what)s, as amended from %(instant)s"),
    "amended_value_labelled": N_("%(what)s, as amended from %(instant)s (%(label)s)"),
    "in_force_on": N_("The call as in force on %(instant)s, as a check then reads it: an "
                      "amendment taking effect later is not in it."),
    "amendments_in_force": N_("Amendments in force then: %(amendments)s."),
    "reading": N_("Read as"),
    "warning_only": N_("(a warning, not a bar)"),
    "not_checked": N_("shown to applicants; no rule checks it"),
    "batch_only": N_("(checked across all applications)"),
    "d_all": N_("all of: %(parts)s"),
    "d_any": N_("one of: %(parts)s"),
    "d_not": N_("not (%(part)s)"),
    "d_each": N_("for each item of “%(path)s”: %(part)s"),
    "d_each_where": N_("for each item of “%(path)s” (%(where)s): %(part)s"),
    "d_exists": N_("at least one item of “%(path)s” (%(where)s)"),
    "d_exists_any": N_("at least one item in “%(path)s”"),
    "d_present": N_("%(path)s: given"),
    "d_compare": N_("%(path)s: %(cmp)s %(to)s"),
    "d_in": N_("%(path)s: one of %(set)s"),
    "d_not_in": N_("%(path)s: none of %(set)s"),
    "d_in_one": N_("%(path)s: %(set)s"),
    "d_not_in_one": N_("%(path)s: other than %(set)s"),
    "d_in_region": N_("%(path)s: in %(set)s"),
    "d_not_in_region": N_("%(path)s: outside %(set)s"),
    "d_contains": N_("%(path)s: include %(value)s"),
    # (its msgid stays as it was: a platform's catalog translates it, session 43 att55w G2)
    "d_days": N_("from the %(start)s to the %(end)s: %(bounds)s"),
    # A side of d_days that is a field of the item checked, by its label, as the language
    # writes it in d_days: bare, or quoted where the language cannot give it its article
    # without its gender (« entre «fecha de firma» y … », not « de la día… »). A field of
    # an outer item is quoted already (“date of arrival” of the item of “visitors”
    # checked) and never comes here.
    "d_days_side": N_("%(date_field)s"),
    # The item checked itself (a date of a list of dates) as a side of d_days, in its
    # grammar: English "from the item" (d_days writes the article), French « entre l’élément
    # et … », Spanish « entre el elemento y … »: no quotes, as it is no field's label.
    "d_days_item": N_("item"),
    "d_days_max": N_("at most %(max)s"),
    "d_days_min": N_("at least %(min)s"),
    "d_within_year": N_("%(path)s: in %(year)s"),
    "d_total": N_("total of “%(path)s”: at most %(max)s"),
    "d_unique": N_("at most one application per %(path)s (the earliest stands)"),
    # comparisons with expressions, as sentences (see callrules._phrasing)
    "d_relation": N_("%(left)s %(must)s %(right)s"),
    "must <": N_("must be less than"),
    "must <=": N_("must be at most"),
    "must >": N_("must be more than"),
    "must >=": N_("must be at least"),
    "must ==": N_("must equal"),
    "must !=": N_("must not equal"),
    "must time <": N_("must come before"),
    "must time <=": N_("must come no later than"),
    "must time >": N_("must come after"),
    "must time >=": N_("must come no earlier than"),
    # expressions, as noun phrases
    "e_field": N_("“%(field)s”"),
    # a date inside an expression: « le 1er janvier 2026 », « el 1 de enero de 2026 »
    "e_date": N_("%(date)s"),
    "e_named": N_("%(name)s (%(value)s)"),
    # a milestone of the call's own, named after a preposition: "after the late window"; the
    # languages whose article depends on the label's gender name it by a noun of their own
    "e_milestone": N_("the %(name)s"),
    "e_sum": N_("the sum of “%(of)s” over “%(items)s”"),
    "e_sum_all": N_("the sum of “%(items)s”"),
    "e_count": N_("the number of “%(items)s”"),
    "e_min": N_("the minimum of “%(of)s” over “%(items)s”"),
    "e_min_all": N_("the minimum of “%(items)s”"),
    "e_max": N_("the maximum of “%(of)s” over “%(items)s”"),
    "e_max_all": N_("the maximum of “%(items)s”"),
    "e_where": N_("%(what)s (only the items where %(where)s)"),
    "e_plus": N_("%(parts)s added together"),
    "e_minus": N_("%(first)s minus %(second)s"),
    "e_times": N_("%(first)s times %(second)s"),
    "e_ratio": N_("the ratio of %(first)s to %(second)s"),
    "e_days_between": N_("the number of days from %(start)s to %(end)s"),
    # a month milestone in a count of days, months or years: the day it is counted from
    "e_month_first_day": N_("%(day)s, the first day of %(month)s"),
    # the same, the sentence going on after it (an apposition closed in English)
    "e_month_first_day_on": N_("%(day)s, the first day of %(month)s,"),
    "e_first_day_of": N_("the first day of %(month)s"),
    # moved: "September 4, 2026, 3 days after the first day of the travel month"
    "e_month_first_day_moved": N_("%(day)s, %(moved)s"),
    "e_month_first_day_moved_on": N_("%(day)s, %(moved)s,"),
    "e_months_between": N_("the number of complete months from %(start)s to %(end)s"),
    "e_years_between": N_("the number of complete years from %(start)s to %(end)s"),
    "e_lookup": N_("%(table)s for %(keys)s, at the rate in force on the date given by %(on)s"),
    # a lookup whose key is another lookup on the same date: the date is said once, after both
    "e_lookup_keys": N_("%(table)s for %(keys)s"),
    "e_round": N_("%(what)s, rounded %(how)s to a multiple of %(unit)s"),
    "e_round_minor": N_("%(what)s, rounded %(how)s to the smallest unit of the currency"),
    "round half_even": N_("to the nearest (halfway: to the even)"),
    "round half_up": N_("to the nearest (halfway: up)"),
    "round half_down": N_("to the nearest (halfway: down)"),
    "round down": N_("toward zero"),
    "round up": N_("away from zero"),
    "round floor": N_("down (toward minus infinity)"),
    "round ceiling": N_("up (toward plus infinity)"),
    "e_before": N_("%(offset)s before %(base)s"),
    "e_after": N_("%(offset)s after %(base)s"),
    "e_moved": N_("%(base)s moved %(moves)s"),
    "e_later": N_("%(offset)s later"),
    "e_earlier": N_("%(offset)s earlier"),
    # a date moved in turn by two shifts or more (a shift of a shift), each said in its turn:
    # "1 month later, then 1 month earlier"
    "e_then": N_("%(first)s, then %(next)s"),
    # three moves or more: each but the last, then the last ("…, luego …, y, por último, …")
    "e_then_on": N_("%(moves)s, then %(next)s"),
    "e_then_last": N_("%(moves)s, then %(last)s"),
    "values_of": N_("the values of “%(path)s”"),
    "d_is": N_("%(path)s: %(to)s"),
    "d_is_not": N_("%(path)s: not %(to)s"),
    # The item checked, where a rule reads the item itself (a date of a list of dates):
    # "for each item of “trip dates”: the item: at least January 1, 2026".
    "item_itself": N_("the item"),
    # An outer item itself where a rule reads it (``$t`` of an ``each`` over a list of
    # dates, inside an ``exists`` over another list): "the item of “trip dates” checked"
    "outer_item": N_("the item of “%(items)s” checked"),
    # a field of the outer item a filter compares with (the visitor checked, while the
    # documents are filtered): the item named, whatever the field's own label says
    "outer_field": N_("%(field)s of the item of “%(items)s” checked"),
    "cmp ==": N_("equal to the"),
    "cmp !=": N_("different from the"),
    # another field of the same item, named as a finding names it (quoted but in English)
    "cmp == field": N_("equal to the %(field)s"),
    "cmp != field": N_("different from the %(field)s"),
    # the item checked itself (a date of a list of dates), which is no field: « identique à
    # l’élément », not « identique au champ « l’élément » »
    "cmp == item": N_("equal to the item"),
    "cmp != item": N_("different from the item"),
    # an outer item itself (the date of an ``each`` over a list of dates, read inside an
    # ``exists`` over another list), named with its list, never as a field of itself
    "cmp == outer item": N_("equal to the item of “%(items)s” checked"),
    "cmp != outer item": N_("different from the item of “%(items)s” checked"),
    "time <": N_("before"),
    "time <=": N_("on or before"),
    "time >": N_("after"),
    "time >=": N_("on or after"),
    "quantity <": N_("less than"),
    "quantity <=": N_("at most"),
    "quantity >": N_("more than"),
    "quantity >=": N_("at least"),
    # What a finding's figures were computed from (rate tables, exchange rates)
    "rate_used": N_("%(table)s for %(codes)s on %(on)s: %(value)s (rates in force from "
                    "%(from)s; source: %(source)s)."),
    # a key of a rate table that the application does not give (no region of the host unit)
    "code_not_given": N_("no %(field)s given"),
    "conversion_used": N_("%(amount)s converted at 1 %(base)s = %(rate)s %(quote)s: "
                          "%(converted)s."),
    # the same, when the amount times the rate is not the amount shown: rounded as the call
    # rounds money (to its currency's smallest unit, or to a unit the call sets), "how"
    # being one of the "round …" phrases
    "conversion_rounded": N_("%(amount)s converted at 1 %(base)s = %(rate)s %(quote)s: "
                             "%(converted)s, rounded to the smallest unit of the currency, "
                             "%(how)s."),
    "conversion_rounded_unit": N_("%(amount)s converted at 1 %(base)s = %(rate)s %(quote)s: "
                                  "%(converted)s, rounded to a multiple of %(unit)s, "
                                  "%(how)s."),
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
    "by": N_("Signatory"),
    "on": N_("Date"),
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
    "accepts": N_("This call accepts: %(values)s."),
    "declared_fields": N_("Fields the call asks for"),
    "label_spelling": N_("One of these values typed as its label, in any language or case"),
    "code_spelling": N_("One of these values written with other forms of its characters (full "
                        "width, or accents typed apart)"),
    "call_named": N_("The call this application is made to, %(call)s, written in any case; "
                     "an application to another call is not judged by this one."),
    "call_spelling": N_("The call's identifier written in another case or in full width"),
    # the button that adds an item to a list of the form (the page), by the list's path
    "add visitors": N_("Add a visitor"),
    "add documents": N_("Add a document"),
    "add approvals": N_("Add an approval"),
    "add budget.lines": N_("Add a budget line"),
    "add exchange_rates": N_("Add an exchange rate"),
    "add host.unit.affiliations": N_("Add an affiliation"),
}


#: The words of a call file's problem that has none of its own, by its code; any other
#: code is ``definition_refused``.
DEFINITION_WORDS = {"wrong_type": "definition_wrong_type",
                    "bool_type": "definition_wrong_type", "int_type": "definition_wrong_type",
                    "extra_forbidden": "definition_extra_key",
                    "bad_parameter": "definition_bad_parameter",
                    "bad_currency": "definition_bad_parameter",
                    "missing": "definition_missing", "missing_bound": "definition_missing"}


def definition_words(code: str, words: tuple[str, Mapping[str, object]] | None
                     ) -> tuple[str, Mapping[str, object]]:
    """The words a reader reads of a call file's problem of ``code``: its own ``words``,
    else those of its kind (every refusal has words, never English alone)."""
    return words or (DEFINITION_WORDS.get(code, "definition_refused"), {})


#: The words of an installed package's entry point that failed (``broken_entry_point``, or
#: a ``not_a_folder`` it gave), by the step that failed.
ENTRY_POINT_WORDS = frozenset({"entry_point_imported", "entry_point_called",
                               "entry_point_no_folder"})


def is_entry_point_words(words: tuple[str, Mapping[str, object]] | None) -> bool:
    """Whether ``words`` are an installed package's entry point's that failed."""
    return words is not None and words[0] in ENTRY_POINT_WORDS
