"""The public surface is exactly what ``callrules.__init__`` exports."""

from __future__ import annotations

import callrules
from callrules import exceptions, rules


class TestPublicSurface:
    def test_all_is_sorted_and_every_name_exists(self) -> None:
        """``__all__`` is honest: sorted, and each name is an attribute of the package."""
        assert list(callrules.__all__) == sorted(callrules.__all__)
        for name in callrules.__all__:
            assert hasattr(callrules, name), name

    def test_no_private_module_leaks_into_the_surface(self) -> None:
        """Public names are re-exports; none starts with an underscore but ``__version__``."""
        assert all(not n.startswith("_") or n == "__version__" for n in callrules.__all__)

    def test_every_error_is_a_callrules_error_and_resembles_a_builtin(self) -> None:
        """Leaves subclass CallrulesError and the builtin they resemble: ValueError,
        LookupError, an OSError (NotADirectoryError, NoRoomError's full disk) or
        RuntimeError (a batch asked what its state cannot give); each is exported by
        ``callrules`` too, as docs/reference/errors.md says."""
        for name in exceptions.__all__:
            cls = getattr(exceptions, name)
            if isinstance(cls, type) and issubclass(cls, Exception) and cls is not \
                    exceptions.CallrulesError:
                assert issubclass(cls, exceptions.CallrulesError)
                assert issubclass(cls, (ValueError, LookupError, OSError, RuntimeError))
                assert getattr(callrules, name, None) is cls, name

    def test_the_rules_vocabulary_exports_only_its_factories(self) -> None:
        """``callrules.rules.__all__`` names callables only."""
        assert all(callable(getattr(rules, n)) for n in rules.__all__)
