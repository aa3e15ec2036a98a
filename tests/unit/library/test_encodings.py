"""Files in legacy code pages and UTF-16 read right: a table of languages and encodings,
each sample written here in Unicode and encoded by the test."""

from __future__ import annotations

import random

import pytest

from reader.library import decode, sources
from reader.library.scripts import odd_characters
from tests.unit._prose import PROSE

SAMPLES = {
    "cs": "Vláda v úterý schválila nový rozpočet pro síť veřejných knihoven, po několika "
          "měsících bouřlivých debat. Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "sk": "Vláda v utorok schválila nový rozpočet pre sieť verejných knižníc. Ďateľ ťukal "
          "do kôry a mäsiar vážil ľúbezné kúsky.",
    "pl": "Rada miasta we wtorek zatwierdziła nowy budżet dla sieci bibliotek publicznych. "
          "Mieszkańcy z zadowoleniem przyjęli tę decyzję. Zażółć gęślą jaźń.",
    "hu": "A városi tanács kedden jóváhagyta a közkönyvtárak új költségvetését, több "
          "hónapnyi heves vita után. Árvíztűrő tükörfúrógép.",
    "sl": "Mestni svet je v torek potrdil nov proračun za mrežo javnih knjižnic. Prebivalci "
          "so odločitev pozdravili, čeprav je šlo za težko razpravo.",
    "hr": "Gradsko vijeće u utorak je odobrilo novi proračun za mrežu knjižnica. Građani su "
          "pozdravili odluku, a oporba kaže da je trošak loše pripremljen.",
    "ro": "Consiliul local a aprobat marţi un nou buget pentru reţeaua de biblioteci publice. "
          "Locuitorii au salutat decizia, după luni de dezbateri aprinse.",
    "ru": "Городской совет во вторник утвердил новый бюджет для сети публичных библиотек "
          "после нескольких месяцев напряжённых обсуждений.",
    "uk": "Міська рада у вівторок затвердила новий бюджет для мережі публічних бібліотек "
          "після кількох місяців гострих дискусій. Мешканці вітали це рішення.",
    "bg": "Общинският съвет одобри във вторник нов бюджет за мрежата от обществени "
          "библиотеки след няколко месеца разгорещени дебати.",
    "ja": "市議会は火曜日、数か月にわたる激しい議論の末、公共図書館の新しい予算を承認しました。"
          "開館時間の延長を求めていた住民はこの決定を歓迎しました。",
    "zh": "市议会星期二批准了公共图书馆系统的新预算，此前经过了几个月的激烈讨论。"
          "长期要求延长开放时间的居民对这一决定表示欢迎。",
    "ko": "시의회는 화요일 몇 달간의 격렬한 논의 끝에 공공 도서관의 새 예산을 승인했습니다. "
          "개관 시간 연장을 요구해 온 주민들은 이 결정을 환영했습니다.",
    "fr": "Le conseil municipal a voté mardi un nouveau budget pour les bibliothèques. "
          "Les habitants ont salué cette décision « très attendue », dit-on à l’hôtel de ville.",
    "de": "Die Stadtverwaltung hat am Montag beschlossen, die Öffnungszeiten der Bibliotheken "
          "zu verlängern. Größere Säle öffnen im September – für 15 € im Jahr.",
    "en": "The council approved the new budget on Tuesday. “It is a good day,” said the mayor.",
}

TABLE = [
    *((lang, "cp1250") for lang in ("cs", "sk", "pl", "hu", "sl", "hr", "ro")),
    *((lang, "iso8859_2") for lang in ("cs", "sk", "pl", "hu", "sl", "hr", "ro")),
    *((lang, "cp1251") for lang in ("ru", "uk", "bg")),
    ("ru", "koi8_r"),
    ("ja", "shift_jis"),
    ("ja", "euc_jp"),
    ("zh", "gb18030"),
    ("ko", "euc_kr"),
    *((lang, "cp1252") for lang in ("fr", "de", "en")),
    *((lang, enc) for lang in ("en", "ru", "zh", "ja", "cs")
      for enc in ("utf-16", "utf-16-le", "utf-16-be")),
]


@pytest.mark.parametrize(("language", "encoding"), TABLE)
@pytest.mark.parametrize("paragraphs", [1, 3])
def test_encoded_samples_read_right(language, encoding, paragraphs):
    text = "\n\n".join([SAMPLES[language]] * paragraphs) + "\n"
    assert decode.decode(text.encode(encoding)) == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("language", ["ru", "zh", "en"])
def test_utf16_without_byte_order_mark_is_text_not_binary(tmp_path, encoding, language):
    path = tmp_path / "article.txt"
    body = "\n\n".join([SAMPLES[language], *PROSE[language]])
    path.write_bytes(("Library budget\n\n" + body + "\n").encode(encoding))
    assert not decode.looks_binary(path.read_bytes())
    article = sources.load(path)
    assert article.text == "Library budget\n\n" + body
    assert article.language == language


def test_binary_data_is_still_binary():
    noise = random.Random(8).randbytes(4096)
    assert decode.looks_binary(noise)
    assert decode.looks_binary(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)


def test_a_western_guess_for_central_european_text_is_tried_again():
    data = SAMPLES["hu"].encode("cp1250")
    assert data.decode("cp1252") != SAMPLES["hu"]  # the wrong code page decodes too
    assert decode.decode(data) == SAMPLES["hu"]


def test_odd_characters_count_letters_a_language_does_not_have():
    wrong = SAMPLES["cs"].encode("cp1250").decode("cp1252", errors="replace")
    assert odd_characters(SAMPLES["cs"], "cs") == 0
    assert odd_characters(wrong, "cs") >= 5
    assert odd_characters("Привет, мир", "zh") == 9
