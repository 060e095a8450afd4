"""The planner's words: one English template per explanation, reason and heading. They are
``msgid`` of the gettext catalogs (marked ``N_``), filled with values already worded for the
reader (amounts by babel, dates written out, codes by their labels).
"""

from __future__ import annotations

from callrules._messages import N_

__all__ = ["LABELS", "REASONS", "ROUNDING", "WORDS"]

#: Why a line is left for the applicant to state (or kept as they stated it), by reason.
REASONS: dict[str, str] = {
    "not_stated": N_("the call keeps the applicant's own amount for this cost."),
    "no_rate": N_("%(table)s has no rate for %(key)s on %(on)s, and the planner does not guess "
                  "one."),
    "no_rate_in_force": N_("no rate of %(table)s is in force on %(on)s (the first applies from "
                           "%(first)s)."),
    "negative_quantity": N_("its quantity, %(quantity)s, is below zero (a departure before the "
                            "arrival, say), and the planner does not propose a negative "
                            "amount."),
    "negative_amount": N_("the amount the call's plan computes for it, %(amount)s, is below "
                          "zero, and the planner does not propose a negative amount."),
    "bad_beneficiary": N_("the call's plan reads the person it is for as %(beneficiary)s, "
                          "which cannot name the participant of a budget line."),
    "missing_value": N_("a value needed to compute it (a date, a place) is missing."),
    "to_state": N_("To be stated by the applicant: %(reason)s"),
    "kept": N_("The applicant's own amount is kept: %(reason)s"),
}

#: How a line's amount is explained, piece by piece.
WORDS: dict[str, str] = {
    "computed": N_("%(quantity)s × %(rate)s = %(amount)s (%(rounding)s)"),
    # the library's own rounding of a product (the call states none): half-even to the
    # currency's smallest unit, named by its decimal places (none for the yen, three for the
    # Kuwaiti dinar); a tie (an exact half) goes to the even unit
    "nearest 0": N_("rounded to the nearest whole unit; a tie goes to the even unit"),
    "nearest 1": N_("rounded to the nearest tenth; a tie goes to the even tenth"),
    "nearest 2": N_("rounded to the nearest cent; a tie goes to the even cent"),
    "nearest 3": N_("rounded to the nearest thousandth; a tie goes to the even thousandth"),
    "nearest 4": N_("rounded to the nearest ten-thousandth; a tie goes to the even "
                    "ten-thousandth"),
    "computed_rounded": N_("%(quantity)s × %(rate)s = %(amount)s (rounded %(mode)s, to a "
                           "multiple of %(unit)s, as the call states)"),
    "computed_converted": N_("%(quantity)s × %(rate)s = %(product)s, that is %(amount)s at the "
                             "application's exchange rate (converted once, then "
                             "%(rounding)s)"),
    "computed_converted_rounded": N_("%(quantity)s × %(rate)s = %(product)s, that is %(amount)s "
                                     "at the application's exchange rate (converted once, then "
                                     "rounded %(mode)s, to a multiple of %(unit)s, as the call "
                                     "states)"),
    "computed_amount": N_("%(amount)s, as the call's plan computes it"),
    "reading": N_("%(table)s: %(row)s, in force since %(since)s (%(source)s)"),
    "stated": N_("%(amount)s, as stated by the applicant"),
    "stated_converted": N_("%(original)s as stated by the applicant, that is %(amount)s at the "
                           "application's exchange rate"),
    "trim_total": N_("Trimmed by %(by)s, from %(before)s to %(after)s, to keep the total "
                     "within %(cap)s (%(clause)s)."),
    "trim_category": N_("Trimmed by %(by)s, from %(before)s to %(after)s, to keep %(category)s "
                        "within %(cap)s (%(clause)s)."),
    "trim_rule": N_("Trimmed by %(by)s, from %(before)s to %(after)s, the most the call's "
                    "rule allows it (%(clause)s)."),
    # a line removed from the budget (a line of nothing is not put in) because a rule on
    # each line asks more of it than its most: no budget keeps it
    "trim_minimum": N_("Line removed from the budget (%(before)s): the call's rule asks at "
                       "least %(cap)s of each line (%(clause)s), more than this line may "
                       "come to."),
    # a line removed for the same rule though its most meets it: the lines kept at it came
    # to more than the caps, and the planner chose which to remove in the order of trims
    "trim_minimum_chosen": N_("Line removed from the budget (%(before)s): the call's rule asks "
                              "at least %(cap)s of each line (%(clause)s), and the lines kept "
                              "at that come to more than the caps allow; the planner removes "
                              "lines, category by category in the call's order of trims, "
                              "until the others fit: another choice might keep this one."),
    # the same, in a plan a rule that is no cap of the plan also trimmed (« total ≤ €2,000 »)
    "trim_minimum_chosen_rules": N_("Line removed from the budget (%(before)s): the call's "
                                    "rule asks at least %(cap)s of each line (%(clause)s), "
                                    "and the lines kept at that come to more than the caps "
                                    "and the call's other rules allow; the planner removes "
                                    "lines, category by category in the call's order of "
                                    "trims, until the others fit: another choice might keep "
                                    "this one."),
    "replaced": N_("Budget line %(number)s (%(what)s, %(amount)s) is replaced by the amount the "
                   "call's rates give."),
    "not_planned": N_("Budget line %(number)s (%(what)s, %(amount)s) is left out: the plan "
                      "proposes no line of this category for this beneficiary."),
    "any_other": N_("any other"),
    "whole_application": N_("the whole application"),
}

