"""The core must import without any UI or ML library: the UI and the models are optional."""

import subprocess
import sys

FORBIDDEN = ("textual", "rich", "transformers", "torch", "ctranslate2", "sentencepiece")


def test_core_imports_no_ui_or_ml_library():
    code = (
        "import sys, pkgutil, importlib\n"
        "import reader.library, reader.nlp\n"
        "for pkg in (reader.library, reader.nlp):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
        f"print(' '.join(m for m in {FORBIDDEN!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core imported: {out.stdout.strip()}"


def test_forbidden_list_would_catch_a_leak():
    code = "import sys, rich\n" f"print(' '.join(m for m in {FORBIDDEN!r} if m in sys.modules))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "rich" in out.stdout
