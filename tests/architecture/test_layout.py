"""Static checks of the project's own packages: imports resolve, no import cycles, layering,
where the environment is read, routers independent of each other, and module length.

Everything is read with ``ast`` (nothing is imported), so a check also covers imports inside
functions and under ``if TYPE_CHECKING:`` — a function-level import hides a cycle, it does not
remove it. Each failure names the file and line and says how to fix it.
"""
from __future__ import annotations

import ast
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "corpus", "retrieval", "answering", "training", "tools", "api", "actions", "bench")

# Layering: a package never imports the packages listed for it (lower layers first).
FORBIDDEN = {
    "corpus": ("retrieval", "answering", "training", "api", "actions"),
    "retrieval": ("answering", "training", "api", "actions"),
    "answering": ("training", "api", "actions"),
    "training": ("api", "actions"),
}
# The Rasa action server (Python 3.10, its own env) may use only these project packages.
ACTIONS_MAY_IMPORT = ("actions", "corpus")

# Where the process environment may be read: the two settings modules and the entry points.
ENV_ALLOWED_FILES = frozenset({"config/settings.py", "actions/config.py"})
ENV_ALLOWED_DIRS = ("tools/", "bench/")  # command-line tools and benchmarks are entry points (tests/ is not scanned)
ENV_ALLOWED_NAMES = frozenset({"__main__.py"})  # `python -m package` entry points
ENV_ATTRS = frozenset({"environ", "environb", "getenv", "getenvb"})

ROUTERS = "api.routers"
MAX_LINES = 300
LONG_BECAUSE = re.compile(r"(?:^|[.!?。;；:：]\s*|\n\s*)Long because\b([^.!?。]*)")


@dataclass
class Module:
    name: str  # dotted
    path: Path
    is_package: bool
    tree: ast.Module
    lines: int

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    @property
    def package(self) -> str:
        return self.name.split(".")[0]


@dataclass
class Edge:
    source: str
    target: str
    line: int
    statement: str


@dataclass
class Graph:
    modules: dict[str, Module] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)

    def targets(self, source: str) -> dict[str, Edge]:
        """Each imported project module once (first import statement)."""
        out: dict[str, Edge] = {}
        for e in self.edges:
            if e.source == source and e.target != source:
                out.setdefault(e.target, e)
        return out


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _load_modules() -> dict[str, Module]:
    modules = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            name, is_package = _module_name(path)
            modules[name] = Module(name, path, is_package, ast.parse(source, str(path)), len(source.splitlines()))
    return modules


def _toplevel_names(mod: Module, modules: dict[str, Module]) -> set[str] | None:
    """Names a module binds outside functions and classes (None: `import *` or __getattr__, anything goes)."""
    names: set[str] = set()

    def visit(body: list[ast.stmt]) -> bool:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
                if node.name == "__getattr__":
                    return False
            elif isinstance(node, ast.Import):
                names.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if any(a.name == "*" for a in node.names):
                    return False
                names.update(a.asname or a.name for a in node.names)
            else:
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                        names.add(sub.id)
                for attr in ("body", "orelse", "finalbody", "handlers"):
                    block = getattr(node, attr, None)
                    if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                        if not visit(block):
                            return False
                    elif isinstance(block, list):
                        for handler in block:
                            if isinstance(handler, ast.ExceptHandler) and not visit(handler.body):
                                return False
        return True

    if not visit(mod.tree.body):
        return None
    if mod.is_package:  # submodules are attributes of their package once imported
        names.update(n.rsplit(".", 1)[1] for n in modules if n.startswith(mod.name + ".") and n.count(".") == mod.name.count(".") + 1)
    return names


