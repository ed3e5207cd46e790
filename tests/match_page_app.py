"""AppTest script: the 适用政策 page over the bundled plan's clauses, with a fake index (no model)."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kb import KnowledgeBase  # noqa: E402
from settings import Settings  # noqa: E402
from tests.conftest import FakeEmbedder  # noqa: E402
from tests.match_helpers import FakeIndex, make_clause, plan_clauses  # noqa: E402
from ui import match_page  # noqa: E402

clauses = list(plan_clauses())
if os.environ.get("HQ_MATCH_TEST_HOSTILE"):  # a clause whose text looks like HTML and Markdown
    clauses.append(make_clause("x", "<script>alert(1)</script> **支持**澳资企业发展中医药 [链接](http://x)"))
settings = Settings.load(build_dir=Path(os.environ["HQ_MATCH_TEST_BUILD"]))
match_page.render(KnowledgeBase.over(FakeIndex(clauses, FakeEmbedder()), settings), settings)
