#!/usr/bin/env python
"""Write ``src/callrules/_code_tables.py`` from pycountry's ISO data (run after upgrading it).

    python tools/code_tables.py > src/callrules/_code_tables.py

The tables are frozen in the package so that the codes an application may use do not change
with the pycountry installed beside it (a decision record replays the same everywhere), and
so that validation needs no data files at run time. ``tests/test_input_schema.py`` fails when
the frozen tables and the installed pycountry differ.
"""

from __future__ import annotations

import textwrap
from importlib import metadata

import pycountry


def _block(name: str, words: list[str], doc: str) -> str:
    body = textwrap.fill(" ".join(words), width=95, break_on_hyphens=False)
    return (f'_{name} = """\n{body}\n"""\n#: {doc}\n'
            f'{name}: tuple[str, ...] = tuple(_{name}.split())\n')


def main() -> None:
    countries = sorted(c.alpha_2 for c in pycountry.countries)
    currencies = sorted(c.alpha_3 for c in pycountry.currencies)
    languages = sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))
    subdivisions = sorted(s.code for s in pycountry.subdivisions)
    version = metadata.version("pycountry")
    print(f'"""ISO code tables, frozen from pycountry {version}.\n\n'
          'Written by ``tools/code_tables.py``: do not edit.\n"""\n')
    print("from __future__ import annotations\n")
    print('__all__ = ["COUNTRIES", "CURRENCIES", "LANGUAGES", "SUBDIVISIONS"]\n')
    print(_block("COUNTRIES", countries, "ISO 3166-1 alpha-2 country codes."))
    print(_block("CURRENCIES", currencies, "ISO 4217 currency codes."))
    print(_block("LANGUAGES", languages, "ISO 639-1 language codes."))
    print(_block("SUBDIVISIONS", subdivisions, "ISO 3166-2 subdivision codes."))


if __name__ == "__main__":
    main()
