"""What the reports API takes and gives."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from service.core.schemas import Out, Query
from service.evaluation.schemas import ResultsOut
from service.reports.paragraph import summary
from service.reports.statistics import Statistics

AnnualTable = Literal[
    "summary",
    "activities",
    "participants",
    "countries",
    "programmes",
    "months",
    "certificates",
    "satisfaction",
]
TrainingTable = Literal["registrations", "attendance", "certificates", "evaluation"]
Programme = Annotated[str, Field(max_length=40, description="a programme's code")]


Language = Literal["ar", "en", "fr"]


class AnnualQuery(Query):
    """The trainings that start in ``year`` (not drafts, not cancelled), of one programme if
    given; ``lang`` sets the language of the headers of exports (default: Accept-Language)."""

    year: Annotated[int, Field(ge=2000, le=2100)]
    programme: Programme | None = None
    lang: Language | None = None


class ExportQuery(Query):
    """``lang``: the language of the column headers (default: Accept-Language)."""

    lang: Language | None = None


class PeriodQuery(Query):
    """The trainings that start between ``from`` and ``to`` (both included)."""

    start: date = Field(alias="from")
    end: date = Field(alias="to")
    programme: Programme | None = None
    lang: Language | None = None

    @model_validator(mode="after")
    def _ordered(self) -> PeriodQuery:
        if self.end < self.start:
            raise ValueError("`to` must not be before `from`")
        if (self.end - self.start).days > 3660:
            raise ValueError("a period is at most ten years")
        return self


class AnnualCsvQuery(AnnualQuery):
    table: AnnualTable = "participants"


class PeriodOut(Out):
    start: date
    end: date
    programme: str | None


class KindOut(Out):
    activities: int
    by_modality: dict[str, int]
    registered: int
    participants: int
    certified: int
    experts: int


class CountryFiguresOut(Out):
    code: str
    participants: int


class ProgrammeFiguresOut(Out):
    code: str
    name: dict[str, str]
    activities: int
    participants: int


class MonthOut(Out):
    month: str
    by_modality: dict[str, int]


class TotalsOut(Out):
    activities: int
    registered: int
    participants: int
    certified: int
    experts: int
    countries: int
    member_countries: int
    certificates: int
    satisfaction: float | None
    satisfaction_answers: int


class ReportOut(Out):
    """A period's figures (definitions in the README, "Reports") and the summary paragraph in
    Arabic, English and French."""

    period: PeriodOut
    totals: TotalsOut
    by_kind: dict[str, KindOut]
    countries: list[CountryFiguresOut]
    programmes: list[ProgrammeFiguresOut]
    months: list[MonthOut]
    certificates: dict[str, int]
    evaluation: ResultsOut
    paragraph: dict[str, str]

    @classmethod
    def of(cls, stats: Statistics) -> ReportOut:
        figures = stats.figures()
        mean, answers = stats.satisfaction
        return cls(
            period=PeriodOut(start=stats.start, end=stats.end, programme=stats.programme),
            totals=TotalsOut(
                activities=figures.total_activities,
                registered=stats.total("registered"),
                participants=figures.total_participants,
                certified=stats.total("certified"),
                experts=figures.experts,
                countries=figures.countries,
                member_countries=figures.member_countries,
                certificates=figures.certificates,
                satisfaction=mean,
                satisfaction_answers=answers,
            ),
            by_kind={
                kind: KindOut(
                    activities=row.activities,
                    by_modality=row.by_modality,
                    registered=row.registered,
                    participants=row.participants,
                    certified=row.certified,
                    experts=row.experts,
                )
                for kind, row in stats.kinds.items()
            },
            countries=[
                CountryFiguresOut(code=c, participants=n) for c, n in stats.countries.items()
            ],
            programmes=[
                ProgrammeFiguresOut(
                    code=p.code, name=p.name, activities=p.activities, participants=p.participants
                )
                for p in stats.programmes
            ],
            months=[MonthOut(month=m, by_modality=c) for m, c in stats.months.items()],
            certificates=stats.certificates,
            evaluation=ResultsOut.of(stats.evaluation),
            paragraph={lang: summary(figures, lang) for lang in ("ar", "en", "fr")},
        )
