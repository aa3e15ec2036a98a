"""Model work in a child process that can be stopped at any moment.

Python threads cannot be killed, and one call into CTranslate2 or torch can run for
seconds, so the reader never runs a model in its own process: a helper process (a fresh
interpreter, started on first use) loads the models, answers requests over a socket and
streams results back in small steps. Cancelling a request stops its work between two
steps; quitting kills the helper at once, so nothing ever waits for a model.

- `client.ModelProcess`: the reader's side: start on demand, send, receive, cancel, kill;
- `remote`: `RemoteTagger` and `RemoteTranslator`, the models as the rest of the reader
  sees them (the `EntityTagger` and `Translator` protocols);
- `child`: the helper's main loop; `tasks`: what it runs, one step at a time.
"""

from __future__ import annotations

from reader.nlp.process.client import Cancelled, ModelProcess
from reader.nlp.process.remote import RemoteTagger, RemoteTranslator

__all__ = ["Cancelled", "ModelProcess", "RemoteTagger", "RemoteTranslator"]
