"""The run store: SQL tables, database setup and migrations; the only code that speaks SQL.

:class:`Store` implements the engine's ``EventSink`` and ``CacheIndex`` and answers the CLI's and
the UI's questions about runs with the frozen records of :mod:`designer.store.records`.
"""

from __future__ import annotations

from designer.store.history import MetricFilter, RunParameters, parse_metric_filters
from designer.store.records import ArtifactRecord, ComponentRecord, MetricRecord, RunRecord, StepRecord
from designer.store.store import Store

__all__ = ["ArtifactRecord", "ComponentRecord", "MetricFilter", "MetricRecord", "RunParameters", "RunRecord",
           "StepRecord", "Store", "parse_metric_filters"]
