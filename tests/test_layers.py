"""No import runs back up a layer (ingest/, core/, index/, qa/, match/ import only their own or lower layers), and
each edge (ui/, api/) calls only the KnowledgeBase: no import of qa/, index/, match/, ingest/ or eval/ there."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lower number = lower layer. A module may import its own layer (its own package) or any lower one.
LAYERS = {
    "errors": 0, "storage": 0, "settings": 0, "core": 0,
    "ingest": 1,
    "index": 2,
    "qa": 3, "match": 3,
    "eval": 4,
    "kb": 5, "kb_documents": 5, "kb_match": 5,
    "api": 6, "ui": 6, "cli": 6, "app": 6,
}
CHECKED = ("core", "ingest", "index", "qa", "match")


EDGES = ("ui", "api")
SERVICE_ONLY = ("qa", "index", "match", "ingest", "eval")  # what an edge reaches only through kb.KnowledgeBase
# display-only helpers an edge may use directly: converting text to the reader's script, the query box's limit
DISPLAY_HELPERS = {"qa.display", "index.query_limit"}


def imports(path: Path, full: bool = False) -> list[tuple[int, str]]:
    """(line, top-level module) of every import in a file, function-level ones included (full: the dotted name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name if full else a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module if full else node.module.split(".")[0]))
    return out


def edge_bypasses(root: Path = ROOT) -> list[str]:
    """Imports in ui/ and api/ (and app.py) that reach past the KnowledgeBase into the layers beneath it."""
    found = []
    paths = [p for edge in EDGES for p in sorted((root / edge).rglob("*.py"))] + [p for p in [root / "app.py"] if p.exists()]
    for path in paths:
        if "bench" in path.name:
            continue  # a benchmark drives the product from outside, like a client
        for line, name in imports(path, full=True):
            if name.split(".")[0] in SERVICE_ONLY and name not in DISPLAY_HELPERS:
                found.append(f"{path.relative_to(root)}:{line} imports {name} (an edge calls only kb.KnowledgeBase)")
    return found


def upward_imports() -> list[str]:
    found = []
    for package in CHECKED:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "bench" in path.name or path.name == "commands.py":
                continue  # edges living in a package: CLI subcommands and benchmark scripts drive the whole product
            own = LAYERS[package]
            for line, target in imports(path):
                rank = LAYERS.get(target)
                if rank is None or target == package:
                    continue
                if rank > own or (rank == own and target != package):
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {target} (layer {rank} > {package} {own})"
                                 if rank > own else f"{path.relative_to(ROOT)}:{line} imports sibling layer {target}")
    return found


def test_no_import_runs_back_up_a_layer():
    assert upward_imports() == []


def test_the_walk_sees_function_level_imports(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from kb import KnowledgeBase\n    import match.tagging\n", encoding="utf-8")
    assert imports(f) == [(2, "kb"), (3, "match")]


def test_each_edge_calls_only_the_knowledge_base():
    assert edge_bypasses() == []


def test_the_edge_walk_flags_a_page_that_reaches_past_the_service(tmp_path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "page.py").write_text(
        "from qa.display import to_script\nimport kb\n\ndef render(kb, s):\n    from qa.lookup import lookup\n"
        "    import index.search\n", encoding="utf-8")
    assert edge_bypasses(tmp_path) == ["ui/page.py:5 imports qa.lookup (an edge calls only kb.KnowledgeBase)",
                                       "ui/page.py:6 imports index.search (an edge calls only kb.KnowledgeBase)"]
