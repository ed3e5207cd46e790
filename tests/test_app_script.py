"""Traditional display of every sentence of the bundled documents: word-by-word conversion, no 麪, no Simplified left."""
from __future__ import annotations

import re

from qa.display import simplified_left, simplified_only, to_script
from tests.qa_fixtures import CORPUS

_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


def sentences() -> list[str]:
    out = []
    for name in ("hengqin-industrial-development-plan-2025-2029.txt", "hengqin-master-plan-2021.txt",
                 "hengqin-development-promotion-regulation-2023.md"):
        text = (CORPUS / name).read_text(encoding="utf-8")
        out += [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    return out


def test_known_defects_are_gone():
    assert to_script("发展基础和面临形势", "zh-Hant") == "發展基礎和面臨形勢"
    assert to_script("落户", "zh-Hant") == "落戶" and to_script("税收优惠", "zh-Hant") == "稅收優惠"
    assert to_script("中医药（中医药等澳门品牌工业）", "zh-Hant") == "中醫藥（中醫藥等澳門品牌工業）"
    assert to_script("为产业发展提供政策环境", "zh-Hant") == "為產業發展提供政策環境"  # Macau/HK 為, not 爲
    assert to_script("澳资 生产制造", "zh-Hant") == "澳資 生產製造"
    assert to_script("澳资", "zh-Hans") == "澳资"


def test_simplified_only_set_is_built_from_opencc():
    odd = simplified_only()
    assert {"发", "户", "税", "为", "里", "资"} <= odd
    assert not {"面", "澳", "的", "發", "戶"} & odd  # shared and Traditional forms are not in it
    # a leftover is what OpenCC would still convert there; 准入 and 公里 are right as they are
    assert simplified_left("落户稅收") == {"户"} and simplified_left("准入 公里") == set()


def test_every_sentence_of_the_bundled_documents():
    found = sentences()
    assert len(found) > 800  # three documents, not an empty read
    for s in found:
        shown = to_script(s, "zh-Hant")
        assert len(shown) == len(s), s  # converted character for character: positions line up
        assert not simplified_left(shown), (s, shown, simplified_left(shown))
        assert not any(a == "面" and b in "麪麵" for a, b in zip(s, shown)), (s, shown)
