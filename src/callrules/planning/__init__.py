"""The budget planner: from a planned stay (a host unit and its place, visitors and their
dates), the most a call allows per category, per participant and in total, and a budget that
fits, explained line by line.

The modules, each depending only on those before it: ``declaration`` (the call file's
``[plan]``, its amounts typed as expressions of the rule language when the call loads),
``result`` (a plan as data), ``trim_responses`` (a rule's response to trims: the categories
a finding reads, what a cut taught of it), ``planner`` (:func:`plan`), ``messages`` and
``render`` (words, text and HTML for people), ``cli`` (the ``plan`` subcommand). The public
names are re-exported by :mod:`callrules`.
"""
