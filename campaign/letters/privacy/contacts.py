"""E-mail addresses, web addresses and social profiles, however they are spelt.

Every pattern starts only where its first character class cannot continue backwards (a
look-behind of the same class), so each word is scanned once: linear time on any input.
"""

import re
from collections.abc import Callable, Iterator

from campaign.letters.privacy import lists

LOCAL = r"(?<![\w.+-])[\w.+-]{1,64}"
AT_WORD = r"(?:\s*(?:\(at\)|\[at\]|\{at\}|<at>|\(małpa\)|\[małpa\])\s*|\s+(?:at|małpa|malpa)\s+)"
DOT_WORD = r"(?:\.|\s*(?:\(dot\)|\[dot\]|\(kropka\)|\[kropka\])\s*|\s+(?:dot|kropka)\s+)"
TLD = (
    r"(?:pl|com|eu|net|org|info|biz|io|tv|me|gov|edu|de|uk|co|cz|sk|ua|ru|us|fr|it|nl|app|xyz"
    # Short links and hosts children's profiles live on: youtu.be, bit.ly, *.blog, *.online.
    r"|be|ly|gg|cc|fm|ws|tk|ch|lt|ee|blog|online|site|store|shop|art|dev|page|club|link)"
)
PROVIDERS = (
    r"(?:gmail|googlemail|wp|onet|o2|interia|op|poczta|yahoo|hotmail|outlook|icloud|tlen|gazeta"
    r"|vp|protonmail|proton|live|buziaczek|autograf|go2|int|spoko|me|aol|gmx)"
)
# A mailbox named by its provider in a Polish phrase: "antek2014 na gmailu", "kasia_w na wp".
PROVIDERS_DECLINED = (
    r"(?:gmail\w{0,3}|googlemail\w{0,3}|wp|onet\w{0,3}|onecie|o2|interi\w{0,2}|yahoo\w{0,3}"
    r"|hotmail\w{0,3}|outlook\w{0,3}|icloud\w{0,4}|poczcie\s+onet|proton\w{0,4}|gmx\w{0,2})"
)
# An identifier no ordinary word looks like: letters mixed with digits, dots or underscores.
HANDLE_LIKE = r"(?=[\w.]{0,60}[._\d])(?=[\w.]{0,60}[^\W\d_])[\w.]{3,60}(?<![.])"
HANDLE_LIKE_FULL = re.compile(HANDLE_LIKE)
EMAIL_PATTERNS = (
    # "kasia@gmail.com", "kasia @ gmail", "kasia@o2" (no top-level domain)
    re.compile(rf"(?i){LOCAL}\s*@{{1,2}}\s*[\w-]{{1,63}}(?:{DOT_WORD}[\w-]{{1,63}}){{0,4}}"),
    # "kasia at gmail dot com", "kasia (at) wp.pl", "kasia małpa onet kropka pl"
    re.compile(rf"(?i){LOCAL}{AT_WORD}[\w-]{{1,63}}(?:{DOT_WORD}[\w-]{{1,63}}){{1,4}}"),
    re.compile(rf"(?i){LOCAL}{AT_WORD}{PROVIDERS}(?!\w)"),
    re.compile(
        rf"(?i)(?<![\w.@]){HANDLE_LIKE}\s*[(\[]?\s*(?:(?:na|w|z)\s+)?{PROVIDERS_DECLINED}(?!\w)"
    ),
)

# Social sites and hosts whose addresses people write with spaces: "facebook . com / wojtek".
SPACED_HOSTS = (
    r"(?:facebook|fb|instagram|youtube|youtu|tiktok|twitter|x|wattpad|blogspot|wordpress"
    r"|twitch|pinterest|snapchat|discord|roblox|steamcommunity|linktr)"
)
# A dot written as a word or with spaces: "(kropka)", " dot ", " . " (the last only after a
# known host, where nothing else is meant).
URL_DOT = r"(?:\s*[(\[](?:dot|kropka)[)\]]\s*|\s+(?:dot|kropka)\s+)"
URL = re.compile(
    r"(?i)(?:(?<![\w/])https?://\S{1,500}|(?<![\w.])www\.\S{1,500}"
    rf"|(?<![\w.@-])[a-z0-9_][a-z0-9_-]{{0,62}}(?:\.[a-z0-9_-]{{1,63}}){{0,4}}\.{TLD}"
    r"(?![\w-])(?:/\S{0,500})?"
    # "allegro kropka pl", "kasia(kropka)blogspot(kropka)com"
    rf"|(?<![\w.])[a-z0-9_][a-z0-9_-]{{0,62}}(?:{URL_DOT}[a-z0-9_-]{{1,63}}){{0,3}}{URL_DOT}{TLD}"
    r"(?!\w)"
    # "kasia.blogspot" (a blog platform's host without its top-level domain)
    r"|(?<![\w.@-])[a-z0-9_][a-z0-9_-]{0,62}\.(?:blogspot|wordpress|wixsite|tumblr|weebly)(?!\w)"
    # "facebook . com / wojtek . kreft . 9"
    rf"|(?<![\w.]){SPACED_HOSTS}\s?\.\s?{TLD}(?!\w)(?:\s?/\s?\w{{1,60}}(?:\s?[._-]\s?\w{{1,60}}){{0,5}})?"
    r")"
)

