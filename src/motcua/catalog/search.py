"""Public reads of the catalogue: the versions in force, and search over them.

"Public" means the version in force on the day asked about (today by default): see
:func:`version_public_list`. Drafts, and versions superseded or abolished before that
day, never leave this module, whatever the query.

Search matches the folded text that ``ProcedureVersion.save`` stores in ``search_text``
(lower case, no marks, đ→d — see :func:`motcua.core.text.fold`), so "Đăng ký", "dang ky"
and "DANG KY" are one query. Matching uses the database's own index: an FTS5 table kept
in sync by triggers on SQLite, full text with the ``simple`` configuration on
PostgreSQL (migration ``0002_search_indexes``). When no version matches every word, a
typo-tolerant pass scores near matches (narrowed first by the trigram index on
PostgreSQL). Ranking is done here, in Python, over the matched rows — a province
publishes about 2,000 procedures, so that set is small — and follows the rules in
``docs/search.md``; both databases therefore return the same order.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.core.text import fold

from .constants import OnlineLevel, VersionStatus
from .models import Field, ProcedureCase, ProcedureVersion

# Longer input is cut, not refused: a pasted paragraph still searches on its start.
QUERY_MAX_CHARS = 200
QUERY_MAX_WORDS = 12
LIMIT_MAX = 100
# The typo-tolerant pass (see _NearMatch). A word counts when at most about one letter in
# two is wrong; a version is near when its words cover 60% of the query's letters.
# "thủ tục đăng ký khai sinh" scores 0.7 against "Đăng ký khai sinh", "luu dong" 0.57
# against "… hoạt động …" (not near).
WORD_MIN_SIMILARITY = 0.6
NEAR_MATCH_THRESHOLD = 0.6
# On PostgreSQL the trigram index first keeps versions whose pg_trgm word_similarity to
# the query reaches this; kept low so it never drops what _NearMatch would accept.
PG_TRIGRAM_PREFILTER = 0.3
GLUED_MIN_LENGTH = 5

FTS_TABLE = "catalog_version_fts"

_WORD = re.compile(r"[a-z0-9]+")
_CODE = re.compile(r"[0-9][0-9a-z.\-]*")
# Vietnamese writes a final i/y both ways after a consonant: ký/kí, lý/lí, quý/quí.
_I_OR_Y = re.compile(r"(?:[bcdghklmnprstvx]+|qu)[iy]")
_ONLINE_RANK = {OnlineLevel.FULL: 0, OnlineLevel.PARTIAL: 1, OnlineLevel.NONE: 2}


# --- Versions in force ------------------------------------------------------------------


def version_public_list(*, on: dt.date | None = None) -> QuerySet[ProcedureVersion]:
    """The versions in force on ``on`` (default today), at most one per procedure.

    In force means published and valid on that day. One more case counts: publishing an
    amendment or an abolition that takes effect later marks the current version
    superseded or abolished at once (``services.version_publish``) and gives it a
    ``valid_to``; until that day it is still the version in force — the one a dossier
    received today keeps (``selectors.version_in_force``) — so citizens see it too.
    Drafts never, and nothing after its ``valid_to``.

    Two versions of one procedure should never overlap; if data ever says they do, the
    higher version number wins so a procedure is never listed twice.
    """
    day = on or timezone.localdate()
    ended_later = Q(
        status__in=(VersionStatus.SUPERSEDED, VersionStatus.ABOLISHED), valid_to__isnull=False
    )
    in_force = (
        (Q(status=VersionStatus.PUBLISHED) | ended_later)
        & Q(valid_from__lte=day)
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    )
    newer = ProcedureVersion.objects.filter(
        in_force, procedure=OuterRef("procedure"), number__gt=OuterRef("number")
    )
    return ProcedureVersion.objects.filter(in_force).exclude(Exists(newer))


def version_public_get(code: str, *, on: dt.date | None = None) -> ProcedureVersion | None:
    """The version in force of the procedure with ``code``, with everything a citizen reads."""
    code = (code or "").strip()
    if not code or len(code) > 40:
        return None
    return (
        version_public_list(on=on)
        .filter(procedure__code__iexact=code)
        .select_related("procedure__field__sector", "decision")
        .prefetch_related(
            Prefetch(
                "cases",
                queryset=ProcedureCase.objects.order_by("position").prefetch_related(
                    "fees", "components"
                ),
            ),
            Prefetch("implementing_agencies", queryset=Agency.objects.order_by("code")),
            Prefetch("competent_agencies", queryset=Agency.objects.order_by("code")),
        )
        .first()
    )


def field_public_list(*, on: dt.date | None = None) -> list[Field]:
    """Fields having at least one procedure in force, by name, each with ``public_count``."""
    counts = dict(
        version_public_list(on=on)
        .order_by()
        .values_list("procedure__field_id")
        .annotate(n=Count("id"))
    )
    fields = list(Field.objects.filter(pk__in=counts).select_related("sector"))
    for item in fields:
        item.public_count = counts[item.pk]
    return fields


def agency_public_list(*, on: dt.date | None = None) -> QuerySet[Agency]:
    """Agencies where at least one procedure in force is carried out, by name."""
    versions = version_public_list(on=on)
    return (
        Agency.objects.filter(
            Q(implementing_versions__in=versions) | Q(competent_for_versions__in=versions)
        )
        .distinct()
        .order_by("name", "code")
    )


def online_level_best(cases) -> str:
    """The most online level among ``cases``: full, else partial, else none."""
    levels = [case.online_level for case in cases]
    if not levels:
        return OnlineLevel.NONE
    return min(levels, key=lambda level: _ONLINE_RANK.get(level, len(_ONLINE_RANK)))


def amount_plain(value: Decimal | None) -> str:
    """``Decimal("5.00")`` → ``"5"``, ``Decimal("0.50")`` → ``"0.5"`` (no exponent)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


