"""Public reads of the catalogue: the versions in force, and search over them.

"Public" means the version in force on the day asked about (today by default): see
:func:`version_public_list`. Drafts, and versions superseded or abolished before that
day, never leave this module, whatever the query.

Search matches the folded text that ``ProcedureVersion.save`` stores in ``search_text``
(lower case, no marks, đ→d — see :func:`motcua.core.text.fold`), so "Đăng ký", "dang ky"
and "DANG KY" are one query. Matching uses the database's own index: an FTS5 table kept
in sync by triggers on SQLite, full text with the ``simple`` configuration on
PostgreSQL (migration ``0002_search_indexes``). When no version matches every word, a
typo-tolerant pass scores near matches. Ranking follows the rules in ``docs/search.md``
and depends on the name (and, for near matches, the field) alone: the database counts
hits per distinct name, the names are ranked here, and only the page's versions are
read, so a query that hits thousands of versions of a national catalogue costs a few
hundred short rows. Both databases return the same order.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate, Concat, Lower
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.core.text import fold

from .constants import OnlineLevel, VersionStatus
from .models import Field, Procedure, ProcedureCase, ProcedureVersion

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
# Up to this many procedures whose code contains the query, ranking is done here on their
# codes; beyond ("1.00" on a national catalogue), by the database.
CODE_HITS_RANKED_HERE = 2_000

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

    if parsed.code:
        page_ids, total = _rank_code(parsed.code, versions, offset=offset, limit=limit)
        approximate = False
    else:
        page_ids, total = _rank_text(parsed.words, versions, offset=offset, limit=limit)
        approximate = False
        if not total:
            page_ids, total = _rank_approximate(parsed.words, versions, offset=offset, limit=limit)
            approximate = bool(total)
    by_id = {v.pk: v for v in _with_listing_data(ProcedureVersion.objects.filter(pk__in=page_ids))}
    return SearchResult(items=[by_id[pk] for pk in page_ids], total=total, approximate=approximate)


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


def _rank_code(
    code: str, versions: QuerySet[ProcedureVersion], *, offset: int, limit: int
) -> tuple[list[int], int]:
    """Exact code, then codes starting with it, then codes containing it; by code inside.

    The procedures come first, alone (on PostgreSQL through the trigram index over their
    codes, migration 0005), then their versions in force by procedure id. Joining the two
    in one statement made PostgreSQL read every version of a national catalogue to find
    the few hundred of one code.
    """
    found = Procedure.objects.filter(code__icontains=code).values_list("pk", "code")
    codes = dict(found[: CODE_HITS_RANKED_HERE + 1])
    if len(codes) > CODE_HITS_RANKED_HERE:
        return _rank_code_in_sql(code, versions, offset=offset, limit=limit)
    rows = versions.filter(procedure_id__in=codes).values_list("pk", "procedure_id")

    def key(row: tuple[int, int]) -> tuple:
        own = codes[row[1]].lower()
        if own == code:
            tier = Tier.CODE_EXACT
        elif own.startswith(code):
            tier = Tier.CODE_PREFIX
        else:
            tier = Tier.CODE_PART
        return (tier, own)

    ranked = [pk for pk, _procedure in sorted(rows.order_by(), key=key)]
    return ranked[offset : offset + limit], len(ranked)


def _rank_code_in_sql(
    code: str, versions: QuerySet[ProcedureVersion], *, offset: int, limit: int
) -> tuple[list[int], int]:
    """The same order as :func:`_rank_code`, for a fragment that many codes contain."""
    matched = versions.filter(procedure__code__icontains=code)
    tier = Case(
        When(procedure__code__iexact=code, then=Value(int(Tier.CODE_EXACT))),
        When(procedure__code__istartswith=code, then=Value(int(Tier.CODE_PREFIX))),
        default=Value(int(Tier.CODE_PART)),
    )
    # The total rides on every row of the page (a window count): one query, not a page
    # and a COUNT(*) over the same rows.
    page = list(
        matched.annotate(
            tier=tier, own=_binary(Lower("procedure__code")), total=Window(Count("pk"))
        )
        .order_by("tier", "own")
        .values_list("pk", "total")[offset : offset + limit]
    )
    if page:
        return [pk for pk, _total in page], page[0][1]
    return [], (matched.count() if offset else 0)


def _binary(expression):
    """Order by code point, as Python compares strings, whatever the database's locale."""
    if connection.vendor == "postgresql":
        return Collate(expression, "C")
    return expression  # SQLite compares with BINARY unless told otherwise