def _resolve_from(mod: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = mod.name.split(".") if mod.is_package else mod.name.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def build_graph() -> Graph:
    g = Graph(modules=_load_modules())
    names_cache: dict[str, set[str] | None] = {}

    def exported(target: str) -> set[str] | None:
        if target not in names_cache:
            names_cache[target] = _toplevel_names(g.modules[target], g.modules)
        return names_cache[target]

    for mod in g.modules.values():
        for node in ast.walk(mod.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] not in PACKAGES:
                        continue
                    stmt = f"import {alias.name}"
                    if alias.name in g.modules:
                        g.edges.append(Edge(mod.name, alias.name, node.lineno, stmt))
                    else:
                        g.unresolved.append(f"{mod.rel}:{node.lineno}: `{stmt}` — module {alias.name} does not exist")
            elif isinstance(node, ast.ImportFrom):
                target = _resolve_from(mod, node)
                if target.split(".")[0] not in PACKAGES:
                    continue
                stmt = f"from {'.' * node.level}{node.module or ''} import {', '.join(a.name for a in node.names)}"
                if target not in g.modules:
                    g.unresolved.append(f"{mod.rel}:{node.lineno}: `{stmt}` — module {target} does not exist")
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    if sub in g.modules:
                        g.edges.append(Edge(mod.name, sub, node.lineno, stmt))
                        continue
                    g.edges.append(Edge(mod.name, target, node.lineno, stmt))
                    names = exported(target)
                    if alias.name != "*" and names is not None and alias.name not in names:
                        g.unresolved.append(f"{mod.rel}:{node.lineno}: `{stmt}` — {target} "
                                            f"({g.modules[target].rel}) defines no `{alias.name}`")
    return g


GRAPH = build_graph()


def _edge_text(e: Edge) -> str:
    return f"{GRAPH.modules[e.source].rel}:{e.line} `{e.statement}`"


def _cycles(g: Graph) -> list[tuple[list[str], list[Edge]]]:
    """One shortest cycle through each strongly connected component of more than one module."""
    adj = {m: g.targets(m) for m in g.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    sccs: list[list[str]] = []
    counter = [0]

    def strongconnect(v: str) -> None:  # Tarjan; the graph is small enough for recursion
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in adj[v]:
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    for v in sorted(adj):
        if v not in index:
            strongconnect(v)

    cycles = []
    for comp in sccs:
        members = set(comp)
        best: list[Edge] | None = None
        for start in comp:  # BFS back to start, inside the component
            prev: dict[str, Edge] = {}
            queue = deque([start])
            seen = {start}
            found = None
            while queue and found is None:
                v = queue.popleft()
                for w, e in sorted(adj[v].items()):
                    if w == start:
                        found = e
                        break
                    if w in members and w not in seen:
                        seen.add(w)
                        prev[w] = e
                        queue.append(w)
            if found is None:
                continue
            path = [found]
            while path[0].source != start:
                path.insert(0, prev[path[0].source])
            if best is None or len(path) < len(best):
                best = path
        cycles.append((comp, best))
    return cycles


def test_graph_sees_every_package():
    assert {m.package for m in GRAPH.modules.values()} == set(PACKAGES)
    assert len(GRAPH.edges) > 100  # the walk found the imports (guards against a silently empty graph)
    assert "retrieval.tokenize" in GRAPH.targets("answering.refusal")


def test_cycle_finder_on_a_synthetic_graph():
    """The checker itself can fail: a knot a → b → c → a (plus a tail d → a) gives the cycle a → b → c → a."""
    g = Graph(modules=dict.fromkeys("abcd"))  # type: ignore[arg-type]  # _cycles needs only the names
    g.edges = [Edge("a", "b", 1, ""), Edge("b", "c", 2, ""), Edge("c", "a", 3, ""), Edge("d", "a", 4, ""),
               Edge("a", "a", 5, "")]
    [(members, path)] = _cycles(g)
    assert members == ["a", "b", "c"]
    assert [(e.source, e.target) for e in path] == [("a", "b"), ("b", "c"), ("c", "a")]
    g.edges = g.edges[:2]
    assert _cycles(g) == []


def test_relative_imports_resolve():
    mod = GRAPH.modules["api.routers"]
    assert _resolve_from(mod, ast.parse("from . import chat").body[0]) == "api.routers"
    assert _resolve_from(mod, ast.parse("from ..deps import x").body[0]) == "api.deps"
    leaf = GRAPH.modules["api.routers.chat"]
    assert _resolve_from(leaf, ast.parse("from .ask import x").body[0]) == "api.routers.ask"
    assert _resolve_from(leaf, ast.parse("from ..services import assistant").body[0]) == "api.services"


def test_every_project_import_resolves():
    assert not GRAPH.unresolved, (
        "imports of project modules or names that do not exist (moved or renamed in the restructure?) — "
        "import from the module that now defines the name:\n  " + "\n  ".join(GRAPH.unresolved))


def test_no_import_cycles():
    reports = []
    for comp, path in _cycles(GRAPH):
        chain = " → ".join([path[0].source, *(e.target for e in path)])
        steps = "\n      ".join(_edge_text(e) for e in path)
        reports.append(f"cycle {chain}\n      {steps}\n    (all modules in this knot: {', '.join(comp)})")
    assert not reports, (
        "import cycles (function-level imports count: they only hide a cycle). Fix by moving what both sides "
        "need into a lower module that imports neither (e.g. the declarative Base into its own module), or by "
        "passing it in as an argument:\n  " + "\n  ".join(reports))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layering(package):
    bad = [f"{_edge_text(e)} imports {e.target}" for e in GRAPH.edges
           if GRAPH.modules[e.source].package == package and e.target.split(".")[0] in FORBIDDEN[package]]
    assert not bad, (
        f"{package}/ must not import {', '.join(FORBIDDEN[package])} (they sit above it). Move the needed code "
        f"down into {package}/ or a lower package, or have the caller pass it in:\n  " + "\n  ".join(bad))


def test_actions_import_only_corpus():
    bad = [f"{_edge_text(e)} imports {e.target}" for e in GRAPH.edges
           if GRAPH.modules[e.source].package == "actions" and e.target.split(".")[0] not in ACTIONS_MAY_IMPORT]
    assert not bad, (
        "the action server (py310, no pydantic 2 / torch) may import only actions/ and corpus/ from this "
        "project; talk to the gateway over HTTP (actions/gateway.py) or move the code into corpus/:\n  "
        + "\n  ".join(bad))


def _env_reads(mod: Module) -> list[str]:
    os_names = {"os"}
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Import):
            os_names.update(a.asname for a in node.names if a.name == "os" and a.asname)
    found: list[tuple[int, str]] = []
    for node in ast.walk(mod.tree):
        if (isinstance(node, ast.Attribute) and node.attr in ENV_ATTRS
                and isinstance(node.value, ast.Name) and node.value.id in os_names):
            found.append((node.lineno, f"{node.value.id}.{node.attr}"))
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and not node.level:
            found += [(node.lineno, f"from os import {a.name}") for a in node.names if a.name in ENV_ATTRS]
    return [f"{mod.rel}:{line} {what}" for line, what in sorted(found)]


def _env_allowed(mod: Module) -> bool:
    return mod.rel in ENV_ALLOWED_FILES or mod.rel.startswith(ENV_ALLOWED_DIRS) or mod.path.name in ENV_ALLOWED_NAMES


def test_environment_read_only_in_settings_and_entry_points():
    bad = [r for mod in GRAPH.modules.values() if not _env_allowed(mod) for r in _env_reads(mod)]
    allowed = sorted(ENV_ALLOWED_FILES) + [d + "**" for d in ENV_ALLOWED_DIRS] + ["**/" + n for n in ENV_ALLOWED_NAMES]
    assert not bad, (
        "the environment is read outside the settings modules and entry points (allowed: "
        f"{', '.join(allowed)}). Add the value to config/settings.py (gateway, tools) or actions/config.py "
        "(action server) and pass it in:\n  " + "\n  ".join(bad))


def test_routers_do_not_import_each_other():
    def is_router(name: str) -> bool:
        return name == ROUTERS or name.startswith(ROUTERS + ".")

    bad = [f"{_edge_text(e)} imports {e.target}" for e in GRAPH.edges
           if is_router(e.source) and is_router(e.target) and e.source != e.target]
    assert not bad, (
        "a router imports another router module: move the shared code to api/services/, api/deps.py or a "
        "schema module both import:\n  " + "\n  ".join(bad))


def test_long_modules_say_why():
    bad = []
    for mod in sorted(GRAPH.modules.values(), key=lambda m: m.rel):
        if mod.lines <= MAX_LINES:
            continue
        doc = ast.get_docstring(mod.tree) or ""
        reason = LONG_BECAUSE.search(doc)
        if not reason or len(reason.group(1).strip()) < 10:
            bad.append(f"{mod.rel}: {mod.lines} lines")
    assert not bad, (
        f"modules over {MAX_LINES} lines: split each, or add to its module docstring a sentence starting "
        "\"Long because\" that states why it must stay one module:\n  " + "\n  ".join(bad))


def test_long_because_needs_a_reason():
    """The docstring rule itself: a sentence starting 'Long because' with a stated reason."""
    def ok(doc: str) -> bool:
        m = LONG_BECAUSE.search(doc)
        return bool(m and len(m.group(1).strip()) >= 10)

    assert ok("Tables of the annex.\n\nLong because the 37 scoring rows are data, not logic.")
    assert ok("Long because it mirrors e5.c's file layout one to one.")
    assert not ok("Long because.")
    assert not ok("Not Long because of anything.")  # must start a sentence
    assert not ok("A module that is long.")
