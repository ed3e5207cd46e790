"""Kept for older imports: the Milvus store lives in index/stores/milvus.py (this name is that module)."""
import sys

from .stores import milvus as _milvus

sys.modules[__name__] = _milvus
