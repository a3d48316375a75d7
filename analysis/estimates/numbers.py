"""Numbers in text: digits, number words, ranges, scales, currencies, units and vague magnitudes;
the one compiled master pattern that finds every candidate."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple
import re

from analysis.estimates.words import LETTER_RUNS, STOP_WORDS, lexicon_fields, normalise, trie
from analysis.lexicons import load_lexicon, trie_alternation


UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}


SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12,
    "b": 1e9, "mil": 1e6, "mln": 1e6, "bln": 1e9,
}


# Scale letters that are also letters of names and codes ("3M", "B52"): read as a scale only
# after a currency ("$13.6M", "$4.2b") or on a decimal ("4.3M"); "mil", "mln" and "bln" always.
_AMBIGUOUS_SCALES = frozenset({"M", "B", "b"})


_CURRENCY_SYMBOLS = "$€£¥₩₽₹₪"


@cache
def currencies() -> dict[str, str]:
    """Written form -> currency (``lexicons/estimate_currencies.txt``): symbols, codes and nouns."""
    return {form: currency for form, currency in lexicon_fields("estimate_currencies")}


@cache
def units() -> dict[str, tuple[str, str]]:
    """Written form -> (unit, how it is written: glued or word), ``lexicons/estimate_units.txt``."""
    return {form: (unit, how) for form, unit, how in lexicon_fields("estimate_units")}


def _glued_units() -> list[str]:
    return [form for form, (_, how) in units().items() if how == "glued"]


MEASURE_UNITS = frozenset({"mm", "cm", "km", "kg", "kph", "mph", "ft", "ml", "kw", "mw", "gw", "kt", "km2", "sqkm"})


_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth twentieth "
    "hundredth thousandth millionth firstly secondly thirdly fourthly fifthly"
).split()


# Words joined to a number by a hyphen that are not part of a code: a bound ("sub-300 sq m",
# "under-21s"), a sign ("minus-1.4 degrees") or a time ("her now-18-month-old daughter"). The
# number is read on its own and the word is its qualifier (``lexicons/estimate_qualifiers.txt``);
# other letters before a hyphen and digits make a code ("F-16", "Covid-19").
_PREFIXES = "sub|under|over|minus|now|near|nearly|almost|about|around"


_MINUS_WORD = re.compile(r"(?i)\bminus[\s-]$")


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)


class Token(NamedTuple):
    """A raw match of the master pattern, before ranges are merged (a tuple: cheap to build)."""

    kind: str
    start: int
    end: int
    value: float | None = None
    scaled: bool = False
    currency: str = ""
    percent: bool = False
    plain_digits: str = ""
    unit: str = ""
    high: float | None = None  # the second number of a range or a score ("2-1"), as the merge read it
    inner: str = ""  # the unit words inside a range "from 208 pounds to 193" ("pounds")


@cache
def vague_magnitudes() -> dict[str, tuple[float, float]]:
    """The documented phrase -> (low, high) table for vague magnitudes."""
    return {phrase: (float(low), float(high)) for phrase, low, high in lexicon_fields("vague_magnitudes")}


_SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion", "dozen")
_NUMBER_WORDS = [*UNITS, *_SCALE_WORDS]


@cache
def _gate_words() -> tuple[list[str], list[str]]:
    """The lower-case words at which a letter-led alternative of the master pattern may start
    (number and scale words, the first words of vague magnitudes, ordinals, "half", months), and
    the words after which "a" starts a number ("a dozen", "a third", "a handful", "a few
    hundred"). :func:`_pieces` builds its keyword gate from them and :func:`may_hold_number` its
    word test, so the two cannot drift apart."""
    first_words = {phrase.split()[0] for phrase in vague_magnitudes()} | set(_NUMBER_WORDS) | set(_ORDINAL_WORDS)
    month_words = "jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december"
    keywords = sorted((first_words | {"half"} | set(month_words.split())) - {"a"})
    # "a" starts a number only before a scale word, a fraction or the second word of a vague
    # magnitude: only there is it a keyword.
    after_a = sorted({phrase.split()[1] for phrase in vague_magnitudes() if phrase.startswith("a ")}
                     | set(_SCALE_WORDS) | {"third", "quarter", "fourth", "fifth"})
    return keywords, after_a


@cache
def _gate_word_bytes() -> frozenset[bytes]:
    """The words of :func:`_gate_words` as :func:`may_hold_number` reads them: lower-case bytes."""
    keywords, after_a = _gate_words()
    return frozenset(word.encode("ascii") for word in (*keywords, *after_a))


# What every match of the master pattern that the extractor keeps needs (see may_hold_number):
# a digit (``\d``, any script, as the pattern reads it), or "/", "@", "#" (URLs and handles). The
# ASCII class is searched first (a bitmap test per character, about half the cost of ``\d``'s
# Unicode category test); ``\d`` only in a text beyond ASCII that holds no ASCII digit.
_ASCII_DIGIT_OR_MARK = re.compile(r"[0-9/@#]")
_DIGIT = re.compile(r"\d")


def may_hold_number(text: str) -> bool:
    """False when the master pattern finds nothing in ``text``, so :func:`tokens` is empty: no
    digit, no "/", "@", "#" or "www." (a URL or handle), and no run of ASCII letters that is,
    in lower case, one of the words a letter-led alternative starts with (:func:`_gate_words`).

    Why that suffices: every digit-led alternative, currency code, glued code ("F-16"), date
    after a month and currency symbol needs a digit; a URL needs "/" or "www." and a handle
    "@" or "#"; every other letter-led alternative passes the pattern's keyword gate, which
    needs a keyword (lower case or capitalised) with no ASCII letter before it and a word
    boundary after it, so the keyword is a whole run of ASCII letters. Most sentences of a news
    article hold no number: for them this costs a character-class search, and the text's
    letter runs made by ``bytes.translate`` and ``split`` and tested against a set, all in C,
    instead of the master pattern tried at every word (``tests/test_estimates_fast_paths.py``
    holds it to the full scan)."""
    if _ASCII_DIGIT_OR_MARK.search(text) or "www." in text or (not text.isascii() and _DIGIT.search(text)):
        return True
    return not _gate_word_bytes().isdisjoint(text.encode("utf-8", "surrogatepass").translate(LETTER_RUNS).split())


@cache
def _pieces() -> dict[str, str]:
    """The alternatives of the master pattern, grouped by their first character: ``word_led`` (a
    digit or a letter, not inside a word) and ``symbol_led`` with their symbol-first variant.

    Letter-led alternatives are only tried at a word that is a number keyword, a currency code
    before a digit, or the start of a URL or a code. Within a group, alternatives are tried in
    the order written.
    """
    words = trie(_NUMBER_WORDS)
    scale_words = "|".join(_SCALE_WORDS)
    keyword_words, after_a = _gate_words()
    keywords = trie(keyword_words)
    months = _MONTHS
    # The decimals are possessive, so "4.3M" is never read as "4"; a decimal may start with its
    # point (".001 per cent", "a .500 record"). The digits that open a time, date, ordinal, share or
    # notation are possessive too: what follows them is never a digit, so giving one back could
    # not help, and the engine is spared trying.
    digits = r"(?:(?:\d{1,3}(?:,\d{3})++|\d{1,3}(?:[ \u00a0\u202f]\d{3})++(?![\d,])|\d++)(?:\.\d+)?+|\.\d++)"
    # Guards (a lookahead of one character class) before the case-insensitive alternations: the
    # engine tries their branches one by one with case folding, the class in one test.
    scale = r"(?:[\s-]?(?=(?i:[mbth]))(?i:million|billion|trillion|thousand|hundred)(?!\w)|(?:bn|mn|mln|bln|mil|m|k|tn|M|B|b)(?![\w%]))"
    percent = r"(?:\s?%|\s?(?i:per\s?cent|percent)\b)"
    zones = r"(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|KST|JST|IST|local\s+time)\b"
    glued = trie_alternation(_glued_units())
    glued_openings = "".join(sorted({re.escape(form[0]) for form in _glued_units()}))
    codes = trie_alternation(code.upper().replace("RS", "Rs") for code in currency_codes())
    digit_led = rf"""
        (?P<isodate>\d{{4}}-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?(?![\w-]))
      | (?P<time>[0-2]\d[0-5]\d\s?{zones}|\d{{1,2}}+(?:[:.]\d{{2}}(?::\d{{2}})?\s?{zones}|:\d{{2}}(?:\s?[ap]\.?m\.?)?(?!\d)|\.\d{{2}}\s?[ap]\.?m\.?|\s?[ap]\.m\.|\s?[ap]m\b))
      | (?P<date>\d{{1,2}}+(?:st|nd|rd|th)?\s+(?:of\s+)?{months}(?:,?\s+\d{{4}})?(?!\w) | (?:1[89]|20)\d0s\b)
      | (?P<ordinal>\d++(?:st|nd|rd|th)\b)
      | (?P<unum>(?P<udigits>{digits})(?P<uscale>{scale})?[\s-]?(?P<uunit>(?=(?i:[{glued_openings}]))(?i:{glued}))(?![\w/]))
      | (?P<sci>(?=[\d.]*+\s?[×xeE])(?:(?P<smant>\d++(?:\.\d++)?+)\s?[×x]\s?10(?:\^(?P<sexp>[+\-−]?\d{{1,3}})|(?P<sexp2>[−-]\d{{1,3}})|(?P<ssup>[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))|(?P<emant>\d++\.\d++)[eE](?P<sexp3>[+\-−]?\d{{1,3}}))(?!\w))
      | (?P<ratio>(?P<rnum>\d{{1,3}}+)\s+out\s+of\s+(?P<rden>\d{{1,3}}(?:,\d{{3}})*)(?![\d,.]))
      | (?P<num>(?P<digits>{digits})(?P<scale>{scale})?(?P<pct>{percent})?(?!\w))
      | (?P<code>\d++[A-Za-z][\w-]*+)"""
    letter_led = rf"""
        (?P<url>(?:https?://|www\.)\S+|[\w-]++(?:\.[\w-]++)+/\S*)
      | (?P<mdate>{months}\s+(?:\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)(?!\w|,\d))
      | (?P<ccnum>(?P<ccode>{codes})\s?(?P<ccdigits>{digits})(?P<ccscale>{scale})?(?!\w))
      | (?P<wratio>(?:(?P<wrnum>{words})\s+out\s+of|[Oo]ne\s+in)\s+(?P<wrden>{words}\b|\d{{1,3}}(?![\d,.]))(?!-))
      | (?P<fraction>(?:(?<!\b[Tt]his\s)(?<!\b[Tt]hat\s)(?<!\b[Nn]ext\s)(?<!\b[Ll]ast\s)(?<!\b[Ff]irst\s)(?<!\b[Ss]econd\s)[Hh]alf(?!\s+an?\s+(?:hundred|thousand|million|billion|trillion|dozen)\b)|[Aa]\s+(?:third|quarter|fourth|fifth)|(?:[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our)[\s-](?:thirds?|quarters?|fourths?|fifths?))\b(?!-))
      | (?P<wordinal>{trie(_ORDINAL_WORDS)}\b)
      | (?P<vague>{trie(list(vague_magnitudes()))}\b)
      | (?P<word>(?:(?:[Hh]alf\s+)?[Aa]\s+(?:{scale_words})\b|{words}(?:(?:\s+|-){words}|(?:(?<=hundred)|(?<=thousand))\s+and\s+{words})*)\b(?P<wpct>\s(?i:per\s?cent|percent)\b)?)
      | (?P<lcode>(?!(?i:{_PREFIXES})-[\d.])[A-Za-z]++-?\d[\w-]*+)"""
    symbol_led = rf"""
        (?P<handle>(?<![\w@])[@#]\w+)
      | (?P<cnum>(?P<cur>[{_CURRENCY_SYMBOLS}])\s?(?P<cdigits>{digits})(?P<cscale>{scale})?(?!\w))
      | (?P<decade>(?<!\w)['’]\d0s\b)"""
    # Any other word starts a match only as a URL or a code ("F-16", "Covid-19"): it runs into a
    # digit, dot, colon or hyphen, and then begins one of those two alternatives.
    url_or_code = rf"(?=[A-Za-z]++[-\d.:])(?:https?://|www\.|[\w-]++(?:\.[\w-]++)+/|(?!(?i:{_PREFIXES})-[\d.])[A-Za-z]++-?\d)"
    word_led = rf"""(?:(?=\.?\d)(?:{digit_led})|(?=[A-Za-z])(?=(?:{keywords})\b|[Aa]\s+(?:{"|".join(after_a)})\b|{url_or_code}|(?:{codes})\s?\d)(?:{letter_led}))"""
    # The same symbol-led alternatives with the symbol read first, by one character class; each
    # alternative then checks with a lookbehind which symbol it was (and what stands before it).
    symbol_first = rf"""[{_CURRENCY_SYMBOLS}@#'’](?:
        (?P<handle>(?<=[@#])(?<![\w@].)\w+)
      | (?P<cnum>(?<=(?P<cur>[{_CURRENCY_SYMBOLS}]))\s?(?P<cdigits>{digits})(?P<cscale>{scale})?(?!\w))
      | (?P<decade>(?<=['’])(?<!\w.)\d0s\b))"""
    return {"word_led": word_led, "symbol_led": symbol_led, "symbol_first": symbol_first}


@cache
def _master() -> re.Pattern[str]:
    """The single scanning pattern: nothing starts inside a word, and alternatives are grouped by
    their first character (digit, letter, symbol), so most positions fail after one or two checks.
    :func:`_matches` finds the same matches faster with the two patterns below."""
    pieces = _pieces()
    return re.compile(rf"""(?<![A-Za-z0-9_.,]){pieces["word_led"]}
      | (?=[{_CURRENCY_SYMBOLS}@#'’])(?:{pieces["symbol_led"]})""", re.VERBOSE)


@cache
def _after_boundary() -> re.Pattern[str]:
    """The master's digit- and letter-led alternatives after the character before them, which is
    read first by one character class (no letter, digit, "_", "." or ","): the engine skips the
    inside of words in C instead of trying the pattern at every position. A match starts one
    character before the number."""
    return re.compile(rf"[^A-Za-z0-9_.,]{_pieces()['word_led']}", re.VERBOSE)


@cache
def _symbol_first() -> re.Pattern[str]:
    """The master's symbol-led alternatives (handles, currency symbols, decades), symbol first."""
    return re.compile(_pieces()["symbol_first"], re.VERBOSE)


def _matches(text: str) -> list[tuple[re.Match[str], int]]:
    """The matches of :func:`_master` over ``text`` with where each number starts, in text order.

    The same matches as ``_master().finditer(text)``, found with two patterns that the engine
    can skip through in C: a number or word after a boundary character (:func:`_after_boundary`,
    whose match starts one character early) and a symbol (:func:`_symbol_first`). At one
    position only one of them can match (a number starts with a digit, dot or letter; the other
    with a symbol), so the earlier of the two next matches is the master's next match; after it,
    each pattern searches again from its end. The start of the text has no character before it:
    the master itself is tried there."""
    boundary, symbol = _after_boundary(), _symbol_first()
    found: list[tuple[re.Match[str], int]] = []
    first = _master().match(text)
    if first:
        found.append((first, 0))
    pos = first.end() if first else 0
    after = boundary.search(text, pos - 1 if pos else 0)
    sign = symbol.search(text, pos)
    while after or sign:
        after_start = after.start() + 1 if after else len(text) + 1
        if sign and sign.start() < after_start:
            match, start = sign, sign.start()
        else:
            match, start = after, after_start
        found.append((match, start))
        pos = match.end()
        if after and after.start() + 1 < pos:
            after = boundary.search(text, pos - 1)
        if sign and sign.start() < pos:
            sign = symbol.search(text, pos)
    return found


# The groups a number match is read from: digits, scale, and the currency symbol or code (None:
# a plain number or a number with a glued unit has none).
_NUMBER_GROUPS = {
    "num": ("digits", "scale", None), "cnum": ("cdigits", "cscale", "cur"),
    "unum": ("udigits", "uscale", None), "ccnum": ("ccdigits", "ccscale", "ccode"),
}


_KIND = {"isodate": "date", "mdate": "date", "decade": "date", "wordinal": "ordinal", "lcode": "code", "handle": "url", "cnum": "num"}


_SCALE_WORD = re.compile(r"(?i)hundred|thousand|million|billion|trillion")


# "or" joins two figures, not a range ("eight or nine", "25k or 40k": each is a figure the text
# gives); a hyphen after a space and before a digit is a minus sign ("50 -1.3%"), not a range.
_RANGE_GAP = re.compile(r"\s*(?:–|to|and)\s*|-\s*|\s+-\s+")


_DIGIT_SEPARATORS = str.maketrans("", "", ", \t\n\u00a0\u202f")


def _parse_digits(digits: str) -> float:
    """ "12,000", "12 000", "1.6" -> float (separators dropped; a plain ``float`` call when none)."""
    if "," in digits:  # no float() parses a comma: drop the separators at once instead of raising
        return float(digits.translate(_DIGIT_SEPARATORS))
    try:
        return float(digits)
    except ValueError:
        return float(digits.translate(_DIGIT_SEPARATORS))


# Compiled once (a pattern given as a string is looked up in the re module's cache at every call).
LOWER_WORDS = re.compile(r"[a-z]+")
_FIGURE = re.compile(r"\d[\d,.\s]*")


def _parse_words(text: str) -> float | None:
    """Value of a number in words ("twenty-five", "one hundred and fifty", "a dozen")."""
    total, current, seen = 0.0, 0.0, False
    for word in LOWER_WORDS.findall(text.lower()):
        if word in ("and",):
            continue
        if word == "half":
            current = 0.5
        elif word == "a":
            current = current or 1.0
        elif word in UNITS:
            current += UNITS[word]
        elif word == "dozen":
            current = (current or 1.0) * 12
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word in SCALES:
            total += (current or 1.0) * SCALES[word]
            current = 0.0
        seen = True
    return total + current if seen else None


def _token(match: re.Match[str], start: int) -> Token | None:
    """Turn a master-pattern match, whose number starts at ``start``, into a token (None for a lone
    "one"). A match of :func:`_after_boundary` starts one character before its number."""
    kind = match.lastgroup or ""
    if kind == "sci":
        exponent = match.group("sexp") or match.group("sexp2") or match.group("sexp3") or \
            (match.group("ssup") or "").translate(_SUPERSCRIPTS)
        # "1.5e6" needs its decimal point: "7E7" is a name (an aircraft), not 70 million
        value = float(match.group("smant") or match.group("emant")) * 10.0 ** int(exponent.replace("−", "-"))
        return Token("num", start, match.end(), value, True)
    if kind in ("ratio", "wratio"):
        # "7 out of 10", "one in five": a share, like "two-thirds"
        number, whole = ((_parse_digits(match.group("rnum")), _parse_digits(match.group("rden"))) if kind == "ratio"
                         else (_parse_words(match.group("wrnum") or "one"), _parse_words(match.group("wrden"))
                               if match.group("wrden")[0].isalpha() else _parse_digits(match.group("wrden"))))
        if not whole or number is None or number > whole:
            return None
        return Token("fraction", start, match.end(), number / whole)
    groups = _NUMBER_GROUPS.get(kind)
    if groups:
        string, end = match.string, match.end()
        digits, written_scale = match.group(groups[0], groups[1])
        value = _parse_digits(digits)
        # the gap before a scale word is any one space (a narrow no-break one in some typesetting) or a hyphen
        written_scale = written_scale.strip().strip("-") if written_scale else ""
        code = (match.group(groups[2]) or "").lower() if groups[2] else ""
        if written_scale in _AMBIGUOUS_SCALES and not code and "." not in digits:
            return Token("code", start, end)  # "3M", "B52"-like names
        if code == "ps" and not (written_scale or "," in digits or "." in digits or len(digits) > 2):
            return Token("code", start, end)  # "PS5" is a console, "PS6m" is £6m
        scale = written_scale.lower()
        if scale:
            value *= SCALES[scale]
        currency = currencies().get(code, "") if code else ""
        percent = kind == "num" and bool(match.group("pct"))
        unit = units()[normalise(match.group("uunit"))][0] if kind == "unum" else ""
        if unit == "percent":
            unit, percent = "", True  # "24pc"
        if unit == "pence":
            unit, currency = "", "pence"  # "164p"
        if start:
            before = string[start - 1]
            if before in "-−" and (start == 1 or string[start - 2] in " \t\n(["):
                value, start = -value, start - 1  # "-1.3%", "−0.6%" (see :func:`text_before_is_minus`)
            elif start > 5 and (before == "-" or before.isspace()) and string[start - 2] in "sS\u017f" \
                    and _MINUS_WORD.search(string, start - 6, start):
                value = -value  # "minus 1.4 degrees", "minus-1.4" (the search only after an "s" and a space or hyphen)
        # all eleven fields at once: a NamedTuple's keyword constructor is a Python function
        return tuple.__new__(Token, ("num", start, end, value, bool(scale), currency, percent,
                                      "" if scale or currency or unit else digits, unit, None, ""))
    if kind == "word":
        text = match.group("word")
        if text.lower() == "one":
            # A lone "one" is mostly a pronoun ("one thing"); "one of the ..." counts one.
            return Token("one", start, match.end(), 1.0) if _ONE_OF.match(match.string, match.end()) else None
        if _SCALE_WORD.fullmatch(text):
            return None  # a lone "million" states no number
        value = _parse_words(text)
        return Token("num", start, match.end(), value,
                      bool(_SCALE_WORD.search(text)),
                      percent=bool(match.group("wpct")))
    if kind == "fraction":
        return Token("fraction", start, match.end(), _fraction_value(match.group("fraction")))
    return Token(_KIND.get(kind, kind), start, match.end())


_ONE_OF = re.compile(r"\s+of\b")
_FRACTION_PARTS = {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
                   "fifth": 5, "fifths": 5}


def _fraction_value(surface: str) -> float:
    """ "half" 0.5, "a third" 1/3, "two-thirds" 2/3, "three quarters" 0.75."""
    words = LOWER_WORDS.findall(surface.lower())
    numerator = UNITS.get(words[0], 1) if len(words) > 1 else 1
    return numerator / _FRACTION_PARTS[words[-1]]


def currency_codes() -> list[str]:
    """Currency codes and prefixed symbols written before a number ("USD 1,700", "EUR50m", "US$5")."""
    nouns = {"won", "yen"}  # also currency nouns written after the number ("300 yen")
    return [form for form in currencies() if form[:1].isalpha() and form not in nouns
            and (form.endswith("$") or len(form) == 3 or form in ("rm", "rs", "rs.", "ps"))]


def text_before_is_minus(text: str, start: int) -> bool:
    """True when a minus sign stands just before ``text[start]`` and is no hyphen: at the start,
    or after a space or an opening bracket ("fell -1.3%", "(−0.6%)"; not "2-1", "F-16")."""
    if text[start - 1] not in "-−":
        return False
    return start == 1 or text[start - 2] in " \t\n(["


# "from 208 pounds to 193", "from $75 U.S. per barrel to $45.88", "from up to 252 miles to 287
# miles": one to four words of the first figure's unit between "from X" and "to Y".
_FROM_BEFORE = re.compile(r"(?i)\bfrom\s+(?:up\s+to\s+|about\s+|around\s+|roughly\s+)?$")
_UNIT_GAP = re.compile(r"[ \t]+([A-Za-z][A-Za-z./]*(?:[ \t]+[A-Za-z][A-Za-z./]*){0,3})[ \t]+to[ \t]+")
_UNIT_GAP_WORDS = frozenset({"per", "a", "an"})  # the only small words a unit may hold ("miles per gallon")
# Words after the second figure that are no counted noun ("to 12 last year", "to 23 overall"):
# the time words (``lexicons/time_words.txt``, never part of a unit) and these adverbs.
_AFTER_RANGE_ADVERBS = frozenset({"overall", "combined", "respectively"})


@cache
def time_words() -> frozenset[str]:
    """``lexicons/time_words.txt``: time words that are never part of a unit ("last", "today")."""
    return frozenset(load_lexicon("time_words"))
_NEXT_WORD = re.compile(r"[ \t]*([A-Za-z]+)")


def _from_to_unit(text: str, first: Token, second: Token) -> str:
    """The unit words of "from X <unit> to Y" when the two figures are one range, else "".

    The words between are the first figure's unit (no other small word than "per", "a", "an":
    "from 5 in May to 7" is no range; no time word: "from 3.2% last year to 2.5%"), and the second figure is followed by the same first unit
    word or by no content word at all ("from 5 soldiers to 10 tanks" is no range)."""
    before = max(0, first.start - 24)
    if "from" not in text[before:first.start].lower() or not _FROM_BEFORE.search(text, before, first.start):
        return ""  # the substring test first: most pairs of figures have no "from" before them
    gap = _UNIT_GAP.fullmatch(text, first.end, second.start)
    if not gap:
        return ""
    words = gap.group(1).split()
    if any((w.lower() in STOP_WORDS and w.lower() not in _UNIT_GAP_WORDS) or w.lower() in time_words() for w in words):
        return ""  # "from 3.2% last year to 2.5%": a time, not a unit, stands between
    after = _NEXT_WORD.match(text, second.end)
    if after and after.group(1).lower() != words[0].lower() and after.group(1).lower() not in STOP_WORDS \
            and after.group(1).lower() not in time_words() and after.group(1).lower() not in _AFTER_RANGE_ADVERBS:
        return ""
    return gap.group(1)


def _merge_range(text: str, first: Token, second: Token, left: str) -> Token | None:
    """Merge "10,000-12,000", "10,000 to 12,000", "between 10,000 and 12,000" and "from 208
    pounds to 193" into one token."""
    gap = text[first.end:second.start]
    if first.value is None or second.value is None:
        return None
    if not _RANGE_GAP.fullmatch(gap):
        inner = _from_to_unit(text, first, second)
        # the second figure may leave its unit unsaid ("from 21 mpg combined to 23"), never change it
        if not inner or first.percent != second.percent or (second.currency and second.currency != first.currency) \
                or (second.unit and second.unit != first.unit):
            return None
        return Token("range", first.start, second.end, first.value, True, first.currency, first.percent,
                      first.plain_digits, first.unit, second.value, inner)
    joiner = gap.strip()
    if joiner == "and" and not re.search(r"(?i)\bbetween\s*$", left):
        return None
    if first.unit and second.unit and first.unit != second.unit:
        return None  # "5GB to 10kHz" is no range
    if first.percent != second.percent and (first.percent or second.currency):
        return None  # "rose 0.4 per cent to 13,176", "7% to $2.3 billion": a change and a level
    if (first.currency or first.unit) and not (second.currency or second.unit) and joiner == "to":
        return None  # "$40 to 12 stores"
    if first.currency and second.currency and first.currency != second.currency:
        return None
    low = first.value
    if second.scaled and not first.scaled and low < 1000:
        # "10 to 12 million": the scale word belongs to both ends.
        low *= second.value / _parse_scale_base(text[second.start:second.end], second.value)
    # The high end is the second token as read here: re-reading it from the range's text lost it
    # whenever the re-reading skipped that kind of match (code-led "C$2.35 billion", "2.5e6").
    return Token("range", first.start, second.end, low, True, first.currency or second.currency,
                  first.percent or second.percent, first.plain_digits, first.unit or second.unit, second.value)


def _parse_scale_base(surface: str, value: float) -> float:
    """The number before the scale word of ``surface`` ("12 million" -> 12)."""
    found = _FIGURE.search(surface)
    return _parse_digits(found.group().strip()) if found else _parse_words(surface.split()[0]) or value


_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_ANY_CENTURY_YEAR = re.compile(r"1\d\d\d|21\d\d|20\d\d")


def is_year(token: Token, any_century: bool = False) -> bool:
    """A plain four-digit number 1800-2099 (with ``any_century``: 1000-2199)."""
    digits = token.plain_digits
    if len(digits) != 4:
        return False  # most numbers: no pattern to try
    pattern = _ANY_CENTURY_YEAR if any_century else _YEAR
    return bool(pattern.fullmatch(digits)) and not token.currency and not token.percent and not token.unit


def tokens(text: str) -> list[Token]:
    """All tokens of the master pattern, with ranges merged."""
    merged: list[Token] = []
    if not may_hold_number(text):
        return merged  # most sentences: no digit, no number word (the master pattern would find nothing)
    for match, start in _matches(text):  # one loop: no list of raw tokens and no generator between
        token = _token(match, start)
        if token is None:
            continue
        previous = merged[-1] if merged else None
        if previous and previous.kind == "num" and token.kind == "num":
            left = text[max(0, previous.start - 12):previous.start]
            joined = _merge_range(text, previous, token, left)
            if joined:
                merged[-1] = _score_or_range(joined, previous, token, text)
                continue
        merged.append(token)
    return merged


def _score_or_range(joined: Token, first: Token, second: Token, text: str) -> Token:
    """A hyphenated pair whose second number is smaller is a score ("2-1"), not a range."""
    gap = text[first.end:second.start].strip()
    if joined.inner:
        return joined  # "from 1900 pounds to 2000": units make it a range, not years
    if is_year(first):
        return Token("date", joined.start, joined.end)
    if gap in ("-", "–") and (second.value or 0) <= (first.value or 0) and not second.scaled:
        return Token("score", joined.start, joined.end, first.value, high=second.value)
    return joined
