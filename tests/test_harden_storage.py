"""Self-healing (issue 14): temporary directories left by a killed swap are removed at the next start."""
from __future__ import annotations

import os
import subprocess
import sys

from storage import remove_stale_temps, swapped_dir


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_a_killed_swap_are_removed_and_live_ones_kept(tmp_path):
    final = tmp_path / "clauses"
    final.mkdir()
    (final / "clauses.jsonl").write_text("{}\n")
    killed = tmp_path / f".clauses-{_dead_pid()}-abc123"
    killed.mkdir()
    (killed / "clauses.jsonl").write_text("half written")
    legacy = tmp_path / ".clauses-k3j4h5"  # the layout before owner pids: stale when old
    legacy.mkdir()
    os.utime(legacy, (1_600_000_000, 1_600_000_000))
    fresh_legacy = tmp_path / ".clauses-zz9yy8"
    fresh_legacy.mkdir()
    live = tmp_path / f".clauses-{os.getppid()}-live01"  # a build of a running process
    live.mkdir()
    old = tmp_path / ".clauses-old"
    old.mkdir()
    other = tmp_path / ".index-123-abc"  # another store's temp dir is not ours to judge
    other.mkdir()
    with swapped_dir(final) as tmp:
        (tmp / "clauses.jsonl").write_text("new\n")
        assert str(os.getpid()) in tmp.name
    assert not killed.exists() and not legacy.exists() and not old.exists()
    assert live.exists() and fresh_legacy.exists() and other.exists()
    assert (final / "clauses.jsonl").read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".clauses")) == sorted([live.name, fresh_legacy.name])


def test_remove_stale_temps_reports_what_it_removed(tmp_path):
    stale = tmp_path / f".index-{_dead_pid()}-x1"
    stale.mkdir()
    assert remove_stale_temps(tmp_path / "index") == [stale]
    assert remove_stale_temps(tmp_path / "index") == []
