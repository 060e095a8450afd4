"""Selection: reviewers' scores on the call's criteria, a ranking, and the envelope shared
among the ranked proposals.

The modules, each depending only on those before it: ``declaration`` (what the call file
declares, read when the call loads: it knows no loaded call), ``criteria`` (a loaded call's,
read once), ``scores`` (reviewers' scores from files), ``result`` (the selection as data),
``ranking`` (:func:`select`), ``record`` (a decision record that replays), ``messages`` and
``render`` (words, HTML and tables for people), ``cli`` (the ``select`` subcommand). The public
names are re-exported by :mod:`callrules`.
"""
