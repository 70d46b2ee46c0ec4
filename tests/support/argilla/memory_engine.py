"""An in-memory search engine for argilla-server 2.8, so that the real server runs on SQLite alone in tests.

argilla-server refuses to start without Elasticsearch or OpenSearch. It selects its engine by name from
`SearchEngine.registered_classes` (`ARGILLA_SEARCH_ENGINE`), so this class registers itself as "memory".
Nothing is indexed: every search reads the dataset's records, responses and suggestions from SQL and filters,
sorts and pages them in memory with the semantics of the Elasticsearch engine (commons.py), which is plenty for
test datasets of up to tens of thousands of records.
"""

import hashlib
import re
import math
from typing import Any, Iterable, List, Optional, Union

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from argilla_server.database import AsyncSessionLocal
from argilla_server.enums import ResponseStatusFilter, SimilarityOrder, SortOrder
from argilla_server.models import Dataset, MetadataProperty, Question, Record, Response, User, Vector, VectorSettings
from argilla_server.search_engine.base import (
    AndFilter,
    Filter,
    FloatMetadataMetrics,
    IntegerMetadataMetrics,
    MetadataFilterScope,
    Order,
    RangeFilter,
    RecordFilterScope,
    ResponseFilterScope,
    SearchEngine,
    SearchResponseItem,
    SearchResponses,
    SuggestionFilterScope,
    TermsFilter,
    TermsMetrics,
    TextQuery,
)


def _text(value: Any) -> str:
    return value.value if hasattr(value, "value") else str(value)


def _values_of(value: Any) -> List[Any]:
    """A stored value as a list of comparable scalars (multi-label and ranking values are lists)."""
    if value is None:
        return []
    if isinstance(value, list):
        out = []
        for item in value:
            out.extend(_values_of(item["value"] if isinstance(item, dict) and "value" in item else item))
        return out
    return [value]


class _Row:
    """One record with what filters look at."""

    def __init__(self, record: Record, question_names: dict):
        self.record = record
        self.responses = list(record.responses)
        self.suggestions = {question_names.get(s.question_id): s for s in record.suggestions}


@SearchEngine.register("memory")
class MemorySearchEngine(SearchEngine):
    @classmethod
    async def new_instance(cls) -> "MemorySearchEngine":
        return cls()

    async def close(self):
        pass

    async def ping(self) -> bool:
        return True

    async def info(self) -> dict:
        return {"engine": "memory", "version": "1"}

    # Nothing is indexed, so index maintenance has nothing to do.
    async def create_index(self, dataset: Dataset):
        pass

    async def delete_index(self, dataset: Dataset):
        pass

    async def configure_metadata_property(self, dataset: Dataset, metadata_property: MetadataProperty):
        pass

    async def configure_index_vectors(self, vector_settings: VectorSettings):
        pass

    async def index_records(self, dataset: Dataset, records: Iterable[Record]):
        pass

    async def partial_record_update(self, record: Record, **update):
        pass

    async def delete_records(self, dataset: Dataset, records: Iterable[Record]):
        pass

    async def update_record_response(self, response: Response):
        pass

    async def delete_record_response(self, response: Response):
        pass

    async def update_record_suggestion(self, suggestion):
        pass

    async def delete_record_suggestion(self, suggestion):
        pass

    async def get_dataset_progress(self, dataset: Dataset) -> dict:
        if dataset.is_draft:
            return {}
        async with AsyncSessionLocal() as db:
            rows = (
                await db.execute(
                    select(Record.status, func.count()).where(Record.dataset_id == dataset.id).group_by(Record.status)
                )
            ).all()
        counts = {_text(status): n for status, n in rows}
        return {"total": sum(counts.values()), **counts}

    async def get_dataset_user_progress(self, dataset: Dataset, user: User) -> dict:
        if dataset.is_draft:
            return {}
        async with AsyncSessionLocal() as db:
            rows = (
                await db.execute(
                    select(Response.status, func.count())
                    .join(Record, Record.id == Response.record_id)
                    .where(Record.dataset_id == dataset.id, Response.user_id == user.id)
                    .group_by(Response.status)
                )
            ).all()
        counts = {_text(status): n for status, n in rows}
        return {"total": sum(counts.values()), **counts}

    async def _rows(self, dataset: Dataset) -> List[_Row]:
        async with AsyncSessionLocal() as db:
            names = dict((await db.execute(select(Question.id, Question.name).where(Question.dataset_id == dataset.id))).all())
            records = (
                await db.execute(
                    select(Record)
                    .where(Record.dataset_id == dataset.id)
                    .options(selectinload(Record.responses), selectinload(Record.suggestions))
                    .order_by(Record.inserted_at, Record.id)
                )
            ).scalars().all()
        return [_Row(record, names) for record in records]

    async def search(
        self,
        dataset: Dataset,
        query: Optional[Union[TextQuery, str]] = None,
        filter: Optional[Filter] = None,
        sort: Optional[List[Order]] = None,
        offset: int = 0,
        limit: int = 100,
        user_id: Optional[str] = None,
        **_ignored,
    ) -> SearchResponses:
        rows = [row for row in await self._rows(dataset) if _matches_text(row, query) and _matches(row, filter)]
        if sort:
            for order in reversed(sort):
                present = [r for r in rows if _sort_key(r, order.scope) is not None]
                missing = [r for r in rows if _sort_key(r, order.scope) is None]
                present.sort(key=lambda r: _sort_key(r, order.scope), reverse=order.order == SortOrder.desc)
                rows = present + missing
        elif user_id:
            # Like Elasticsearch's random_score seeded by the user: a different, stable order per annotator.
            rows.sort(key=lambda r: hashlib.sha256(f"{user_id}:{r.record.id}".encode()).hexdigest())
        page = rows[offset : offset + limit]
        return SearchResponses(items=[SearchResponseItem(record_id=r.record.id, score=None) for r in page], total=len(rows))

    async def similarity_search(
        self,
        dataset: Dataset,
        vector_settings: VectorSettings,
        value: Optional[List[float]] = None,
        record: Optional[Record] = None,
        query: Optional[Union[TextQuery, str]] = None,
        filter: Optional[Filter] = None,
        max_results: int = 100,
        order: SimilarityOrder = SimilarityOrder.most_similar,
        threshold: Optional[float] = None,
    ) -> SearchResponses:
        async with AsyncSessionLocal() as db:
            vectors = dict(
                (await db.execute(select(Vector.record_id, Vector.value).where(Vector.vector_settings_id == vector_settings.id))).all()
            )
        if value is None and record is not None:
            value = vectors.get(record.id)
        if value is None:
            return SearchResponses(items=[], total=0)
        rows = [row for row in await self._rows(dataset) if _matches_text(row, query) and _matches(row, filter)]
        scored = []
        for row in rows:
            other = vectors.get(row.record.id)
            if other is None or (record is not None and row.record.id == record.id):
                continue
            norm = math.sqrt(sum(a * a for a in value)) * math.sqrt(sum(b * b for b in other)) or 1.0
            score = (1 + sum(a * b for a, b in zip(value, other)) / norm) / 2
            if threshold is None or score >= threshold:
                scored.append((score, row.record.id))
        scored.sort(reverse=order == SimilarityOrder.most_similar)
        items = [SearchResponseItem(record_id=rid, score=score) for score, rid in scored[:max_results]]
        return SearchResponses(items=items, total=len(items))

    async def compute_metrics_for(self, metadata_property: MetadataProperty):
        async with AsyncSessionLocal() as db:
            metadata = (await db.execute(select(Record.metadata_).where(Record.dataset_id == metadata_property.dataset_id))).scalars().all()
        values = [m[metadata_property.name] for m in metadata if m and m.get(metadata_property.name) is not None]
        kind = _text(metadata_property.type)
        if kind == "terms":
            counts = {}
            for v in values:
                for term in _values_of(v):
                    counts[str(term)] = counts.get(str(term), 0) + 1
            return TermsMetrics(
                total=len(counts), values=[TermsMetrics.TermCount(term=t, count=n) for t, n in sorted(counts.items(), key=lambda x: -x[1])]
            )
        metrics = IntegerMetadataMetrics if kind == "integer" else FloatMetadataMetrics
        return metrics(min=min(values) if values else None, max=max(values) if values else None)


