"""Headless core: pure functions over plain data (sentences, summaries, translation, entities)."""
