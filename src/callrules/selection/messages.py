"""The selection's words: one English template per reason and per score problem, and the
labels of columns and decisions. They are ``msgid`` of the gettext catalogs (marked ``N_``),
filled with values already formatted for the reader.
"""

from __future__ import annotations

from callrules._messages import N_, Nn_

__all__ = ["COUNTED", "COUNTED_BY", "DECISIONS", "LABELS", "PROBLEMS", "REASONS"]

#: Why an application got its decision, by reason code.
REASONS: dict[str, str] = {
    "funded": N_("Funded in full: ranked %(rank)s, %(requested)s requested."),
    "funded_part": N_("Funded in part: ranked %(rank)s, %(funded)s of the %(requested)s "
                      "requested, what remained of the envelope."),
    "reserve": N_("On the reserve list: ranked %(rank)s, %(requested)s requested, but only "
                  "%(remaining)s of the envelope remained."),
    # without fill, below a proposal the envelope could not fund, one that would fit
    "reserve_stopped": N_("On the reserve list: ranked %(rank)s, %(requested)s requested; "
                          "funding stopped at the proposal ranked %(stopped)s, which could "
                          "not be funded, and none ranked below it is funded before it."),
    "reserve_no_amount": N_("On the reserve list: ranked %(rank)s, but its budget cannot be "
                            "totalled in the call's currency (an exchange rate is missing)."),
    "unit_written_otherwise": N_("Its host unit, written %(written)s, was counted in the "
                                 "portfolio limit as the unit %(counted)s of an application "
                                 "ranked ahead: the two codes differ only in how their "
                                 "letters or digits are written."),
    "tie_criterion_ahead": N_("Same total as %(other)s, ranked ahead of it on %(criterion)s."),
    "tie_criterion_behind": N_("Same total as %(other)s, ranked behind it on %(criterion)s."),
    "tie_submission_ahead": N_("Same total and tie-break scores as %(other)s, ranked ahead of "
                               "it as submitted earlier."),
    "tie_submission_behind": N_("Same total and tie-break scores as %(other)s, ranked behind "
                                "it as submitted later."),
    "tie_id_ahead": N_("Same total, tie-break scores and submission instant as %(other)s, "
                       "ranked ahead of it by application id."),
    "tie_id_behind": N_("Same total, tie-break scores and submission instant as %(other)s, "
                        "ranked behind it by application id."),
    "below_threshold": N_("Below the threshold on %(criterion)s: %(score)s, where at least "
                          "%(threshold)s is needed."),
    "below_threshold_total": N_("Below the threshold on the total: %(score)s, where at least "
                                "%(threshold)s is needed."),
    "unscored_problem": N_("Not ranked: a score given for it could not be used (%(where)s)."),
    "not_eligible": N_("Not eligible, so not ranked; conditions not met: %(clauses)s."),
}

#: Why an application got its decision, for the reasons whose words change with a number
#: (gettext plural forms, chosen by the number :data:`COUNTED_BY` names): English singular
#: and plural.
COUNTED: dict[str, tuple[str, str]] = {
    "over_limit_unit": Nn_("Left out by a portfolio limit: ranked %(rank)s, but at most "
                           "%(limit)s application is funded per host unit, and %(key)s "
                           "already has that many.",
                           "Left out by a portfolio limit: ranked %(rank)s, but at most "
                           "%(limit)s applications are funded per host unit, and %(key)s "
                           "already has that many."),
    "over_limit_country": Nn_("Left out by a portfolio limit: ranked %(rank)s, but at most "
                              "%(limit)s application is funded per home country, and "
                              "%(key)s already has that many.",
                              "Left out by a portfolio limit: ranked %(rank)s, but at most "
                              "%(limit)s applications are funded per home country, and "
                              "%(key)s already has that many."),
    "unscored_missing": Nn_("Not ranked: %(scores)s on %(criterion)s, where at least "
                            "%(minimum)s is needed.",
                            "Not ranked: %(scores)s on %(criterion)s, where at least "
                            "%(minimum)s are needed."),
    # each record under the id naming the others by their place in the batch
    "unscored_same_id": Nn_("Not ranked: another application of the batch (%(others)s) has "
                            "the same id, so their scores cannot be told apart.",
                            "Not ranked: other applications of the batch (%(others)s) have "
                            "the same id, so their scores cannot be told apart."),
    # the selection's first line, whose words agree with the number funded; the call by its
    # title in the reader's language, as a report names it
    "head": Nn_("Selection for the call “%(call)s” (version %(version)s): envelope "
                "%(envelope)s, %(count)s application funded for %(funded)s, %(remaining)s "
                "remaining.",
                "Selection for the call “%(call)s” (version %(version)s): envelope "
                "%(envelope)s, %(count)s applications funded for %(funded)s, %(remaining)s "
                "remaining."),
    # the pieces of sentences with a number of their own
    "scores": Nn_("%(count)s score", "%(count)s scores"),
    "score_lines_not_used": Nn_("%(count)s score line not used",
                                "%(count)s score lines not used"),
    "records_not_valid": Nn_("%(count)s record not valid", "%(count)s records not valid"),
    "same_id": Nn_("%(count)s application not ranked: another record of the batch, not the "
                   "same, has its id.",
                   "%(count)s applications not ranked: another record of the batch, not the "
                   "same, has their id."),
}

