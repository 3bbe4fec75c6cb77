"""The tiny offline models that rule examples are pointed at.

Why: nothing may be downloaded from a model hub, yet the witnesses must load,
call and fine-tune real models of both formats.  The builders in
``builders/`` make one tiny model per format, plus ``tf2-text-ops`` (a TF2
SavedModel with a TF Text op, for the "import tensorflow_text first" facts);
they are built once into the git-ignored ``.cache/runtime/models/`` and reused
until a builder's source (or the environment that builds it) changes, which a
stamp file records.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from envs import REPO_ROOT, env_python, installed_versions
from harness import snippet_environment

MODELS_ROOT = REPO_ROOT / ".cache" / "runtime" / "models"
BUILDERS = Path(__file__).resolve().parent / "builders"
BUILD_ENV = "legacy"  # has the TF1 Hub creation API and tensorflow_text; its TF2 SavedModels load on TF 2.21 too

#: format (as ``pylint_hubcompat.facts.handles`` names it) -> builder script
MODEL_BUILDERS: dict[str, str] = {
    "tf1-hub": "tf1_hub_module.py",
    "tf2-savedmodel": "tf2_savedmodel.py",
    # Not a handle format: a TF2 SavedModel that needs ``import tensorflow_text`` to load.
    "tf2-text-ops": "tf2_text_ops.py",
}
STAMP = "build-stamp.json"


def model_path(fmt: str) -> Path:
    """Where the tiny model of format ``fmt`` lives."""
    return MODELS_ROOT / fmt


def _fingerprint(builder: str) -> str:
    digest = hashlib.sha256((BUILDERS / builder).read_bytes())
    digest.update(json.dumps(installed_versions(BUILD_ENV), sort_keys=True).encode())
    return digest.hexdigest()


def _is_current(fmt: str) -> bool:
    try:
        stamp = json.loads((model_path(fmt) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp.get("fingerprint") == _fingerprint(MODEL_BUILDERS[fmt])


def build_model(fmt: str) -> Path:
    """Build the model of format ``fmt`` (in a scratch directory, then moved in place)."""
    builder = MODEL_BUILDERS[fmt]
    target = model_path(fmt)
    scratch = MODELS_ROOT / f".building-{fmt}"
    shutil.rmtree(scratch, ignore_errors=True)
    MODELS_ROOT.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [str(env_python(BUILD_ENV)), str(BUILDERS / builder), str(scratch)],
        env=snippet_environment(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"building the {fmt} model with {builder} failed:\n{done.stderr}")
    stamp = {"fingerprint": _fingerprint(builder), "builder": builder, "env": BUILD_ENV}
    (scratch / STAMP).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    scratch.rename(target)
    return target


def ensure_models() -> dict[str, Path]:
    """Format -> path of every tiny model, building the missing or outdated ones."""
    for fmt in MODEL_BUILDERS:
        if not _is_current(fmt):
            build_model(fmt)
    return {fmt: model_path(fmt) for fmt in MODEL_BUILDERS}