def _page_of_groups(
    ranks: dict[object, tuple],
    counts: dict[object, int],
    rows_of,
    *,
    offset: int,
    limit: int,
) -> tuple[list[int], int]:
    """One page of rows ordered by (their group's rank, code), reading only that page's groups.

    Rows are grouped by what their rank depends on (a name, a name and field); ``ranks``
    and ``counts`` give each group's rank and number of rows. Groups of equal rank form
    one block whose rows interleave by code, so a page takes whole blocks: ``rows_of``
    receives the groups of the blocks that overlap the page and returns their rows as
    ``(pk, group, code)``. A common query on a national catalogue hits thousands of
    versions but a page needs one or two blocks of a few dozen.
    """
    total = sum(counts.values())
    if offset >= total:
        return [], total
    blocks: dict[tuple, list[object]] = {}
    for group, rank in ranks.items():
        blocks.setdefault(rank, []).append(group)
    needed: list[object] = []
    start: int | None = None
    seen = 0
    for rank in sorted(blocks):
        groups = blocks[rank]
        size = sum(counts[group] for group in groups)
        if seen + size > offset:
            if start is None:
                start = seen
            needed.extend(groups)
        seen += size
        if seen >= offset + limit:
            break
    rows = sorted(rows_of(needed), key=lambda row: (ranks[row[1]], row[2]))
    skip = offset - (start or 0)
    return [row[0] for row in rows[skip : skip + limit]], total


def _variants(word: str) -> tuple[str, ...]:
    if _I_OR_Y.fullmatch(word):
        return (word[:-1] + "i", word[:-1] + "y")
    return (word,)


def _rank_text(
    words: tuple[str, ...], versions: QuerySet[ProcedureVersion], *, offset: int, limit: int
) -> tuple[list[int], int]:
    """Every word (or its i/y twin) starts a word of the indexed text; rank by tier.

    The rank depends on the name alone, and names repeat a lot: the versions of one
    procedure, and the same procedure published by many provinces. So the database
    counts the hits per distinct name (one short row per name, not thousands of
    versions), each name is ranked once here, and only the page's names come back as
    versions (:func:`_page_of_groups`).
    """
    matched = _text_match(words, versions)
    counts = dict(matched.order_by().values_list("name").annotate(n=Count("pk")))
    variants = [_variants(word) for word in words]
    ranks = {name: _name_rank(name, variants) for name in counts}

    def rows_of(names: list[str]) -> list[tuple[int, str, str]]:
        page_names = versions.filter(name__in=names).order_by()
        if connection.vendor == "sqlite":
            # FTS5 would answer the whole query again to intersect it with a few dozen
            # rows; the same test on their text here is exact (see _fts_tokens).
            rows = page_names.values_list("pk", "name", "procedure__code", "search_text")
            return [(pk, name, code) for pk, name, code, text in rows if _fts_match(text, variants)]
        return list(
            _text_match(words, page_names, indexed=False).values_list(
                "pk", "name", "procedure__code"
            )
        )

    return _page_of_groups(ranks, counts, rows_of, offset=offset, limit=limit)


# FTS5's unicode61 tokenizer: runs of letters and digits (any script); the folded text
# has no marks left for ``remove_diacritics`` to strip.
_FTS_TOKEN = re.compile(r"[^\W_]+")


