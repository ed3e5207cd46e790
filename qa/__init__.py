"""Answers with cited clauses: answer(question) -> Answer, lookup(reference) -> the clauses of that part.

    from qa import answer, lookup
    a = answer("澳资企业在合作区发展金融业有哪些支持？", index=idx)   # a.text, a.citations, a.answerable, a.to_dict()
    r = lookup("六（三）", idx.clauses)                              # r.clauses in document order
"""
from __future__ import annotations

from .answer import QuestionError, answer
from .lookup import LookupError_, LookupResult, lookup
from .records import REFUSAL_TEXT, Answer, Citation, Sentence

__all__ = ["answer", "lookup", "Answer", "Citation", "Sentence", "LookupResult", "LookupError_", "QuestionError",
           "REFUSAL_TEXT"]
