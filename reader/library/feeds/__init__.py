"""Feeds: subscriptions, fetching, parsing, OPML; another source of Articles.

A feed entry becomes an `Article` through the same `article_from_text` as a file, and is
kept in the state database (`reader.library.archive`) because there is no file to re-read.
Only `fetch`, `subscribe` and opening a URL use the network; reading stays offline.

Modules: `subscriptions` (the feeds table), `client` and `policy` (the one HTTP client
and what it may reach), `parse` and `jsonfeed` (bytes -> entries), `html_text` (entry
HTML -> text), `discover` (a page's feed links), `fulltext` (a teaser's linked page),
`refresh` (fetching every feed in parallel and keeping the new entries), `opml`.
"""
