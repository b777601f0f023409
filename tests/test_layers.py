"""The package's import graph: no import circles, and the model at the bottom.

Every ``import`` of a ``subconv`` module counts, at module level or inside a function (a lazy
import is still a dependency); imports under ``if TYPE_CHECKING:`` do not (they are types only).
A registry that imports its members by name when used (``importlib``: the format registry, the
aligner registry) depends on each member it declares just as if it imported it, so a member
importing its registry back is a circle too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "subconv"

#: The one sanctioned upward reference: ``Track``'s documented exchange methods
#: (``Track.from_pysubs2(subs)``, ``track.to_pysubs2()``, ``docs/api.md``) are thin methods that
#: import the adapter at the edge (:mod:`subconv.interop`) when called.
ADAPTER_METHODS = {("subconv.model", "subconv.interop"): {"from_pysubs2", "to_pysubs2", "from_webvtt", "to_webvtt"}}

#: What the model may import: nothing above it (time arithmetic, errors and the text diff, ``textdiff``, only).
MODEL_MAY_IMPORT = {"subconv.timeops", "subconv.timefmt", "subconv.errors", "subconv.textdiff"}


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        out[".".join(parts)] = (path, is_package)
    return out


MODULES = _modules()

#: The modules that import members of a registry by name when used: module -> the declarations
#: listing the members (``NAME`` in the module itself, or ``module:NAME`` elsewhere; members by
#: module name relative to the package, or as ``"module.path:object"``).  The pipeline loads the
#: steps and the kind tests that ``subconv.steps`` declares (data only: the steps import it back).
REGISTRIES = {
    "subconv.formats": ("MODULES",),
    "subconv.align.backends": ("BACKENDS",),
    "subconv.pipeline": ("subconv.steps:STEPS", "subconv.steps:KINDS"),
}


def _declared_members(module: str, declaration: str) -> set[str]:
    """The modules named in ``declaration`` (a literal of strings: ``NAME`` in ``module``, or
    ``other.module:NAME``), which ``module`` loads by name."""
    where, _, name = declaration.rpartition(":")
    if where:
        return _declared_members(where, name)
    path, _ = MODULES[module]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target: ast.expr | None = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if not (
            isinstance(node, ast.Assign | ast.AnnAssign)
            and isinstance(target, ast.Name)
            and target.id == declaration
            and node.value is not None
        ):
            continue
        for const in ast.walk(node.value):
            if isinstance(const, ast.Constant) and isinstance(const.value, str):
                name = const.value.partition(":")[0]
                for candidate in (name, f"{module}.{name}"):
                    if candidate in MODULES and candidate != module:
                        out.add(candidate)
    return out


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The subconv modules ``node`` imports (``from .x import name`` counts ``x.name`` when it is a module)."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names if a.name.split(".")[0] == "subconv"]
    else:
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        elif node.module and node.module.split(".")[0] == "subconv":
            target = node.module
        else:
            return []
        names = [f"{target}.{a.name}" if f"{target}.{a.name}" in MODULES else target for a in node.names]
    out = []
    for name in names:
        while name not in MODULES and "." in name:
            name = name.rsplit(".", 1)[0]
        if name in MODULES and name != module:
            out.append(name)
    return out


def _type_only(tree: ast.Module) -> set[int]:
    """ids of the nodes under ``if TYPE_CHECKING:``."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.update(id(n) for n in ast.walk(node))
    return out


def _visit(
    node: ast.AST, function: str, module: str, is_package: bool, skip: set[int], found: dict[str, set[str]]
) -> None:
    """Record in ``found`` every subconv import under ``node``, with the function it is in."""
    for child in ast.iter_child_nodes(node):
        if id(child) in skip:
            continue
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            _visit(child, child.name, module, is_package, skip, found)
        elif isinstance(child, ast.Import | ast.ImportFrom):
            for target in _targets(module, is_package, child):
                found.setdefault(target, set()).add(function)
        else:
            _visit(child, function, module, is_package, skip, found)


def _edges(registries: dict[str, tuple[str, ...]]) -> dict[str, dict[str, set[str]]]:
    """module -> imported module -> the functions importing it ("" for module level; a member a
    registry declares counts as imported by the registry's ``"<registry>"``)."""
    edges: dict[str, dict[str, set[str]]] = {}
    for module, (path, is_package) in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found: dict[str, set[str]] = {}
        _visit(tree, "", module, is_package, _type_only(tree), found)
        for declaration in registries.get(module, ()):
            for member in _declared_members(module, declaration):
                found.setdefault(member, set()).add("<registry>")
        edges[module] = found
    return edges


EDGES = _edges(REGISTRIES)


def _graph(edges: dict[str, dict[str, set[str]]] = EDGES) -> dict[str, set[str]]:
    """The import graph without the sanctioned adapter methods."""
    graph: dict[str, set[str]] = {}
    for module, targets in edges.items():
        graph[module] = set()
        for target, functions in targets.items():
            allowed = ADAPTER_METHODS.get((module, target), set())
            if not functions <= allowed:
                graph[module].add(target)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.add(member)
                    if member == node:
                        break
                if len(members) > 1:
                    out.append(members)
    return out


