#!/usr/bin/env python
"""Write ``src/callrules/_key_table.py``: the characters of each key, as a schema's letters
take them, frozen for the Unicode of the Python that runs it (run after changing how
``callrules._keys`` keys a text, or to freeze them for a newer Unicode).

    PYTHONPATH=src python tools/key_table.py > src/callrules/_key_table.py

Finding them is one pass over every character, about a second; a schema's first letters
read the frozen tables instead (a millisecond), when Python's Unicode finds them alike
(``callrules._schema.SAME_KEYS``: 14.0.0, 15.0.0, 15.1.0), else find
them so. ``tests/test_schema_valid_is_judged.py`` fails when the frozen tables and a pass
over this Python's characters differ.
"""

from __future__ import annotations

import unicodedata

from callrules._schema import scanned_keys


def _table(name: str, table: dict[str, frozenset[str]], doc: str) -> str:
    rows = "".join(f"    {key!a}: {''.join(sorted(chars))!a},\n"
                   for key, chars in sorted(table.items()))
    return f"#: {doc}\n{name}: dict[str, str] = {{\n{rows}}}\n"


def main() -> None:
    folded, kept = scanned_keys()
    print('"""The characters beyond ASCII that are not a compatibility form of Unicode, by their\n'
          "key where that is not the character itself, frozen for Unicode "
          f"{unicodedata.unidata_version}\n"
          "(:func:`callrules._schema.scanned_keys`).\n\n"
          'Written by ``tools/key_table.py``: do not edit.\n"""\n')
    print("from __future__ import annotations\n")
    print('__all__ = ["FOLDED", "KEPT", "UNICODE"]\n')
    print(f"#: The Unicode version of Python's ``unicodedata`` the tables are of.\n"
          f"UNICODE = {unicodedata.unidata_version!r}\n")
    print(_table("FOLDED", folded, "By a label's key (without case)."))
    print(_table("KEPT", kept, "By a code's key (case kept)."))


if __name__ == "__main__":
    main()
