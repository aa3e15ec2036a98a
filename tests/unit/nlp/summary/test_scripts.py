"""Summaries in every script: stemmed where sumy can, segmented for Chinese and Japanese,
letter pairs for Thai, a note whenever words are compared unstemmed; never a crash and
never a sentence cut inside a word."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.nlp.summary.summarize import ALGORITHMS, summarize
from reader.nlp.summary.tokenize import WordTokenizer
from tests.unit._prose import PROSE

UNSTEMMED = "words are compared unstemmed"
SCRIPTS = {
    "en": ("\n".join(PROSE["en"]), None),
    "ru": ("\n".join(PROSE["ru"]), "no stop words for ru"),
    "el": ("Το δημοτικό συμβούλιο ενέκρινε την Τρίτη νέο προϋπολογισμό για τις δημόσιες "
           "βιβλιοθήκες. Οι κάτοικοι που ζητούσαν μεγαλύτερο ωράριο χαιρέτισαν την απόφαση. "
           "Θα φτάσουν τα χρήματα για όλα αυτά τα σχέδια;\nΣύμφωνα με τον δήμαρχο, η "
           "βιβλιοθήκη θα προσλάβει δώδεκα νέους υπαλλήλους πριν από το τέλος του "
           "καλοκαιριού. Μια κινητή βιβλιοθήκη θα επισκέπτεται τα γειτονικά χωριά δύο φορές "
           "την εβδομάδα.", UNSTEMMED),
    "ar": ("وافق مجلس المدينة يوم الثلاثاء على ميزانية جديدة لشبكة المكتبات العامة بعد أشهر "
           "من النقاش. رحب السكان الذين طالبوا بساعات عمل أطول بهذا القرار. هل ستكفي الميزانية "
           "الجديدة لكل هذه الخطط؟\nقال رئيس البلدية إن المكتبة ستوظف اثني عشر موظفا جديدا "
           "قبل نهاية الصيف. ستعيد قاعات القراءة في الأحياء الشمالية فتح أبوابها في سبتمبر.",
           None),
    "he": ("מועצת העיר אישרה ביום שלישי תקציב חדש לרשת הספריות הציבוריות לאחר חודשים של "
           "ויכוחים. התושבים שדרשו שעות פתיחה ארוכות יותר בירכו על ההחלטה. האופוזיציה מתחה "
           "ביקורת על ההוצאה שלדבריה לא הוכנה היטב.\nלדברי ראש העיר, הספרייה תעסיק שנים עשר "
           "עובדים חדשים לפני סוף הקיץ. ספרייה ניידת תבקר בכפרים הסמוכים פעמיים בשבוע.",
           UNSTEMMED),
    "hi": ("नगर परिषद ने मंगलवार को कई महीनों की बहस के बाद सार्वजनिक पुस्तकालयों के लिए नया बजट "
           "मंजूर किया। लंबे समय तक खुले रहने की मांग करने वाले निवासियों ने इस फैसले का स्वागत "
           "किया। विपक्ष ने कहा कि यह खर्च ठीक से तैयार नहीं किया गया।\nमहापौर के अनुसार गर्मियों "
           "के अंत से पहले पुस्तकालय बारह नए कर्मचारियों को नियुक्त करेगा। एक चलता-फिरता "
           "पुस्तकालय सप्ताह में दो बार आसपास के गांवों में जाएगा।",
           "no stemmer or stop words for hi"),
    "ko": ("시의회는 화요일 몇 달간의 논의 끝에 공공 도서관의 새 예산을 승인했습니다. 개관 시간 "
           "연장을 요구해 온 주민들은 이 결정을 환영했습니다. 야당은 이 지출이 제대로 준비되지 "
           "않았다고 비판했습니다.\n시장에 따르면 도서관은 여름이 끝나기 전에 열두 명의 새 "
           "직원을 채용할 예정입니다. 이동 도서관은 일주일에 두 번 인근 마을을 방문합니다.",
           UNSTEMMED),
    "th": ("สภาเมืองอนุมัติงบประมาณใหม่สำหรับห้องสมุดประชาชนเมื่อวันอังคารหลังจากถกเถียงกันมาหลายเดือน\n"
           "ชาวบ้านที่เรียกร้องให้ขยายเวลาเปิดทำการต่างยินดีกับการตัดสินใจครั้งนี้เป็นอย่างมาก\n"
           "ฝ่ายค้านวิจารณ์ว่าค่าใช้จ่ายนี้ไม่ได้เตรียมการมาอย่างดีและอาจไม่คุ้มค่า\n"
           "นายกเทศมนตรีกล่าวว่าห้องสมุดจะจ้างพนักงานใหม่สิบสองคนก่อนสิ้นฤดูร้อน",
           "no word segmenter for th"),
    "zh": ("\n".join(PROSE["zh"]), None),
    "ja": ("市議会は火曜日、数か月にわたる議論の末、公共図書館の新しい予算を承認しました。"
           "開館時間の延長を求めていた住民はこの決定を歓迎しました。"
           "野党はこの支出の準備が不十分だと批判しました。\n"
           "市長によると、図書館は夏の終わりまでに十二人の新しい職員を採用する予定です。"
           "移動図書館は週に二回、近くの村を訪れます。", None),
}


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_every_script_summarises_into_whole_sentences(language, algorithm):
    text, note = SCRIPTS[language]
    summary = summarize(text, language, algorithm, sentences=2)
    assert len(summary.sentences) == 2
    for sentence in summary.sentences:
        assert text[sentence.start:sentence.end] == sentence.text
        before = text[sentence.start - 1] if sentence.start else " "
        after = text[sentence.end] if sentence.end < len(text) else " "
        assert not (before.isalnum() and sentence.text[0].isalnum()), "cut inside a word"
        assert not (after.isalnum() and sentence.text[-1].isalnum()), "cut inside a word"
    if note is None:
        assert summary.note is None
    else:
        assert note in summary.note


def test_chinese_and_japanese_words_are_whole_words():
    assert "图书馆" in WordTokenizer("zh").to_words("市议会批准了公共图书馆系统的新预算。")
    assert {"新しい", "予算", "承認"} <= set(WordTokenizer("ja").to_words("公共図書館の新しい予算を承認"))
    thai = WordTokenizer("th").to_words("ห้องสมุด")
    assert thai[0] == "ห้" and len(thai) == len("ห้องสมุด") - 1


def test_segmenters_load_quietly_and_keep_their_cache_with_reader(tmp_path):
    code = ("from reader.nlp.summary.segment import segment\n"
            "print(segment('市议会批准了公共图书馆系统的新预算', 'zh'))\n"
            "print(segment('公共図書館の新しい予算', 'ja'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stderr == ""
    assert "'图书馆'" in out.stdout and "'予算'" in out.stdout
    from reader.locations import cache_dir

    assert (cache_dir() / "jieba.cache").exists()
