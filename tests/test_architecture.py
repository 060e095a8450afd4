"""The architecture a newcomer can see: modules import downwards only, with no cycle and no
import hidden inside a function, and the rule language stands below the call."""

from __future__ import annotations

import ast
from pathlib import Path

import callrules

SRC = Path(callrules.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imports(path: Path, *, inside_functions: bool) -> set[str]:
    """The callrules modules ``path`` imports (at its top level, or inside functions)."""
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    scopes = functions if inside_functions else [tree]
    for scope in scopes:
        nodes = ast.walk(scope) if inside_functions else _top_level(tree)
        for node in nodes:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and \
                    node.module.split(".")[0] == "callrules":
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    found.add(target if target in MODULES else node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in MODULES)
    return found - {"callrules"}


def _top_level(tree: ast.Module) -> list[ast.AST]:
    """Every node outside function bodies (imports under ``if TYPE_CHECKING`` included)."""
    out: list[ast.AST] = []
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        out.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return out


GRAPH = {name: imports(path, inside_functions=False) for name, path in MODULES.items()
         if name != "callrules"}


class TestImports:
    def test_no_module_imports_itself_through_others(self) -> None:
        """The import graph of the package (the facade ``callrules/__init__`` aside) has no
        cycle, counting imports made only for type checking."""
        state: dict[str, int] = {}

        def visit(name: str, trail: list[str]) -> None:
            state[name] = 1
            for target in sorted(GRAPH.get(name, ())):
                assert state.get(target) != 1, " -> ".join([*trail, name, target])
                if target not in state:
                    visit(target, [*trail, name])
            state[name] = 2

        for name in sorted(GRAPH):
            if name not in state:
                visit(name, [])

    def test_no_callrules_import_is_hidden_inside_a_function(self) -> None:
        """A module imports the parts it uses at its top: an import inside a function is
        how a cycle hides."""
        hidden = {name: sorted(found) for name, path in MODULES.items()
                  if (found := imports(path, inside_functions=True))}
        assert not hidden

    def test_the_rule_language_depends_on_neither_calls_nor_evaluation(self) -> None:
        """The rule language reads the models, parameters, time and findings; the call,
        evaluation, renderings and the command line stand above it."""
        above = {"callrules._call", "callrules._evaluate", "callrules._cli",
                 "callrules._checklist", "callrules._html", "callrules._record",
                 "callrules.calls"}
        for name, targets in GRAPH.items():
            if name.startswith("callrules.language"):
                assert not targets & above, (name, targets & above)

    def test_reports_never_import_their_renderings(self) -> None:
        """Report data is rendered by the modules that import it, never the reverse."""
        renderings = {"callrules._i18n", "callrules._html", "callrules._checklist"}
        assert not GRAPH["callrules._report"] & renderings
