"""The rule language: from a call file's rules to a decision and its explanations.

The parts, each depending only on those above it:

- ``form``: what a node of the typed form is, and the operands it reads;
- ``codegen``: the generator's mechanism (``ast`` nodes, bound names, helper functions);
- ``grouping``: a list of the whole application indexed by the key its filter compares with
  an outer item, judged as the filter read item by item (for ``exists``, ``count``, ``sum``,
  ``min``, ``max``);
- one module per operator family, each holding its node class with its type rule
  (``build``), its decision (``emit``) and its explanation (``explain``): ``logic`` (all,
  any, not), ``compare``, ``membership`` (in, not_in, contains), ``presence`` (present),
  ``dates`` (days, within_year), ``total``, ``quantifiers`` (each, exists) and ``unique``
  (the rule that spans a batch);
- ``checker``: the call file's grammar into the typed form, every type checked at load;
- ``program``: a call's rules compiled into one generated decision function.

Adding an operator means adding its grammar node (:mod:`callrules._definitions`), one
module here with its node class, and its entry in ``checker.OPERATORS``.
This package is internal: the public way to build rules from Python is
:mod:`callrules.rules`.
"""

__all__: list[str] = []
