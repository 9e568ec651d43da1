"""The journal of curators' contributions: one JSON line per applied change, on disk before the change is answered.

Each line is {"change": n, "at": ISO time, "curator", "request_id", "operation", "added": [N-Triples lines],
"removed": [N-Triples lines]}. The contributions are the replay of the journal, so it is both the state and
the audit record. A crash can leave the last line torn (no newline, or not JSON); it never counted, since
its write was not answered, and is ignored, then cut off before the next append.

Only the standard library is used here, so that any process can replay the journal.
"""

import json
import os
from pathlib import Path


class JournalDamaged(ValueError):
    """A line other than the last cannot be read: the journal was changed by something other than the service."""


def read_changes(data: bytes) -> tuple[list[dict], int]:
    """The changes at the start of DATA, up to the first line unfinished or not a change, and the bytes they fill."""
    changes, used = [], 0
    while (end := data.find(b"\n", used)) >= 0:
        try:
            change = json.loads(data[used:end])
        except ValueError:
            break
        if not isinstance(change, dict) or not {"change", "added", "removed"} <= change.keys():
            break
        changes.append(change)
        used = end + 1
    return changes, used


def replay(changes: list[dict]) -> set[str]:
    """The N-Triples lines that the changes leave, starting from none."""
    lines = set()
    for change in changes:
        lines.difference_update(change["removed"])
        lines.update(change["added"])
    return lines


def _whole_changes(path: Path, data: bytes) -> tuple[list[dict], int]:
    """Like read_changes, but only a torn last line may be left over."""
    changes, used = read_changes(data)
    if b"\n" in data[used:].rstrip(b"\n"):
        line = data.count(b"\n", 0, used) + 1
        raise JournalDamaged(f"{path}, line {line}: not a change, yet more lines follow; restore the file from a backup.")
    return changes, used


def load_journal(path: Path) -> tuple[list[str], int]:
    """The contributions the journal at PATH holds, as sorted N-Triples lines, and how many changes made them."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return [], 0
    changes, _ = _whole_changes(path, data)
    return sorted(replay(changes)), len(changes)


class JournalWriter:
    """Appends changes to the journal, each flushed to the disk (file, and folder when the file is new) before returning."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._file: int | None = None
        self._cut_torn_tail()

    def _cut_torn_tail(self) -> None:
        """Drop a line left unfinished by a crash, so that the next change starts a line of its own."""
        if not self.path.is_file():
            return
        data = self.path.read_bytes()
        _, used = _whole_changes(self.path, data)
        if used < len(data):
            with open(self.path, "r+b") as journal:
                journal.truncate(used)
                os.fsync(journal.fileno())

    def append(self, change: dict) -> None:
        line = (json.dumps(change, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        if self._file is None:
            self._open()
        size = os.lseek(self._file, 0, os.SEEK_END)
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self._file, view):]
            os.fsync(self._file)
        except OSError:
            os.ftruncate(self._file, size)  # leave no partial line for the next change to follow
            raise

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        created = not self.path.exists()
        self._file = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if created:
            # The file's name lives in the folder: without this, a crash could lose the whole new file.
            folder = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)


def inferred_path(journal: Path) -> Path:
    """Where the inferences about the contributions are kept: derived from the journal, rewritten whole."""
    journal = Path(journal)
    return journal.with_name(journal.stem + "-inferred.nt")


def write_inferred(path: Path, change: int, lines: list[str]) -> None:
    """Write the inferences that hold after CHANGE; readers see the old file or the new one, never a mix."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(f"# change {change}\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
    os.replace(temporary, path)


def read_inferred(path: Path) -> tuple[int, list[str]]:
    """The change the inferences were made after, and their N-Triples lines; -1 when the file cannot be read."""
    try:
        first, *lines = Path(path).read_text(encoding="utf-8").splitlines()
        return int(first.removeprefix("# change ")), lines
    except FileNotFoundError:  # no contribution was ever made
        return 0, []
    except ValueError:  # cut short by a crash: made again at the next start
        return -1, []
