"""E-mail addresses, web addresses and social profiles, however they are spelt.

Every pattern starts only where its first character class cannot continue backwards (a
look-behind of the same class), so each word is scanned once: linear time on any input.
"""

import re

LOCAL = r"(?<![\w.+-])[\w.+-]{1,64}"
AT_WORD = r"(?:\s*(?:\(at\)|\[at\]|\{at\}|<at>|\(małpa\)|\[małpa\])\s*|\s+(?:at|małpa|malpa)\s+)"
DOT_WORD = r"(?:\.|\s*(?:\(dot\)|\[dot\]|\(kropka\)|\[kropka\])\s*|\s+(?:dot|kropka)\s+)"
TLD = r"(?:pl|com|eu|net|org|info|biz|io|tv|me|gov|edu|de|uk|co|cz|sk|ua|ru|us|fr|it|nl|app|xyz)"
PROVIDERS = (
    r"(?:gmail|googlemail|wp|onet|o2|interia|op|poczta|yahoo|hotmail|outlook|icloud|tlen|gazeta"
    r"|vp|protonmail|proton|live|buziaczek|autograf|go2|int|spoko|me|aol|gmx)"
)
EMAIL_PATTERNS = (
    # "kasia@gmail.com", "kasia @ gmail", "kasia@o2" (no top-level domain)
    re.compile(rf"(?i){LOCAL}\s*@\s*[\w-]{{1,63}}(?:{DOT_WORD}[\w-]{{1,63}}){{0,4}}"),
    # "kasia at gmail dot com", "kasia (at) wp.pl", "kasia małpa onet kropka pl"
    re.compile(rf"(?i){LOCAL}{AT_WORD}[\w-]{{1,63}}(?:{DOT_WORD}[\w-]{{1,63}}){{1,4}}"),
    re.compile(rf"(?i){LOCAL}{AT_WORD}{PROVIDERS}(?!\w)"),
)

URL = re.compile(
    r"(?i)(?:(?<![\w/])https?://\S{1,500}|(?<![\w.])www\.\S{1,500}"
    rf"|(?<![\w.@-])[a-z0-9][a-z0-9-]{{0,62}}(?:\.[a-z0-9-]{{1,63}}){{0,4}}\.{TLD}"
    r"(?![\w-])(?:/\S{0,500})?"
    # "allegro kropka pl", "onet dot pl"
    rf"|(?<![\w.])[a-z0-9][a-z0-9-]{{0,62}}\s+(?:kropka|dot)\s+{TLD}(?!\w))"
)

SOCIAL_SITES = (
    r"(?:facebook\w*|fb|fejs\w*|insta\w*|ig|tik\s?tok\w*|snap\w*|twitter\w*|youtube\w*|yt"
    r"|discord\w*|messenger\w*|whats\s?app\w*|telegram\w*|skype\w*|gg|gadu[\s-]gadu|steam\w*"
    r"|twitch\w*|pinterest\w*|linkedin\w*)"
)
# A site name and then a profile: after a colon or "to"/"profil"/"nick", or an identifier that no
# ordinary word looks like (dots, underscores, digits mixed with letters).
SOCIAL = re.compile(
    rf"(?i)(?<!\w){SOCIAL_SITES}(?:\s*[:\-]\s*|\s+(?:profil\w*|nick\w*)"
    r"\s*:?\s*)(?:@\s?)?[\w.]{2,60}(?<![.])"
    rf"|(?<!\w){SOCIAL_SITES}\s+(?:@\s?)?(?=[^\W\d])(?=[\w.]{{0,60}}[._\d])(?=[\w.]{{0,60}}[^\W\d_])"
    r"[\w.]{2,60}(?<![.])"
)
HANDLE = re.compile(r"(?<![\w.@])@\s?[A-Za-z0-9_][A-Za-z0-9_.]{1,40}")
