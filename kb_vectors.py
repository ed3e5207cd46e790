"""Vectors built with the index for what reads need later: answer sentences and the window stage's windows."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

SENTENCE_PREBUILD_MAX = 20_000  # clauses: above, sentence vectors are embedded when an answer first needs them


def prebuild_vectors(index, build_dir: Path, progress: Callable | None = None) -> None:
    """Sentence vectors for answer selection, built at refresh so the first questions need not embed.

    Past SENTENCE_PREBUILD_MAX clauses (a large law corpus) they are embedded on first use instead: a million
    sentences would multiply the build time for sentences most questions never reach."""
    from index.window_vectors import prepare_if_needed
    from qa.sentences import build_sentence_vectors

    if not hasattr(index.embedder, "passages"):
        return
    # at any size: only long clauses outside regulations have windows (2,584 for the 271k-clause corpus), cached by text
    prepare_if_needed(index, Path(build_dir))
    if len(index.clauses) > SENTENCE_PREBUILD_MAX:
        return
    if progress:
        progress("sentences", 0, 1)
    build_sentence_vectors(index.clauses, index.embedder, Path(build_dir))
    if progress:
        progress("sentences", 1, 1)
