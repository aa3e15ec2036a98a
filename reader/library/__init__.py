"""Headless core: articles, where they come from, and their lasting state."""