#: The value of a reason whose number chooses the form of its words (of a list of places:
#: how many).
COUNTED_BY: dict[str, str] = {"over_limit_unit": "limit", "over_limit_country": "limit",
                              "unscored_missing": "minimum", "unscored_same_id": "others"}

#: A score line that was not used, by problem code.
PROBLEMS: dict[str, str] = {
    "score_not_an_object": N_("A score is an object with an application, a reviewer, a "
                              "criterion and a score."),
    "score_missing": N_("The %(column)s is missing."),
    "score_no_column": N_("No line of this file gives the %(column)s: its header (or its "
                          "keys) may name that column otherwise. A score file names the "
                          "columns %(columns)s."),
    "score_not_a_number": N_("%(value)s is not a score: write a number in digits, with a "
                             "point or a comma before its decimals, such as 4, 3.5 or 3,5."),
    "score_comma_thousands": N_("%(value)s may be read two ways, the comma separating "
                                "decimals or thousands: write the score without a comma, "
                                "with a point before its decimals (3.5)."),
    "score_comma_ambiguous": N_("%(value)s may be read as %(decimal)s or as %(thousands)s, "
                                "the comma separating decimals or thousands, both within "
                                "the scale of %(criterion)s, from %(min)s to %(max)s: write "
                                "the score meant exactly in one of these two forms."),
    "score_point_ambiguous": N_("%(value)s may be read as %(decimal)s or as %(thousands)s, "
                                "the point separating decimals or thousands, both within "
                                "the scale of %(criterion)s, from %(min)s to %(max)s: write "
                                "the score meant exactly in one of these two forms."),
    "score_extra_cells": N_("This row holds more cells than its header names columns: it "
                            "is not read."),
    "score_duplicate_key": N_("“%(key)s” is given twice in this score: neither value "
                              "is used."),
    "score_none": N_("The file holds no score line."),
    "score_unknown_criterion": N_("%(value)s is not a criterion of this call (its criteria: "
                                  "%(known)s)."),
    "score_out_of_scale": N_("%(value)s is outside the scale of %(criterion)s, from %(min)s "
                             "to %(max)s."),
    "score_off_step": N_("%(value)s is not a score of the scale of %(criterion)s, which goes "
                         "from %(min)s to %(max)s by steps of %(step)s: the scores allowed "
                         "are %(allowed)s."),
    "score_too_precise": N_("%(value)s has more decimals than a score of %(criterion)s may "
                            "have: at most %(places)s."),
    "score_unknown_application": N_("No application %(value)s in this batch."),
    "score_same_id": N_("%(value)s is the id of several applications of this batch, "
                        "written differently (%(ids)s): this score is used for none of "
                        "them."),
    "score_duplicate": N_("%(reviewer)s already scored %(criterion)s for application "
                          "%(application)s: see %(first)s."),
}

#: Decisions, as a panel reads them.
DECISIONS: dict[str, str] = {
    "funded": N_("funded"),
    "reserve": N_("reserve list"),
    "over_limit": N_("over a portfolio limit"),
    "below_threshold": N_("below a threshold"),
    "unscored": N_("not ranked"),
    "not_eligible": N_("not eligible"),
}

#: Column headings and phrases of the selection's views.
LABELS: dict[str, str] = {
    "application": N_("Application"),
    "rank": N_("Rank"),
    "score": N_("Score"),
    "decision": N_("Decision"),
    "requested": N_("Requested"),
    "funded": N_("Funded"),
    "reason": N_("Reason"),
    "where": N_("%(file)s, line %(line)s"),
    "where_item": N_("%(file)s, item %(line)s of the list"),
    "located": N_("%(where)s: %(message)s"),
    "problems": N_("Score lines not used (%(n)s):"),
    "input_errors": N_("Records that are not valid applications (%(n)s):"),
    "files_not_used": N_("Score files not used (they cannot be read, or hold no score "
                         "line): %(files)s."),
    "summary": N_("%(problems)s, %(records)s."),
    # a column of a score file by its name as the file writes it (``application``): a
    # literal, quoted as the reader's language quotes, never read as a word of the sentence
    "column_name": N_("“%(field)s”"),
    # a score too large or too small for its digits to be read, said by its size
    "score_digits": N_("a number of %(count)s digits"),
    "score_digits_negative": N_("a negative number of %(count)s digits"),
    "score_tiny": N_("a number other than zero between %(low)s and %(high)s"),
    # ``unscored_same_id`` for a reason that names no other record (a caller's, or one
    # rebuilt from its dict, which leaves the places out)
    "same_id_unplaced": N_("Not ranked: another application of the batch has the same id, "
                           "so their scores cannot be told apart."),
}
