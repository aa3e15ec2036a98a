"""Extractive summaries: sumy's algorithms over the project's own sentences and words.

`summarize.py` chooses sentences (`summarize`, `Summary`, `ALGORITHMS`), `speedups.py`
holds faster drop-ins for sumy's slowest summarizers, and `tokenize.py` gives sumy words,
stemmers and stop words without NLTK data downloads.
"""
