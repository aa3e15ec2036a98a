"""The core must import without any UI or ML library: the UI and the models are optional."""

import subprocess
import sys

FORBIDDEN = ("textual", "rich", "transformers", "torch", "ctranslate2", "sentencepiece")


def test_core_imports_no_ui_or_ml_library():
    code = (
        "import sys, pkgutil, importlib\n"
        "import reader.library, reader.nlp\n"
        "for pkg in (reader.library, reader.nlp):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        f"print(' '.join(m for m in {FORBIDDEN!r} if m in sys.modules))\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('reader.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    leaked, imported = out.stdout.split("\n")[:2]
    assert leaked == "", f"core imported: {leaked}"
    # Modules inside sub-packages (the backends) are checked too, not only the packages.
    assert {"reader.nlp.translate.transformers_backend", "reader.nlp.translate.ct2_backend",
            "reader.nlp.entities.transformers_backend", "reader.nlp.models.ct2",
            "reader.nlp.models.download", "reader.library.cache"} <= set(imported.split())


def test_forbidden_list_would_catch_a_leak():
    code = "import sys, rich\n" f"print(' '.join(m for m in {FORBIDDEN!r} if m in sys.modules))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "rich" in out.stdout