def _matches_text(row: _Row, query: Optional[Union[TextQuery, str]]) -> bool:
    if query is None:
        return True
    text, field = (query, None) if isinstance(query, str) else (query.q, query.field)
    if not text or text.strip() in ("", "*"):
        return True
    fields = row.record.fields or {}
    haystack = " ".join(str(v) for k, v in fields.items() if field is None or k == field).lower()
    # Like Elasticsearch's standard analyzer (words) and simple_query_string with a trailing `*`:
    # every query token must start some word.
    words = re.findall(r"\w+", haystack)
    return all(any(w.startswith(token) for w in words) for token in re.findall(r"\w+", text.lower()))


def _user_responses(row: _Row, user: Optional[User]) -> List[Response]:
    return [r for r in row.responses if user is None or r.user_id == user.id]


def _matches(row: _Row, filter: Optional[Filter]) -> bool:
    if filter is None:
        return True
    if isinstance(filter, AndFilter):
        return all(_matches(row, f) for f in filter.filters)
    scope = filter.scope
    if isinstance(scope, ResponseFilterScope) and scope.question is None:
        if scope.property != "status" or not isinstance(filter, TermsFilter):
            raise ValueError(f"Cannot process filter scope {scope}")
        wanted = [_text(v) for v in filter.values]
        mine = _user_responses(row, scope.user)
        if ResponseStatusFilter.pending.value in wanted and not mine:
            return True
        return any(_text(r.status) in wanted for r in mine)
    return any(_fits(filter, v) for v in _scope_values(row, scope))


def _scope_values(row: _Row, scope) -> List[Any]:
    if isinstance(scope, RecordFilterScope):
        return [getattr(row.record, scope.property)]
    if isinstance(scope, MetadataFilterScope):
        return _values_of((row.record.metadata_ or {}).get(scope.metadata_property))
    if isinstance(scope, SuggestionFilterScope):
        suggestion = row.suggestions.get(scope.question)
        if suggestion is None:
            return []
        return _values_of(getattr(suggestion, scope.property or "value"))
    if isinstance(scope, ResponseFilterScope):
        out = []
        for response in _user_responses(row, scope.user):
            out.extend(_values_of((response.values or {}).get(scope.question, {}).get("value")))
        return out
    raise ValueError(f"Cannot process filter scope {scope}")


def _fits(filter: Filter, value: Any) -> bool:
    if value is None:
        return False
    if isinstance(filter, TermsFilter):
        return _text(value) in [str(v) for v in filter.values]
    if isinstance(filter, RangeFilter):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False
        return (filter.ge is None or number >= filter.ge) and (filter.le is None or number <= filter.le)
    raise ValueError(f"Cannot process filter {filter}")


def _sort_key(row: _Row, scope) -> Optional[Any]:
    values = _scope_values(row, scope)
    if not values:
        return None
    numbers = [v for v in values if isinstance(v, (int, float))]
    if numbers and len(numbers) == len(values):
        return sum(numbers) / len(numbers)  # Elasticsearch's "avg" mode
    return _text(values[0])
