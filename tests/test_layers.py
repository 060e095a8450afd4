"""Imports point one way: reports, findings, problems and calls are data that never import
their renderings; the renderings import the data; no import inside a function hides a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCE = ROOT / "src" / "callrules"

#: The data: what is rendered.
DATA = ("_report", "exceptions", "_call", "_evaluate", "_models", "_labels", "_renderings")
#: The presentation: what renders it.
PRESENTATION = ("_i18n", "_wording", "_places", "_text", "_html", "_tables", "_checklist",
                "_present", "_safe", "_layout", "_workbook")


def module_name(path: Path) -> str:
    return path.relative_to(SOURCE).with_suffix("").as_posix().replace("/", ".")


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


def imports(path: Path, *, everywhere: bool) -> set[str]:
    """The callrules modules ``path`` imports: at run time at its top level, or (with
    ``everywhere``) anywhere, type-checking blocks included."""
    tree = ast.parse(path.read_text("utf-8"))
    nodes: list[ast.AST] = list(ast.walk(tree)) if everywhere else []
    if not everywhere:
        stack: list[ast.AST] = list(tree.body)
        while stack:
            node = stack.pop()
            if isinstance(node, ast.If) and _is_type_checking(node):
                continue
            if isinstance(node, (ast.If, ast.Try)):
                stack.extend(node.body + node.orelse + getattr(node, "finalbody", []))
            nodes.append(node)
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("callrules"):
            base = (node.module or "").removeprefix("callrules").lstrip(".")
            if base:
                found.add(base)
            else:
                found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("callrules.") for a in node.names
                      if a.name.startswith("callrules.")}
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p, everywhere=False) for p in SOURCE.rglob("*.py")
            if p.name != "__init__.py" or p.parent != SOURCE}


class TestLayers:
    def test_the_run_time_imports_have_no_cycle(self) -> None:
        """Module-level imports between callrules modules form no cycle."""
        edges = graph()
        done: set[str] = set()

        def visit(node: str, path: tuple[str, ...]) -> None:
            assert node not in path, " → ".join((*path, node))
            if node in done:
                return
            for target in edges.get(node, ()):
                visit(target, (*path, node))
            done.add(node)

        for module in edges:
            visit(module, ())

    @pytest.mark.parametrize("module", DATA)
    def test_data_never_imports_its_renderings(self, module: str) -> None:
        """Reports, problems and calls import no presentation module, not even for types."""
        found = imports(SOURCE / f"{module}.py", everywhere=True)
        assert found.isdisjoint(PRESENTATION), found & set(PRESENTATION)

    @pytest.mark.parametrize("module", sorted(
        module_name(p) for p in SOURCE.rglob("*.py")))
    def test_no_callrules_module_is_imported_inside_a_function(self, module: str) -> None:
        """Every import of another callrules module is at the top of the file: an import
        inside a function is how a cycle hides."""
        tree = ast.parse((SOURCE / f"{module.replace('.', '/')}.py").read_text("utf-8"))
        inside = [node.lineno for fn in ast.walk(tree)
                  if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
                  for node in ast.walk(fn)
                  if isinstance(node, ast.ImportFrom)
                  and (node.module or "").startswith("callrules")]
        assert inside == []

    def test_the_rule_language_stands_below_calls_evaluation_and_renderings(self) -> None:
        """The rule language reads the models, parameters, time and findings; the call,
        evaluation, renderings and the command line stand above it and are never imported
        by it, not even for types."""
        above = {"_call", "_evaluate", "_cli", "_record", "calls", *PRESENTATION}
        for path in (SOURCE / "language").glob("*.py"):
            found = imports(path, everywhere=True)
            assert found.isdisjoint(above), (path.name, found & above)
