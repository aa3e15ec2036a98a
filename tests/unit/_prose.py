"""Paragraphs of prose in several languages, and ways to hard-wrap them, for the tests of
reflow, blocks and summaries."""

from __future__ import annotations

import textwrap
import unicodedata

PROSE = {
    "en": [
        "The city council of Springfield, which has been under pressure since last year, "
        "voted on Tuesday to approve a new budget for the public library system. The "
        "decision was welcomed by residents who had campaigned for longer opening hours. "
        "Several members argued that the money would be better spent on roads.",
        "According to the mayor, the library will hire twelve new staff members before the "
        "end of the summer. Reading rooms in the northern districts are expected to reopen "
        "in September, and a mobile library will visit the villages twice a week.",
        "Critics said the plan had been rushed through without a proper public "
        "consultation. The council promised to publish the full figures next month, "
        "together with an independent review of the spending.",
    ],
    "de": [
        "Die Stadtverwaltung hat am Montag beschlossen, die Öffnungszeiten der öffentlichen "
        "Bibliotheken deutlich zu verlängern. Viele Bürgerinnen und Bürger hatten sich seit "
        "Jahren für diese Änderung eingesetzt und zahlreiche Unterschriften gesammelt. Die "
        "zusätzlichen Kosten sollen aus dem Kulturhaushalt gedeckt werden.",
        "Nach Angaben des Bürgermeisters werden bis zum Ende des Sommers zwölf neue "
        "Mitarbeiter eingestellt. Die Lesesäle in den nördlichen Stadtteilen sollen im "
        "September wieder öffnen, und ein Bücherbus wird zweimal pro Woche die umliegenden "
        "Dörfer besuchen.",
    ],
    "fr": [
        "Le conseil municipal a voté mardi un nouveau budget pour le réseau des "
        "bibliothèques publiques, après plusieurs mois de débats parfois houleux. Les "
        "habitants qui réclamaient des horaires d'ouverture plus longs ont salué cette "
        "décision, tandis que l'opposition dénonce une dépense mal préparée.",
        "Selon le maire, douze nouveaux agents seront recrutés avant la fin de l'été. Les "
        "salles de lecture des quartiers nord devraient rouvrir en septembre, et un bibliobus "
        "desservira les villages voisins deux fois par semaine.",
    ],
    "es": [
        "El ayuntamiento aprobó el martes un nuevo presupuesto para la red de bibliotecas "
        "públicas, después de varios meses de debates intensos. Los vecinos que pedían "
        "horarios de apertura más amplios celebraron la decisión, mientras que la oposición "
        "critica un gasto mal planificado.",
        "Según el alcalde, se contratarán doce nuevos trabajadores antes del final del "
        "verano. Las salas de lectura de los barrios del norte volverán a abrir en "
        "septiembre, y un bibliobús visitará los pueblos cercanos dos veces por semana.",
    ],
    "ru": [
        "Городской совет во вторник утвердил новый бюджет для сети публичных библиотек "
        "после нескольких месяцев напряжённых обсуждений. Жители, которые добивались более "
        "долгих часов работы, приветствовали это решение, а оппозиция критикует плохо "
        "подготовленные расходы.",
        "По словам мэра, до конца лета будут наняты двенадцать новых сотрудников. Читальные "
        "залы в северных районах должны вновь открыться в сентябре, а передвижная "
        "библиотека будет дважды в неделю посещать соседние деревни.",
    ],
    "zh": [
        "市议会星期二批准了公共图书馆系统的新预算，此前经过了几个月的激烈讨论。"
        "长期要求延长开放时间的居民对这一决定表示欢迎，而反对派则批评这笔开支准备不足。"
        "议员们表示，将在下个月公布完整的数字。",
        "据市长介绍，夏季结束前将招聘十二名新员工。北部城区的阅览室预计九月重新开放，"
        "流动图书馆每周两次前往附近的村庄。",
    ],
}


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(paragraph: str, width: int) -> str:
    """`paragraph` hard-wrapped at `width` columns (by characters for text without spaces)."""
    if " " in paragraph:
        return textwrap.fill(paragraph, width, break_long_words=False, break_on_hyphens=False)
    lines, line = [], ""
    for ch in paragraph:
        if columns(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return "\n".join([*lines, line])


def wrapped(language: str, width: int) -> str:
    return "\n\n".join(wrap(p, width) for p in PROSE[language])