SOCIAL_SITES = (
    r"(?:facebook\w*|fb|fejs\w*|insta\w*|ig|tik\s?tok\w*|snap\w*|twitter\w*|youtube(?!r)\w*|yt"
    r"|discord\w*|messenger\w*|whats\s?app\w*|telegram\w*|skype\w*|gg|gadu[\s-]gadu|steam\w*"
    r"|twitch\w*|pinterest\w*|linkedin\w*|wattpad\w*|roblox\w*|minecraft\w*|fortnite\w*"
    r"|spotify\w*|reddit\w*|threads|bereal|likee|blog\w*|kanał\w*|kanal\w*)"
)
# Words that say "what follows is a user name": "nick w grze roblox: polasie18", "mój nick na
# tiktoku to zuzka.wisniewska", "kanał na YouTube jako tymekpawlak", "login: kasia".
PROFILE_WORDS = (
    r"(?:nick\w*|nik|nickname|login\w*|pseudonim\w*|ksyw\w*|username|user|użytkownik\w*"
    r"|konto|kont[au]|profil\w*|kanał\w*|kanal\w*)"
)
# Up to four short words between the label and the name ("w grze roblox", "na instagramie",
# "(prywatny)"); bounded, so no backtracking to speak of.
LABEL_GAP = r"(?:\s*\(?[^\W\d_]{1,15}\)?){0,4}"
LABEL_SEP = r"\s*(?::|=|->|→|➡|👉|\bto\b|\bjako\b|\bto\s+jest\b)\s*"


class _Filtered:
    """A pattern whose matches count only when `keep` says so."""

    def __init__(self, pattern: re.Pattern, keep: Callable[[re.Match], bool]):
        self.pattern, self.keep = pattern, keep

    def finditer(self, text: str) -> Iterator[re.Match]:
        return (match for match in self.pattern.finditer(text) if self.keep(match))


def _names_someone(match: re.Match) -> bool:
    """What follows a label is a user name unless it is an everyday word ("nick to sprawa
    drugorzędna", "Roblox: karta podarunkowa"); an identifier or a first name always is."""
    value = match.group("value").lstrip("@ ").rstrip(".")
    if HANDLE_LIKE_FULL.fullmatch(value):
        return True
    lower = value.lower()
    return lower in lists.first_names() or not lists.is_ordinary(lower)


WATCHED_BEFORE = re.compile(r"(?i)(?:ulubion\w*|ogląd\w*|oglad\w*|lubi\w*)\s+$")


def _watched(match: re.Match) -> bool:
    """A channel the child watches, not their own: "ulubiony kanał: ...", "ogląda kanał: ..."."""
    return (
        WATCHED_BEFORE.search(match.string[max(0, match.start() - 20) : match.start()]) is not None
    )


class _AnyOf:
    """Several patterns read as one (check_text asks for `finditer`)."""

    def __init__(self, *patterns: re.Pattern):
        self.patterns = patterns

    def finditer(self, text: str) -> Iterator[re.Match]:
        for pattern in self.patterns:
            yield from pattern.finditer(text)


SOCIAL = _AnyOf(
    # A site name and then a profile: after a colon or "profil"/"nick", or an identifier that no
    # ordinary word looks like (dots, underscores, digits mixed with letters).
    _Filtered(
        re.compile(
            rf"(?i)(?<!\w){SOCIAL_SITES}(?:\s*\([^()]{{0,20}}\))?(?:\s*(?::|=|➡|👉|→|->|\bjako\b)\s*"
            r"|\s+(?:profil\w*|nick\w*)\s*:?\s*)(?P<value>(?:@\s?)?[\w.]{2,60}(?<![.]))"
        ),
        _names_someone,
    ),
    re.compile(
        rf"(?i)(?<!\w){SOCIAL_SITES}(?:\s*\([^()]{{0,20}}\))?(?:\s+jako)?\s*[\s\-–]\s*(?:@\s?)?(?=[^\W\d]){HANDLE_LIKE}"
    ),
    # A profile word, a few words, "to"/":"/"jako", and the name, whatever it looks like.
    _Filtered(
        re.compile(
            rf"(?i)(?<!\w){PROFILE_WORDS}{LABEL_GAP}{LABEL_SEP}"
            r"(?P<value>(?:@\s?)?(?=[\w.]{3})[\w.]{3,60}(?<![.]))"
        ),
        _names_someone,
    ),
    # A channel or profile named in quotes after its label: "Kanał YT: 'Stasiu i Lego'" (not
    # one the child watches: "ulubiony kanał: 'Lego Star Wars'").
    _Filtered(
        re.compile(
            rf"(?i)(?<!\w)(?:{SOCIAL_SITES}|{PROFILE_WORDS}){LABEL_GAP}{LABEL_SEP}"
            r"[\'\"„“”‘’«»][^\'\"„“”‘’«»\n]{2,40}[\'\"„“”‘’«»]"
        ),
        lambda match: not _watched(match),
    ),
)
# A Discord tag: "igorek#4455".
DISCORD_TAG = re.compile(r"(?<![\w#.])[^\W\d_][\w.]{1,31}#\d{4}(?!\d)")
SOCIAL.patterns += (DISCORD_TAG,)
HANDLE = re.compile(r"(?<![\w.@])@\s?[A-Za-z0-9_][A-Za-z0-9_.]{1,40}")