# --- Search -------------------------------------------------------------------------------


class Tier(IntEnum):
    """Ranking tiers, best first. Inside a tier, see :func:`_rank_text`."""

    CODE_EXACT = 0
    CODE_PREFIX = 1
    CODE_PART = 2
    NAME_PHRASE = 3  # the words, in order, side by side in the name
    NAME_WORDS = 4  # every word in the name, in any order
    OTHER_WORDS = 5  # some words only in the field name or the code
    APPROXIMATE = 6  # typo-tolerant pass


@dataclass(frozen=True)
class SearchResult:
    items: list[ProcedureVersion]  # one page, with field and cases loaded
    total: int
    approximate: bool = False  # nothing matched every word; these are near matches


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...] = ()
    code: str = ""
    blank: bool = True

    @property
    def unsearchable(self) -> bool:
        return not self.blank and not self.words and not self.code


def query_parse(q: str | None) -> ParsedQuery:
    """Fold the user's text; a single token starting with a digit is a code."""
    folded = fold((q or "")[:QUERY_MAX_CHARS])
    if not folded:
        return ParsedQuery()
    if " " not in folded and _CODE.fullmatch(folded):
        return ParsedQuery(code=folded.strip(".-"), blank=False)
    words = tuple(dict.fromkeys(_WORD.findall(folded)))[:QUERY_MAX_WORDS]
    return ParsedQuery(words=words, blank=False)