def _fts_match(text: str, variants: list[tuple[str, ...]]) -> bool:
    """What the FTS5 query of :func:`_text_match` answers for one row's folded text."""
    tokens = _FTS_TOKEN.findall(text.lower())
    return all(any(token.startswith(options) for token in tokens) for options in variants)


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
    words: tuple[str, ...], versions: QuerySet[ProcedureVersion], *, indexed: bool = True
) -> QuerySet[ProcedureVersion]:
    """Versions whose folded text has every word (or its i/y twin) as a word's start.

    ``indexed=False`` (PostgreSQL) is for a query already narrowed to a few dozen rows by
    another index: the same test is computed on those rows instead of combining them with
    the full-text index, which would read every hit of a common word to intersect.
    """
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # Words are [a-z0-9]+ only, so the raw tsquery cannot be malformed by user input.
        terms = [
            "(" + " | ".join(f"{option}:*" for option in _variants(word)) + ")" for word in words
        ]
        # The index is over to_tsvector('simple', COALESCE(search_text, '')); appending a
        # space yields the same words from an expression the planner cannot match to it.
        text = (
            F("search_text")
            if indexed
            else Concat("search_text", Value(" "), output_field=TextField())
        )
        return versions.annotate(search_vector=SearchVector(text, config="simple")).filter(
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


def _rank_approximate(
    words: tuple[str, ...], versions: QuerySet[ProcedureVersion], *, offset: int, limit: int
) -> tuple[list[int], int]:
    """Near matches: typos, missing marks on the wrong letter, words run together.

    Scored by :class:`_NearMatch` over the words of the name and the field name, best
    first, then by shorter name and by code. Those words repeat across versions and
    provinces, so the database returns each distinct (name, field) once with its count,
    each is scored once here, and only the page's groups come back as versions. A query
    with a digit in it may be aiming at a code, which is unique to each version: it is
    scored version by version (:func:`_rank_approximate_rows`).
    """
    if any(char.isdigit() for word in words for char in word):
        return _rank_approximate_rows(words, versions, offset=offset, limit=limit)
    scorer = _NearMatch(words)
    # A (name, field) pair scores the best of its name's words, its field's words and the
    # one glued pair across the two (:meth:`_NearMatch.best_joined`), so names and fields
    # are scored apart, and only names that some field could lift to the threshold are
    # looked up, with their versions in force, in the database.
    fields = {pk: _words_of(name) for pk, name in Field.objects.values_list("pk", "name")}
    field_best = {pk: scorer.best(field_words) for pk, field_words in fields.items()}
    # Most fields resemble none of the query words: for those only the glued pair across
    # the join can add, and that depends on the name's last word and the field's first.
    lifting = {pk for pk, best in field_best.items() if any(best)}
    plain_firsts = {fields[pk][0] for pk in fields if pk not in lifting and fields[pk]}
    across: dict[str, list[float]] = {}
    candidates: dict[str, tuple[list[str], list[float]]] = {}
    for name in _distinct_names():
        name_words = _words_of(name)
        own = scorer.best(name_words)
        last = name_words[-1] if name_words else ""
        if last not in across:
            lift = [0.0] * len(own)
            for first in plain_firsts if last else ():
                lift = list(map(max, lift, scorer.glued_pair(last, first)))
            across[last] = lift
        best_score = scorer.weighted(list(map(max, own, across[last])))
        for pk in lifting:
            if best_score >= NEAR_MATCH_THRESHOLD:
                break
            joined = scorer.best_joined(own, field_best[pk], name_words, fields[pk])
            best_score = max(best_score, scorer.weighted(joined))
        if best_score >= NEAR_MATCH_THRESHOLD:
            candidates[name] = (name_words, own)
    ranks: dict[object, tuple] = {}
    counts: dict[object, int] = {}
    groups = (
        versions.order_by()
        .filter(name__in=candidates)
        .values_list("name", "procedure__field_id")
        .annotate(n=Count("pk"))
    )
    for name, field_id, count in groups:
        name_words, own = candidates[name]
        best = scorer.best_joined(own, field_best[field_id], name_words, fields[field_id])
        score = scorer.weighted(best)
        if score >= NEAR_MATCH_THRESHOLD:
            ranks[name, field_id] = (-score, len(name))
            counts[name, field_id] = count

    def rows_of(needed: list[tuple[str, int]]) -> list[tuple[int, tuple[str, int], str]]:
        wanted = set(needed)
        rows = (
            versions.order_by()
            .filter(name__in={name for name, _field in needed})
            .values_list("pk", "name", "procedure__field_id", "procedure__code")
        )
        return [
            (pk, (name, field_id), code)
            for pk, name, field_id, code in rows
            if (name, field_id) in wanted
        ]

    return _page_of_groups(ranks, counts, rows_of, offset=offset, limit=limit)


@functools.lru_cache(maxsize=20_000)
def _words_of(text: str) -> tuple[str, ...]:
    """The folded words of a name; names repeat from one search to the next."""
    return tuple(_WORD.findall(fold(text)))


def _distinct_names() -> list[str]:
    """Every distinct version name, one index probe per name (a loose index scan).

    A national catalogue has some 70,000 versions but a couple of thousand names; the
    recursive query walks the ``catalog_version_name`` index (migration 0005) from one
    name to the next instead of reading every row.
    """
    table = ProcedureVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # A constant table name; no user input in this statement.
            f"WITH RECURSIVE names(name) AS ("  # noqa: S608
            f" SELECT MIN(name) FROM {table}"
            f" UNION ALL"
            f" SELECT (SELECT MIN(v.name) FROM {table} v WHERE v.name > names.name)"
            f" FROM names WHERE names.name IS NOT NULL"
            f") SELECT name FROM names WHERE name IS NOT NULL"
        )
        return [row[0] for row in cursor.fetchall()]


def _rank_approximate_rows(
    words: tuple[str, ...], versions: QuerySet[ProcedureVersion], *, offset: int, limit: int
) -> tuple[list[int], int]:
    """Near matches scored version by version, the code's words included.

    PostgreSQL first narrows the candidates with the GIN trigram index (``<%``, word
    similarity at least ``PG_TRIGRAM_PREFILTER``); SQLite scores every version in force.
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
    scored.sort()
    return [row[-1] for row in scored[offset : offset + limit]], len(scored)


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

    def best(self, text_words: Sequence[str]) -> list[float]:
        """Each query word's best similarity among ``text_words`` and their glued pairs."""
        return self._best(text_words)

    def glued_pair(self, first: str, second: str) -> list[float]:
        """Each query word's similarity to two adjacent words run together."""
        return self._similarities(first + second, glued=True)

    def best_joined(
        self,
        first_best: list[float],
        second_best: list[float],
        first_words: Sequence[str],
        second_words: Sequence[str],
    ) -> list[float]:
        """``best(first_words + second_words)`` from the two parts' own bests.

        The words of the whole are those of the parts, and its pairs are theirs plus the
        one across the join, so the maximum splits exactly.
        """
        best = list(map(max, first_best, second_best))
        if first_words and second_words:
            best = list(map(max, best, self.glued_pair(first_words[-1], second_words[0])))
        return best

    def weighted(self, best: list[float]) -> float:
        """The text's score from each query word's best similarity."""
        return sum(map(operator.mul, best, self.sizes)) / self.weight

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