#: How a call's rounding rounds, in words (``[budget] rounding``'s modes).
ROUNDING: dict[str, str] = {
    "half_even": N_("to the nearest, halves to the even one"),
    "half_up": N_("to the nearest, halves away from zero"),
    "half_down": N_("to the nearest, halves toward zero"),
    "down": N_("toward zero"),
    "up": N_("away from zero"),
    "floor": N_("downward"),
    "ceiling": N_("upward"),
}

#: Headings and phrases of the plan's views.
LABELS: dict[str, str] = {
    "head": N_("Budget plan for application %(application)s (call %(call)s, version "
               "%(version)s)"),
    "totals": N_("The most the call allows: %(most)s. Proposed: %(total)s. Cap: %(cap)s."),
    # (the lines at their mosts, within the caps, refused by the call's rules: a bound)
    "totals_unreached": N_("The rates and the caps come to %(most)s, a budget the call's "
                           "rules on the budget refuse: the most they accept may be less, "
                           "and the planner may not have found it. Proposed: %(total)s. "
                           "Cap: %(cap)s."),
    # (a proposal that does not fit: no most is said, the sentences after say why)
    "totals_over": N_("Proposed: %(total)s. Cap: %(cap)s."),
    # (a proposal the call's rules accept with a minor unit more on some line: not the most)
    "totals_room": N_("Proposed: %(total)s, a budget the call's rules on the budget accept; "
                      "they would accept more on some line, so the call allows more than "
                      "this proposal. Cap: %(cap)s."),
    # (a proposal the call's rules accept, of more lines than the planner tries a minor
    # unit more on one by one: whether it is the most is not known, and said so)
    "totals_untold": N_("Proposed: %(total)s, a budget the call's rules on the budget accept. "
                        "The planner did not check whether the call allows more: it tries a "
                        "little more on each line of a budget of at most %(limit)s lines, and "
                        "this one has %(lines)s. Cap: %(cap)s."),
    # (amounts still to be stated: the most is that of the amounts known, and said so)
    "totals_known": N_("The most the call allows for the amounts known (those still to be "
                       "stated left out): %(most)s. Proposed: %(total)s. Cap: %(cap)s."),
    "amended": N_("Proposed under the call as amended: %(amendments)s."),
    "fits": N_("The proposal is within the cap."),
    "over": N_("The proposal exceeds the cap by %(excess)s: the lines left cannot be trimmed."),
    "breaks": N_("The proposal does not fit: put into the application, it breaks the call's "
                 "rules on the budget (%(clauses)s)."),
    # said after it where the planner stopped trimming to those rules, trims left untried
    "stopped": N_("The planner stopped trimming the lines before these rules held: it tries "
                  "only so many budgets for one plan, and a smaller budget it did not try may "
                  "keep them."),
    # said after it where the planner stopped searching before the proposal came within its
    # caps (the total's, a category's), budgets left untried
    "stopped_caps": N_("The planner stopped searching before the proposal came within these "
                       "caps: it tries only so many budgets for one plan, and a budget it did "
                       "not try may keep to them."),
    # a category over the cap the call's plan declares for it (a line its rule fixes to its
    # rate, computed from lines the plan cannot trim); then, if no rule of the call breaks,
    # that those caps are the plan's own
    # said in their place where the planner stopped searching (budgets left untried: never
    # that the lines left cannot be trimmed), then "stopped_cap" or "stopped_caps"
    "over_stopped": N_("The proposal exceeds the cap by %(excess)s."),
    "over_category_stopped": N_("The proposal puts %(category)s over its cap in the call's "
                                "plan, %(cap)s, by %(excess)s."),
    "stopped_cap": N_("The planner stopped searching before the proposal came within this "
                      "cap: it tries only so many budgets for one plan, and a budget it did "
                      "not try may keep to it."),
    "over_category": N_("The proposal puts %(category)s over its cap in the call's plan, "
                        "%(cap)s, by %(excess)s: the lines left cannot be trimmed."),
    "own_caps": N_("No rule of the call checks the caps of its plan's categories: put into "
                   "the application, the proposal breaks none of the call's rules on the "
                   "budget."),
    # a minimum of the call's rules the trims stopped at (one sentence a rule): on each
    # line (a line kept at it or removed from the budget), on each visitor's lines of some
    # categories, or on lines of some categories in all; the trims the caps' (``caps``) or
    # also those of the call's other rules (``rules``: a rule that is no cap of the plan)
    "minimum_line_caps": N_("Each line is kept at %(least)s or more, or removed from the "
                            "budget, as the call's rule asks (%(clause)s): the trims the caps "
                            "impose stop there."),
    "minimum_line_rules": N_("Each line is kept at %(least)s or more, or removed from the "
                             "budget, as the call's rule asks (%(clause)s): the trims the caps "
                             "and the call's other rules impose stop there."),
    "minimum_visitor_caps": N_("%(categories)s kept at %(least)s or more for each visitor, as "
                               "the call's rule asks (%(clause)s): the trims the caps impose "
                               "stop there and are taken from the other lines."),
    "minimum_visitor_rules": N_("%(categories)s kept at %(least)s or more for each visitor, as "
                                "the call's rule asks (%(clause)s): the trims the caps and the "
                                "call's other rules impose stop there and are taken from the "
                                "other lines."),
    "minimum_all_caps": N_("%(categories)s kept at %(least)s or more in all, as the call's rule "
                           "asks (%(clause)s): the trims the caps impose stop there and are "
                           "taken from the other lines."),
    "minimum_all_rules": N_("%(categories)s kept at %(least)s or more in all, as the call's "
                            "rule asks (%(clause)s): the trims the caps and the call's other "
                            "rules impose stop there and are taken from the other lines."),
    "incomplete": N_("Amounts to be stated by the applicant: %(n)s."),
    "elsewhere": N_("Whatever its budget, the application breaks other rules of the call, "
                    "which no budget mends: %(clauses)s."),
    "lines": N_("Lines"),
    "trims": N_("Trimmed to fit the caps"),
    "left_out": N_("Left out of the proposal"),
    "by_category": N_("By category"),
    "by_participant": N_("By participant"),
    "beneficiary": N_("Beneficiary"),
    "category": N_("Category"),
    "line": N_("Line"),
    "most": N_("Most allowed"),
    "proposed": N_("Proposed"),
    "explanation": N_("Explanation"),
    "to_state": N_("to be stated"),
    "sum": N_("%(proposed)s (at most %(most)s)"),
}
