"""No import runs back up a layer: ingest/, core/, index/, qa/ and match/ import only their own or lower layers."""
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
    "kb": 5,
    "api": 6, "ui": 6, "cli": 6, "app": 6,
}
CHECKED = ("core", "ingest", "index", "qa", "match")


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, top-level module) of every import in a file, function-level ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module.split(".")[0]))
    return out


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
