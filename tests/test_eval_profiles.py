"""The "profiles" eval suite: profile-matching precision/recall per split, its table in the report."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval import profiles as P
from eval import run as R
from eval.report import _suites_md
from ingest.store import load_clauses
from tests.match_helpers import make_clause, store_settings


def _items(*splits):
    return [SimpleNamespace(split=s) for s in splits]


@pytest.fixture(scope="module")
def dev_figures():
    s = store_settings()
    return P.score_profiles(s, _items("dev", "dev"), {"clauses": load_clauses(s.build_dir), "index": None})


def test_dev_run_scores_dev_profiles_only(dev_figures):
    f = dev_figures
    assert f["splits"] == ["dev"] and set(f["profile"]) == {"dev"} and set(f["describe"]) == {"dev"}
    assert f["profile"]["dev"]["profiles"] >= 10 and f["semantic"] is False
    assert f["profile"]["dev"]["recall"] >= 0.85 and f["profile"]["dev"]["precision"] >= 0.8
    assert "macau-tcm-maker" in f["dev_profiles"] and "leasing-company" not in f["dev_profiles"]
    header, rows = f["table"]["header"], f["table"]["rows"]
    assert header[:5] == ["split", "input", "profiles", "precision", "recall"]
    assert [r[:2] for r in rows] == [["dev", "structured profile"], ["dev", "free-text description"]]
    assert rows[0][3] == f"{f['profile']['dev']['precision']:.3f}" and rows[0][-1] == "yes"


def test_heldout_run_gives_aggregates_only():
    s = store_settings()
    f = P.score_profiles(s, _items("heldout"), {"clauses": load_clauses(s.build_dir), "index": None})
    assert f["splits"] == ["heldout"] and f["profile"]["heldout"]["profiles"] >= 4
    assert "dev_profiles" not in f and all(r[0] == "heldout" for r in f["table"]["rows"])


def test_report_shows_the_table(dev_figures):
    md = "\n".join(_suites_md({"profiles": dev_figures, "other": {"x": 1}}))
    assert "## Profile matching\n\n| split | input | profiles | precision | recall |" in md
    assert "| dev | structured profile |" in md and "target recall ≥ 0.85" in md
    assert "## Suite: other" in md and '"x": 1' in md  # suites without a table still show their JSON


def test_store_without_the_plan_skips_the_suite_with_a_note():
    s = store_settings()
    with pytest.raises(P.ProfilesUnavailable, match="not in the clause store"):
        P.score_profiles(s, _items("dev"), {"clauses": [make_clause("a", "其他文件")], "index": None})
    notes: list[str] = []
    out = R._suites(s, _items("dev"), {"clauses": [make_clause("a", "其他文件")], "index": None}, notes)
    assert R.SUITES.get("profiles") is P.score_profiles  # registered by importing eval.profiles
    assert "profiles" not in out and any(n.startswith("suite profiles skipped:") for n in notes)
