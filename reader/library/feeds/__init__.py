"""Feeds: subscriptions, fetching, parsing, OPML; another source of Articles.

A feed entry becomes an `Article` through the same `article_from_text` as a file, and is
kept in the state database (`reader.library.archive`) because there is no file to re-read.
Only fetching, subscribing and opening a web address use the network; reading stays
offline.

What a front end needs, all headless and synchronous (call them from a worker thread):
- `subscriptions.feeds(store)`: every feed (`Feed`) with `articles` and `unread` counts,
  `folder`, `status` and `error`;
- `archive.listing(store, feed_url)`: a feed's articles (`Kept` rows: id, title, link,
  published, read, starred), or every feed's with None; `archive.get(store, id)`: the
  Article itself;
- `refresh.refresh(store, urls=None, progress=fn, stop=event)`: fetch, calling
  `fn(result, done, total)` as each feed finishes (from the fetching thread);
- `reader.library.search.search(store, query)`: ranked hits with their passage.

Modules: `subscriptions` (the feeds table), `add` (subscribing, with `discover`),
`client` and `policy` (the one HTTP client and what it may reach), `parse`,
`fastpath` and `jsonfeed` (bytes -> entries), `html_text` (entry HTML -> text), `digest` (entries ->
Articles), `fulltext` (a teaser's linked page), `refresh` (fetching every feed in
parallel), `pages` (web pages kept to read later), `opml`.
"""
