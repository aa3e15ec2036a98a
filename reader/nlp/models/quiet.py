"""transformers prints progress bars and advice; none of it belongs on a reader's terminal.

Every place that loads or converts a transformers model calls `quiet_transformers()`
first (inside the function: importing this module imports no ML library).
"""

from __future__ import annotations


def quiet_transformers() -> None:
    """No progress bars or advice on the user's terminal."""
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()