def test_the_graph_sees_the_package() -> None:
    assert {"subconv.model", "subconv.pipeline", "subconv.steps", "subconv.steps.dedupe", "subconv.cli"} <= set(MODULES)
    assert "subconv.model" in EDGES["subconv.steps.dedupe"]  # a module-level import
    assert "subconv.api" in EDGES["subconv.runner"]  # an import inside a function
    # the members the registries load by name
    assert {"subconv.formats.srt", "subconv.formats.vtt", "subconv.formats.ass"} <= set(EDGES["subconv.formats"])
    assert {"subconv.align.acoustic", "subconv.align.tts", "subconv.align.vadlen"} <= set(
        EDGES["subconv.align.backends"]
    )
    assert {"subconv.steps.dedupe", "subconv.steps.time"} <= _declared_members("subconv.steps", "STEPS")


def test_the_cycle_finder_finds_a_circle_through_a_lazy_import() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [{"a", "b", "c"}]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles() -> None:
    assert [sorted(circle) for circle in _circles(_graph())] == []


def test_a_member_importing_its_registry_is_a_circle() -> None:
    edges = {
        "r": {"m": {"<registry>"}},
        "m": {"r": {""}},
    }
    assert _circles(_graph(edges)) == [{"r", "m"}]


def test_format_modules_import_the_declarations_not_the_registry() -> None:
    members = [m for m in MODULES if m.startswith("subconv.formats.")]
    assert "subconv.formats.base" in members
    assert [m for m in members if "subconv.formats" in EDGES[m]] == []


def test_the_pipeline_loads_the_steps_and_the_steps_import_only_their_declarations() -> None:
    assert {"subconv.steps.dedupe", "subconv.steps.time", "subconv.steps.normalise"} <= set(EDGES["subconv.pipeline"])
    assert [m for m in MODULES if m.startswith("subconv.steps.") and "subconv.pipeline" in EDGES[m]] == []


@pytest.mark.parametrize("layer", ["subconv.pipeline", "subconv.steps", "subconv.cli", "subconv.runner"])
def test_the_model_steps_pipeline_and_cli_are_in_no_circle(layer: str) -> None:
    assert not any(layer in circle for circle in _circles(_graph()))


def test_the_model_imports_nothing_above_it() -> None:
    seen: set[str] = set()
    todo = ["subconv.model"]
    graph = _graph()
    while todo:
        module = todo.pop()
        for target in graph[module]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert seen <= MODULES.keys() and seen <= MODEL_MAY_IMPORT
    # the adapter methods are the only place the model names interop, and only inside them
    assert EDGES["subconv.model"].get("subconv.interop", set()) <= ADAPTER_METHODS[("subconv.model", "subconv.interop")]


def test_the_text_diff_imports_nothing_of_the_package_and_the_model_re_exports_it() -> None:
    # (the text algorithms under the model: ``Word`` named in their types under TYPE_CHECKING only)
    assert not EDGES["subconv.textdiff"]
    import subconv.model
    import subconv.textdiff

    for name in ("Change", "text_changes", "moved_offset", "words_in_order"):
        assert getattr(subconv.model, name) is getattr(subconv.textdiff, name), name


#: The layers of docs/architecture.md, from the bottom: a module imports only from its own layer
#: or below (by its first name under ``subconv``; the package itself re-exports the API).
LAYERS = [
    {"errors", "timefmt", "timeops", "_version", "_children", "textdiff"},
    {"model"},
    {"options", "report"},
    {"formats", "pages", "timing", "text", "encoding", "interop", "styles", "editors", "media", "align", "ahead"},
    {"steps"},
    {"pipeline"},
    {"api", "cuemarkup"},
    {"runner", "destinations"},
    {"cli", "commands", "batch", "scale", "quality", "engines", "storage", "_clidoc", "__main__"},
]
#: Upward imports that are known: the model's documented exchange methods (above).
UPWARD = {("subconv.model", "subconv.interop")}


def _layer(module: str) -> int:
    top = module.split(".")[1]
    return next(i for i, names in enumerate(LAYERS) if top in names)


def test_every_module_imports_only_from_its_layer_or_below() -> None:
    modules = [m for m in EDGES if m != "subconv"]
    assert all(any(m.split(".")[1] in names for names in LAYERS) for m in modules)  # every module placed
    upward = {
        (module, target)
        for module in modules
        for target in EDGES[module]
        if target != "subconv" and _layer(target) > _layer(module)
    }
    assert upward <= UPWARD


def test_steps_do_not_import_the_pipeline_and_nothing_imports_the_command_line() -> None:
    for module, targets in EDGES.items():
        if module.startswith("subconv.steps"):
            assert "subconv.pipeline" not in targets, module
        if module not in ("subconv.__main__", "subconv._clidoc"):
            assert "subconv.cli" not in targets, module
