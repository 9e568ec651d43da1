"""The package's rooms depend on one another one way only, as the README's layout table says."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "service" / "cybernorms"

# What each room may import besides itself; the top-level modules settings and namespaces are open to all.
MAY_IMPORT = {
    "build": set(),
    "engine": {"build"},
    "coalitions": {"build", "engine"},
    "contributions": {"build", "engine"},
    "publishing": {"build", "engine", "coalitions"},
    "http": {"build", "engine", "coalitions", "contributions", "publishing"},
    "cli": {"build", "engine", "coalitions", "contributions", "publishing", "http"},
}
SHARED = {"settings", "namespaces", "__init__"}


def _room(module: Path) -> str:
    parts = module.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else module.stem


def _imported_rooms(module: Path) -> set[str]:
    """The rooms (or top-level modules) MODULE imports from inside the package."""
    package_parts = module.relative_to(PACKAGE).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package_parts[: len(package_parts) - (node.level - 1)])
            target = base + (node.module.split(".") if node.module else [])
            if target:
                found.add(target[0])
            else:  # from the package itself: a room, a top-level module, or a name of __init__
                found.update(alias.name if (PACKAGE / alias.name).exists() or (PACKAGE / f"{alias.name}.py").exists()
                             else "__init__" for alias in node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            name = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            if name and name.split(".")[0] == "cybernorms":
                found.add(name.split(".")[1] if "." in name else "__init__")
    return found


def test_rooms_import_only_the_rooms_before_them():
    wrong = []
    for module in sorted(PACKAGE.rglob("*.py")):
        room = _room(module)
        allowed = MAY_IMPORT.get(room, set()) | SHARED | {room}
        if room in SHARED:
            allowed = SHARED
        for imported in _imported_rooms(module) - allowed:
            wrong.append(f"{module.relative_to(PACKAGE)} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_at_most_six_modules_stay_at_the_top():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 6, top