def procedure_search(
    q: str | None = "",
    *,
    field: str | None = None,
    agency: str | None = None,
    level: str | None = None,
    online_level: str | None = None,
    on: dt.date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Published versions in force matching ``q`` and the filters, best first.

    ``field`` is a field code, ``agency`` an agency code (implementing or competent),
    ``level`` a :class:`GovernmentLevel`, ``online_level`` an :class:`OnlineLevel` that at
    least one case offers. An empty ``q`` lists everything by code; text with nothing
    searchable in it (only punctuation, say) finds nothing.
    """
    limit = max(1, min(int(limit), LIMIT_MAX))
    offset = max(0, int(offset))
    versions = _filtered(
        version_public_list(on=on),
        field=field,
        agency=agency,
        level=level,
        online_level=online_level,
    )
    parsed = query_parse(q)
    if parsed.blank:
        total = versions.count()
        page = list(
            _with_listing_data(versions.order_by("procedure__code"))[offset : offset + limit]
        )
        return SearchResult(items=page, total=total)
    if parsed.unsearchable:
        return SearchResult(items=[], total=0)

    approximate = False
    if parsed.code:
        ranked = _rank_code(parsed.code, versions)
    else:
        ranked = _rank_text(parsed.words, versions)
        if not ranked:
            ranked = _rank_approximate(parsed.words, versions)
            approximate = bool(ranked)
    page_ids = ranked[offset : offset + limit]
    by_id = {v.pk: v for v in _with_listing_data(ProcedureVersion.objects.filter(pk__in=page_ids))}
    return SearchResult(
        items=[by_id[pk] for pk in page_ids], total=len(ranked), approximate=approximate
    )


def _filtered(
    versions: QuerySet[ProcedureVersion],
    *,
    field: str | None,
    agency: str | None,
    level: str | None,
    online_level: str | None,
) -> QuerySet[ProcedureVersion]:
    if field:
        versions = versions.filter(procedure__field__code=field)
    if level:
        versions = versions.filter(level=level)
    if online_level:
        versions = versions.filter(
            Exists(ProcedureCase.objects.filter(version=OuterRef("pk"), online_level=online_level))
        )
    if agency:
        implementing = ProcedureVersion.implementing_agencies.through.objects.filter(
            procedureversion=OuterRef("pk"), agency__code=agency
        )
        competent = ProcedureVersion.competent_agencies.through.objects.filter(
            procedureversion=OuterRef("pk"), agency__code=agency
        )
        versions = versions.filter(Exists(implementing) | Exists(competent))
    return versions


def _with_listing_data(versions: QuerySet[ProcedureVersion]) -> QuerySet[ProcedureVersion]:
    return versions.select_related("procedure__field").prefetch_related(
        Prefetch("cases", queryset=ProcedureCase.objects.order_by("position"))
    )


def _rank_code(code: str, versions: QuerySet[ProcedureVersion]) -> list[int]:
    rows = versions.filter(procedure__code__icontains=code).values_list("pk", "procedure__code")

    def key(row: tuple[int, str]) -> tuple:
        own = row[1].lower()
        if own == code:
            tier = Tier.CODE_EXACT
        elif own.startswith(code):
            tier = Tier.CODE_PREFIX
        else:
            tier = Tier.CODE_PART
        return (tier, own)

    return [pk for pk, _code in sorted(rows, key=key)]


def _variants(word: str) -> tuple[str, ...]:
    if _I_OR_Y.fullmatch(word):
        return (word[:-1] + "i", word[:-1] + "y")
    return (word,)


def _rank_text(words: tuple[str, ...], versions: QuerySet[ProcedureVersion]) -> list[int]:
    """Every word (or its i/y twin) starts a word of the indexed text; rank by tier."""
    rows = _text_match(words, versions).values_list("pk", "procedure__code", "name")
    variants = [_variants(word) for word in words]
    # The rank depends on the name alone, and names repeat a lot: the versions of one
    # procedure, and the same procedure published by many provinces. Scoring each distinct
    # name once keeps a common query on a national catalogue (thousands of hits, a few
    # dozen names) from folding and scanning every row.
    ranks: dict[str, tuple] = {}

    def key(row: tuple[int, str, str]) -> tuple:
        _pk, code, name = row
        rank = ranks.get(name)
        if rank is None:
            rank = ranks[name] = _name_rank(name, variants)
        return (*rank, code)

    return [row[0] for row in sorted(rows, key=key)]


def _name_rank(name: str, variants: list[tuple[str, ...]]) -> tuple:
    name_words = _WORD.findall(fold(name))
    hits = [_first_hit(options, name_words) for options in variants]
    if None in hits:
        tier, first = Tier.OTHER_WORDS, len(name_words)
    else:
        tier = Tier.NAME_PHRASE if _has_phrase(variants, name_words) else Tier.NAME_WORDS
        first = min(hits)
    # A name made mostly of the query's words is the closer match.
    coverage = sum(1 for w in name_words if _matches_any(w, variants)) / max(len(name_words), 1)
    return (tier, -coverage, first, len(name))


def _first_hit(options: tuple[str, ...], name_words: list[str]) -> int | None:
    for index, word in enumerate(name_words):
        if word.startswith(options):
            return index
    return None


def _matches_any(word: str, variants: list[tuple[str, ...]]) -> bool:
    return any(word.startswith(options) for options in variants)


def _has_phrase(variants: list[tuple[str, ...]], name_words: list[str]) -> bool:
    size = len(variants)
    return any(
        all(name_words[start + i].startswith(variants[i]) for i in range(size))
        for start in range(len(name_words) - size + 1)
    )


def _text_match(
    words: tuple[str, ...], versions: QuerySet[ProcedureVersion]
) -> QuerySet[ProcedureVersion]:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # Words are [a-z0-9]+ only, so the raw tsquery cannot be malformed by user input.
        terms = [
            "(" + " | ".join(f"{option}:*" for option in _variants(word)) + ")" for word in words
        ]
        return versions.annotate(search_vector=SearchVector("search_text", config="simple")).filter(
            search_vector=SearchQuery(" & ".join(terms), config="simple", search_type="raw")
        )
    if connection.vendor == "sqlite":
        # Each word quoted, so FTS5 operators typed by a user ("-", "*", ":", NEAR…) are
        # never parsed as syntax; they are not in ``words`` anyway.
        expression = " AND ".join(
            "(" + " OR ".join(f'"{option}"*' for option in _variants(word)) + ")" for word in words
        )
        return versions.filter(
            # A constant table name; the user's words travel as a parameter.
            pk__in=RawSQL(  # noqa: S611
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [expression],
            )
        )
    # Other databases: a plain substring scan of the folded text.
    for word in words:
        versions = versions.filter(search_text__contains=word)
    return versions


def _rank_approximate(words: tuple[str, ...], versions: QuerySet[ProcedureVersion]) -> list[int]:
    """Near matches: typos, missing marks on the wrong letter, words run together.

    PostgreSQL first narrows the candidates with the GIN trigram index (``<%``, word
    similarity at least ``PG_TRIGRAM_PREFILTER``); SQLite scores every version in force,
    a few thousand short strings. Both then score with :class:`_NearMatch`, so the two
    databases agree on what is near and in which order.
    """
    columns = ("pk", "procedure__code", "name", "search_text")
    if connection.vendor == "postgresql":
        # set_config(..., true) keeps the threshold to the transaction, which is the
        # caller's when there is one (no savepoint needed: nothing here writes).
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [str(PG_TRIGRAM_PREFILTER)],
            )
            rows = list(
                versions.filter(search_text__trigram_word_similar=" ".join(words)).values_list(
                    *columns
                )
            )
    else:
        rows = list(versions.values_list(*columns))
    scorer = _NearMatch(words)
    scored = []
    for pk, code, name, search_text in rows:
        # The search text starts with the code's words, the one part unique to each row.
        split = len(_WORD.findall(code.lower() if code.isascii() else fold(code)))
        score = scorer.score(_WORD.findall(search_text), split=split)
        if score >= NEAR_MATCH_THRESHOLD:
            scored.append((-score, len(name), code, pk))
    return [row[-1] for row in sorted(scored)]


class _NearMatch:
    """How close a text is to the query words.

    Each query word takes its best match among the text's words and pairs of adjacent
    words glued together ("khaisinh" ↔ "khai"+"sinh"): 1.0 when that word starts with
    it, else ``1 - edits / length`` (Damerau–Levenshtein: a swap of two letters is one
    edit), counted as 0 below ``WORD_MIN_SIMILARITY``. The text's score is the mean over
    the query words weighted by their length: an extra word like "thủ tục" costs a
    little, a word that resembles nothing in the text costs its whole weight.
    """

    def __init__(self, words: tuple[str, ...]):
        self.variants = [_variants(word) for word in words]
        self.sizes = [len(word) for word in words]
        self.weight = sum(self.sizes)
        # Only a word of two syllables or more can be two text words run together.
        self.glued = [size >= GLUED_MIN_LENGTH for size in self.sizes]
        # Text word → its similarity to each query word; texts share most of their words.
        self._cache: dict[str, list[float]] = {}
        # Words after the code (name and field) → best similarities: they repeat across
        # versions and provinces, so most rows of a large catalogue cost a lookup.
        self._tails: dict[tuple[str, ...], list[float]] = {}

    def score(self, text_words: list[str], *, split: int = 0) -> float:
        """Score of a text; its first ``split`` words (the code) are scored apart.

        The best match of a query word is a maximum, so it splits exactly: over the tail,
        and over the code's words plus the pair that spans the two parts.
        """
        tail = tuple(text_words[split:])
        best = self._tails.get(tail)
        if best is None:
            best = self._tails[tail] = self._best(tail)
        if split:
            best = list(map(max, best, self._best(text_words[: split + 1])))
        return sum(map(operator.mul, best, self.sizes)) / self.weight

    def _best(self, text_words: Sequence[str]) -> list[float]:
        best = [0.0] * len(self.sizes)
        for word in set(text_words):
            best = list(map(max, best, self._similarities(word, glued=False)))
        if any(self.glued):
            for first, second in set(itertools.pairwise(text_words)):
                best = list(map(max, best, self._similarities(first + second, glued=True)))
        return best

    def _similarities(self, word: str, *, glued: bool) -> list[float]:
        found = self._cache.get(word)
        if found is None:
            found = self._cache[word] = [
                max(_word_similarity(option, word) for option in options)
                if (usable or not glued)
                else 0.0
                for options, usable in zip(self.variants, self.glued, strict=True)
            ]
        return found


def _word_similarity(query_word: str, word: str) -> float:
    if word.startswith(query_word):
        return 1.0
    longest = max(len(query_word), len(word))
    allowed = int(longest * (1 - WORD_MIN_SIMILARITY) + 1e-9)
    if abs(len(query_word) - len(word)) > allowed:
        return 0.0
    # Each letter with no twin in the other word costs one edit at least: a cheap bound
    # that spares the distance for most pairs.
    letters, other_letters = set(word), set(query_word)
    if (
        sum(char not in letters for char in query_word) > allowed
        or sum(char not in other_letters for char in word) > allowed
    ):
        return 0.0
    edits = _edit_distance(query_word, word, limit=allowed)
    return 1 - edits / longest if edits <= allowed else 0.0


def _edit_distance(a: str, b: str, *, limit: int) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap neighbours).

    Stops as soon as it must exceed ``limit`` and then returns ``limit + 1``: most pairs
    of words are nowhere near each other, and this runs for every word of the catalogue.
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
