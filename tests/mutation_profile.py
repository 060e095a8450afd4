"""A pytest plugin for mutation runs only: ``[tool.mutmut]`` in pyproject.toml loads it with
``-p tests.mutation_profile``. It is not a test module and plain ``pytest`` never loads it.

mutmut runs the tests that cover a function once per mutant of it; property tests then
dominate the time. This profile draws fewer examples and skips shrinking: a mutant that
breaks a law still fails it, without hypothesis searching for the smallest example."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings


def pytest_configure(config: object) -> None:
    """Load the profile after the conftest's own, before any test module is imported."""
    settings.register_profile(
        "mutation", deadline=None, max_examples=25, database=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors])
    settings.load_profile("mutation")
