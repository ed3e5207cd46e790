"""Gold question sets: load, check the shape of each item, write back (JSONL, one item per line)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from errors import UserError

GOLD_DIR = Path(__file__).resolve().parent / "gold"
SPLITS = ("dev", "heldout")
LANGUAGES = ("zh-Hans", "zh-Hant", "en", "pt")
TYPES = ("fact", "figure", "lookup", "applicability", "multi", "unanswerable")
CROSS = "cross-document"
NO_DOC = "none"


class GoldError(UserError):
    """A gold file is missing or one of its items is malformed."""


@dataclass
class GoldItem:
    id: str
    question: str
    language: str
    type: str
    gold_ids: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # short exact substrings of the gold clause texts
    key_points: list[str] = field(default_factory=list)  # strings a good answer must contain
    answerable: bool = True
    # which document(s) the question is about (doc ids; several = a cross-document question, none = about
    # nothing the corpus holds), so figures can be given per document
    doc: list[str] = field(default_factory=list)
    # the citation labels a good answer shows, in the documents' own convention
    # (《…条例》第三十七条第一款, 《…总体方案》（十）); scored as "label exact", never used to resolve gold
    citation_labels: list[str] = field(default_factory=list)
    split: str = ""  # filled on load, not stored
    # fields the scorer does not read ("written": when and by whom, "note"), kept so a rewrite never drops them
    extra: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def doc_group(self) -> str:
        """The per-document figure this question counts in: its document, 'cross-document' or 'none'."""
        if len(self.doc) > 1:
            return CROSS
        return self.doc[0] if self.doc else NO_DOC

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("split")
        d.update(d.pop("extra"))
        return d


def _item(data: dict, where: str, split: str) -> GoldItem:
    for key in ("id", "question", "language", "type", "answerable"):
        if key not in data:
            raise GoldError(f"{where}: missing field {key!r}")
    if data["language"] not in LANGUAGES:
        raise GoldError(f"{where}: language {data['language']!r} is not one of {', '.join(LANGUAGES)}")
    if data["type"] not in TYPES:
        raise GoldError(f"{where}: type {data['type']!r} is not one of {', '.join(TYPES)}")
    for key in ("gold_ids", "evidence", "key_points", "doc", "citation_labels"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise GoldError(f"{where}: field {key!r} must be a list of non-empty strings")
    if not isinstance(data["answerable"], bool):
        raise GoldError(f"{where}: field 'answerable' must be true or false")
    if data["answerable"] and not data.get("evidence"):
        raise GoldError(f"{where}: an answerable question needs at least one evidence string")
    if not data["answerable"] and (data.get("evidence") or data.get("gold_ids")):
        raise GoldError(f"{where}: an unanswerable question must have no evidence and no gold_ids")
    known = {k: data[k] for k in GoldItem.__dataclass_fields__ if k in data and k not in ("split", "extra")}
    extra = {k: v for k, v in data.items() if k not in GoldItem.__dataclass_fields__}
    return GoldItem(**known, split=split, extra=extra)


def doc_order(items: "list[GoldItem]") -> list[str]:
    """Per-document groups in order of first appearance, then cross-document questions, then 'none'."""
    single = dict.fromkeys(i.doc_group for i in items if i.doc_group not in (CROSS, NO_DOC))
    return list(single) + [CROSS, NO_DOC]


def gold_path(split: str, gold_dir: Path = GOLD_DIR) -> Path:
    return Path(gold_dir) / f"{split}.jsonl"


def load_split(split: str, gold_dir: Path = GOLD_DIR) -> list[GoldItem]:
    """Items of one split ('dev', 'heldout') or of both ('all'); ids must be unique across splits."""
    if split == "all":
        items = [i for s in SPLITS for i in load_split(s, gold_dir)]
        seen: dict[str, str] = {}
        for i in items:
            if i.id in seen:
                raise GoldError(f"gold id {i.id} appears in both {seen[i.id]} and {i.split}")
            seen[i.id] = i.split
        return items
    if split not in SPLITS:
        raise GoldError(f"unknown split {split!r}: use dev, heldout or all")
    return load_file(gold_path(split, gold_dir), split)


def load_file(path: Path, split: str | None = None) -> list[GoldItem]:
    """The items of one gold JSONL file (a split's, or a fresh set's: its split is the file's stem)."""
    path = Path(path)
    if not path.is_file():
        raise GoldError(f"{path}: gold file not found")
    split = split or path.stem
    items: list[GoldItem] = []
    ids: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                data = json.loads(line)
            except ValueError as exc:
                raise GoldError(f"{where}: not valid JSON ({exc})") from None
            if not isinstance(data, dict):
                raise GoldError(f"{where}: each line must be a JSON object")
            item = _item(data, where, split)
            if item.id in ids:
                raise GoldError(f"{where}: duplicate id {item.id}")
            ids.add(item.id)
            items.append(item)
    return items


def write_split(split: str, items: list[GoldItem], gold_dir: Path = GOLD_DIR) -> Path:
    path = gold_path(split, gold_dir)
    tmp = path.with_suffix(".jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path
