"""The closed sets of words the advisor understands: goals, formats, markets, regions."""

from __future__ import annotations

from typing import Literal, get_args

RuleName = Literal[
    "audience",
    "goal_fit",
    "ads_fit",
    "market_fit",
    "content_fit",
    "lifecycle",
]
RULE_NAMES: tuple[str, ...] = get_args(RuleName)
# Rule names of schema 1.x, still accepted in --weight and profile files.
RULE_SYNONYMS: dict[str, str] = {"audience_age": "audience", "regional_reach": "audience"}
RECOMMENDATION_SCHEMA_VERSION = "3.0"  # of the `recommend --format json` document and the batch records (schemas/)
COMPARISON_SCHEMA_VERSION = "3.0"  # of the `compare --format json` document
AUDIT_SCHEMA_VERSION = "1.0"  # of the `kb audit --format json` document

MIN_BAND_AGE = 10  # the youngest age a survey band may start at (JIM: 12-19; Austria: 11-17)
MAX_AGE = 120
Frequency = Literal["ever", "yearly", "monthly", "weekly", "regular", "daily"]
RestrictionKind = Literal["throttled", "app-store-removal", "features-blocked", "partial-block"]

Market = Literal["b2b", "b2c", "both"]
Goal = Literal[
    "awareness",
    "image",
    "leads",
    "sales",
    "traffic",
    "support",
    "loyalty",
    "feedback",
    "exchange",
    "community",
    "recruiting",
]
ContentFormat = Literal["text", "image", "short-video", "long-video", "live", "stories", "chat"]
TextKind = Literal["post", "caption", "title", "description", "message"]
LengthCounting = Literal["characters", "graphemes", "utf8-bytes", "utf16-units", "x-weighted", "emoji-utf8-bytes"]
LifecycleState = Literal["active", "discontinued", "renamed", "pivoted"]
Requirement = Literal[
    "ads", "b2b", "b2c", "text", "image", "short-video", "long-video", "live", "stories", "chat"
]  # fmt: skip
REQUIREMENTS: tuple[str, ...] = get_args(Requirement)

MARKETS: tuple[str, ...] = get_args(Market)
GOALS: tuple[str, ...] = get_args(Goal)
CONTENT_FORMATS: tuple[str, ...] = get_args(ContentFormat)
TEXT_KINDS: tuple[str, ...] = get_args(TextKind)

# The seed's German vocabulary (and a few everyday synonyms) mapped onto the goal ids.
GOAL_SYNONYMS: dict[str, str] = {
    "bekanntheit": "awareness",
    "bekanntheitsgrad": "awareness",
    "reichweite": "awareness",
    "imagepflege": "image",
    "image-pflege": "image",
    "marke": "image",
    "branding": "image",
    "anfragen": "leads",
    "anfrage": "leads",
    "lead": "leads",
    "abverkauf": "sales",
    "verkauf": "sales",
    "sale": "sales",
    "trafficgenerierung": "traffic",
    "support": "support",
    "kundenservice": "support",
    "kundenbindung": "loyalty",
    "retention": "loyalty",
    "meinungen": "feedback",
    "meinungen-einholen": "feedback",
    "informationsaustausch": "exchange",
    "austausch": "exchange",
    "gemeinschaft": "community",
    "recruiting": "recruiting",
    "personalgewinnung": "recruiting",
    "hiring": "recruiting",
}

FORMAT_SYNONYMS: dict[str, str] = {
    "short_video": "short-video",
    "shortvideo": "short-video",
    "shorts": "short-video",
    "reels": "short-video",
    "long_video": "long-video",
    "longvideo": "long-video",
    "video": "long-video",
    "images": "image",
    "photo": "image",
    "photos": "image",
    "story": "stories",
    "messaging": "chat",
    "messages": "chat",
}

REGION_GROUPS: dict[str, frozenset[str]] = {
    "dach": frozenset({"DE", "AT", "CH"}),
    "eu": frozenset(
        {
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
            "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
        }
    ),
    # Asia-Pacific as marketers use it: East, South-East and South Asia and Oceania (not Central Asia)
    "apac": frozenset(
        {
            "AU", "BD", "BN", "BT", "CN", "FJ", "HK", "ID", "IN", "JP", "KH", "KR", "LA", "LK", "MM",
            "MN", "MO", "MV", "MY", "NP", "NZ", "PG", "PH", "PK", "SG", "TH", "TL", "TW", "VN",
        }
    ),
    "greater-china": frozenset({"CN", "HK", "TW", "MO"}),
}  # fmt: skip
GLOBAL = "global"

# ISO 3166-1 alpha-2, officially assigned codes.
COUNTRIES: frozenset[str] = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW
    """.split()
)
# Codes people type that ISO does not assign; mapped to the assigned code.
COUNTRY_SYNONYMS: dict[str, str] = {"UK": "GB", "EL": "GR"}


def platform_key(name: str) -> str:
    """Case-fold a platform name as users type it; 'google+' becomes 'googleplus'."""
    return name.strip().lower().replace("+", "plus").replace(" ", "-")


def region_keys() -> tuple[str, ...]:
    """Every region key a knowledge base may use for reach: global, the groups, the countries."""
    return (GLOBAL, *sorted(REGION_GROUPS), *sorted(COUNTRIES))
