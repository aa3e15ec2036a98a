"""M2M100 and NLLB-200 end to end on tiny real models: both backends, through the
library and through `reader translate`, give what transformers' own generate gives with
the target language's token forced first (greedy, same length limit); `models add`
converts them to CTranslate2 with every language token in the vocabulary."""

from __future__ import annotations

import json
import shutil

import pytest

from reader.__main__ import main
from reader.nlp.sentences import split
from reader.errors import ReaderError
from tests.unit._marian import seed_text
from tests.unit._multilingual import KINDS, reference_generate, tiny_multilingual

pytestmark = pytest.mark.ml

# How each tokenizer names English as source (src_lang), and the language tokens of the
# source (en) and the target (de).
CODES = {"m2m100": {"src_lang": "en", "source": "__en__", "target": "__de__"},
         "nllb": {"src_lang": "eng_Latn", "source": "eng_Latn", "target": "deu_Latn"}}
LIMIT = 24  # the tiny models' generation max_length, which both backends follow


@pytest.fixture(scope="session")
def folders(tmp_path_factory):
    """Each tiny model with its float32 CTranslate2 copy in ct2/ (float32, so CTranslate2
    can be compared token for token; `models add` makes the int8 one)."""
    from reader.nlp.models.ct2 import convert

    built = tiny_multilingual(tmp_path_factory)
    root = tmp_path_factory.mktemp("multilingual")
    out = {}
    for kind in KINDS:
        out[kind] = root / kind
        shutil.copytree(built[kind], out[kind])
        convert(out[kind], out[kind] / "ct2", quantization="float32")
    return out


@pytest.fixture(scope="session")
def texts():
    return [s.text for s in split(seed_text())][:10]


@pytest.fixture(scope="session")
def expected(folders, texts):
    out = {}
    for kind in KINDS:
        out[kind] = reference_generate(folders[kind], kind, CODES[kind]["src_lang"],
                                       CODES[kind]["target"], texts,
                                       num_beams=1, max_new_tokens=LIMIT)
    return out


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_both_backends_equal_generate(folders, texts, expected, kind, backend):
    from reader.nlp.translate import load_translator

    translator = load_translator("en", "de", model=folders[kind], backend=backend, beams=1)
    assert (translator.backend, translator.kind) == (backend, kind)
    got = translator.translate(texts)
    assert got == expected[kind]
    assert len(set(got)) > 3 and all(got)  # the tiny model tells its inputs apart
    assert not any(CODES[kind]["target"] in line for line in got)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_a_language_the_model_lacks_is_named(folders, kind, backend):
    from reader.nlp.translate import load_translator

    name = {"m2m100": "M2M100", "nllb": "NLLB"}[kind]
    with pytest.raises(ReaderError, match=f"this {name} model cannot translate into 'kl'"):
        load_translator("en", "kl", model=folders[kind], backend=backend)
    if kind == "m2m100":  # no Esperanto in M2M100
        with pytest.raises(ReaderError, match="cannot translate from 'eo'"):
            load_translator("eo", "de", model=folders[kind], backend=backend)


@pytest.mark.parametrize("kind", KINDS)
def test_reader_translate_gives_generate_output_with_either_backend(
        folders, expected, kind, tmp_path, capsys):
    text = "Zelensky said security matters.\nRussia warned against the idea. Costa agreed.\n"
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    sentences = [s.text for s in split(text, "en")]
    assert len(sentences) == 3
    want = reference_generate(folders[kind], kind, CODES[kind]["src_lang"],
                              CODES[kind]["target"], sentences,
                              num_beams=1, max_new_tokens=LIMIT)
    assert all(want) and len(set(want)) == 3
    for backend in ("transformers", "ctranslate2"):
        capsys.readouterr()
        code = main(["translate", str(article), "--model", str(folders[kind]), "--backend",
                     backend, "--from", "en", "--to", "de", "--beams", "1", "--json"])
        out, err = capsys.readouterr()
        assert code == 0, err
        result = json.loads(out)
        assert result["backend"] == backend
        assert [pair["target"] for pair in result["pairs"]] == want


@pytest.mark.parametrize("kind", KINDS)
def test_models_add_converts_with_every_language_token(tmp_path_factory, kind):
    import ctranslate2  # noqa: F401 (the conversion needs it)
    from transformers import AutoConfig

    from reader.nlp import models
    from reader.nlp.translate import load_translator

    source = tiny_multilingual(tmp_path_factory)[kind]
    record = models.add(source, name=f"tiny-{kind}", convert=True)
    assert record.family == kind and record.languages == ("*", "*")
    assert record.ct2_path is not None, "the CTranslate2 conversion failed"
    vocabulary = json.loads((record.ct2_path / "shared_vocabulary.json").read_text("utf-8"))
    assert len(vocabulary) == AutoConfig.from_pretrained(source).vocab_size
    assert CODES[kind]["target"] in vocabulary and CODES[kind]["source"] in vocabulary
    translator = load_translator("fr", "de", model=record.name, beams=2)
    assert translator.backend == "ctranslate2"
    out = translator.translate(["Le président a parlé hier soir.", "Bonjour."])
    assert len(out) == 2 and all(isinstance(line, str) for line in out)


def test_m2m100_tokenizer_gets_its_language_tokens(tmp_path_factory):
    from transformers import AutoTokenizer

    from reader.nlp.models.ct2 import complete_language_tokens

    folder = tiny_multilingual(tmp_path_factory)["m2m100"]
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    expected_id = tokenizer.lang_token_to_id["__de__"]
    assert "__de__" not in tokenizer.get_vocab()  # as transformers 5 saves and loads it
    complete_language_tokens(tokenizer)
    assert tokenizer.get_vocab()["__de__"] == expected_id
    assert tokenizer.decode([expected_id, 2], skip_special_tokens=True) == ""
    complete_language_tokens(tokenizer)  # a second call changes nothing
    assert len(tokenizer) == len(tokenizer.get_vocab())
