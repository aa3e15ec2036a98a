"""Tiny real BERT token-classification models for the entity tests (no downloads).

`tiny_bert(tmp_path_factory)` builds a random-weight model once per test session; the
"all ORG" variant has a classifier that predicts I-ORG for every token with a known
probability, so tests can reason about exact spans and scores.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests import ml

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
CORPUS = (
    "Angela Merkel met Emmanuel Macron in Paris on Monday . "
    "Zürich Müller café Élodie Москва Владимир Путин встретился "
    "The United Nations and Google spoke in Berlin about [bold] news ."
)
_built: dict[str, Path] = {}


def vocabulary(texts=()) -> list[str]:
    """Specials, single characters and their ## forms, then the words of `texts`."""
    chars = sorted({c for t in (CORPUS, *texts) for c in t if not c.isspace()})
    words = sorted({w for t in (CORPUS, *texts) for w in re.findall(r"\w+", t)} - set(chars))
    vocab = list(SPECIALS) + chars + [f"##{c}" for c in chars] + words
    return list(dict.fromkeys(vocab))


def build(folder: Path, vocab: list[str], *, all_org: float | None = None,
          hidden: int = 32, layers: int = 2, max_positions: int = 512) -> Path:
    """Save a BertForTokenClassification + fast tokenizer to `folder` (safetensors)."""
    ml.require()
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = BertTokenizerFast(vocab={t: i for i, t in enumerate(vocab)},
                                  do_lower_case=False, strip_accents=False,
                                  tokenize_chinese_chars=True)
    tokenizer.save_pretrained(folder)
    heads = max(2, hidden // 64)
    config = BertConfig(vocab_size=len(vocab), hidden_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=heads, intermediate_size=hidden * 2 if hidden < 64
                        else hidden * 4, max_position_embeddings=max_positions,
                        initializer_range=0.5 if hidden < 64 else 0.02,
                        id2label=dict(enumerate(LABELS)),
                        label2id={label: i for i, label in enumerate(LABELS)})
    torch.manual_seed(0)
    model = BertForTokenClassification(config)
    if all_org is not None:
        # Only the bias decides: I-ORG gets probability `all_org`, the rest share the remainder.
        import math

        others = (1 - all_org) / (len(LABELS) - 1)
        with torch.no_grad():
            model.classifier.weight.zero_()
            model.classifier.bias.fill_(math.log(others))
            model.classifier.bias[LABELS.index("I-ORG")] = math.log(all_org)
    model.save_pretrained(folder, safe_serialization=True)
    return folder


def tiny_bert(tmp_path_factory, kind: str = "random", texts=()) -> Path:
    """The session's tiny model of `kind` ("random" or "all-org"), built on first use."""
    if kind not in _built:
        ml.require()
        root = ml.built_once(tmp_path_factory, f"bert-{kind}", lambda folder: build(
            folder / "model", vocabulary(texts), all_org=0.7 if kind == "all-org" else None))
        _built[kind] = root / "model"
    return _built[kind]


def write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value), encoding="utf-8")


def build_labelled(folder: Path, vocab: list[str], logits: dict[str, dict[str, float]],
                   *, default: dict[str, float] | None = None) -> Path:
    """A BERT token classifier whose output for a token depends on that token alone, set by
    hand: `logits[token]` gives its label logits (labels not named get 0); every other
    token gets `default` (strongly "O").

    Every layer's attention and feed-forward outputs are zeroed and position and segment
    embeddings too, so the last hidden state of a token is LayerNorm(its embedding); each
    listed token's embedding is its own unit vector, and the classifier maps that vector
    to the wanted logits.
    """
    ml.require()
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

    default = default or {"O": 10.0}
    hidden = max(32, len(logits) + 2)
    hidden += hidden % 2
    folder.mkdir(parents=True, exist_ok=True)
    BertTokenizerFast(vocab={t: i for i, t in enumerate(vocab)}, do_lower_case=False,
                      strip_accents=False).save_pretrained(folder)
    config = BertConfig(vocab_size=len(vocab), hidden_size=hidden, num_hidden_layers=1,
                        num_attention_heads=2, intermediate_size=hidden,
                        id2label=dict(enumerate(LABELS)),
                        label2id={label: i for i, label in enumerate(LABELS)})
    model = BertForTokenClassification(config)
    wanted = [default] + [logits[t] for t in logits]  # unit vector k -> wanted[k]
    with torch.no_grad():
        for layer in model.bert.encoder.layer:
            for dense in (layer.attention.output.dense, layer.output.dense):
                dense.weight.zero_()
                dense.bias.zero_()
        model.bert.embeddings.position_embeddings.weight.zero_()
        model.bert.embeddings.token_type_embeddings.weight.zero_()
        words = model.bert.embeddings.word_embeddings.weight
        words.zero_()
        words[:, 0] = 1.0
        for k, token in enumerate(logits, start=1):
            words[vocab.index(token)] = torch.nn.functional.one_hot(
                torch.tensor(k), hidden).float()
        # LayerNorm of a unit vector: `high` on its own axis, `low` on every other one.
        high = (1 - 1 / hidden) / (1 / hidden - 1 / hidden ** 2) ** 0.5
        low = -(1 / hidden) / (1 / hidden - 1 / hidden ** 2) ** 0.5
        weight = torch.zeros(len(LABELS), hidden)
        for k, values in enumerate(wanted):
            for label, value in values.items():
                weight[LABELS.index(label), k] = value / (high - low)
        model.classifier.weight.copy_(weight)
        model.classifier.bias.copy_(-low * weight.sum(dim=1))
    model.save_pretrained(folder, safe_serialization=True)
    return folder
