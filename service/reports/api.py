"""JSON routes and exports: a year's or a period's figures, and XLSX/CSV files of the period's
tables and of each training's registrations, attendance, certificates and evaluation answers
(organisers). Exports are streamed (see ``exports``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale

from service.core.db import begin_read_only, db
from service.core.schemas import parse
from service.registrations.access import require_organiser
from service.reports.exports import (
    CSV,
    XLSX,
    annual_tables,
    csv_response,
    training_table,
    xlsx_response,
)
from service.reports.labels import TRAINING_TABLES
from service.reports.paragraph import summary
from service.reports.schemas import (
    AnnualCsvQuery,
    AnnualQuery,
    ExportQuery,
    PeriodQuery,
    ReportOut,
)
from service.reports.statistics import Statistics, statistics
from service.trainings.operations import get_training
from service.web.jsonapi import INVALID, NOT_FOUND, UNAUTHORISED, Access, operation, reply

api = Blueprint("reports", __name__)


def _read() -> None:
    db.session.rollback()
    begin_read_only()  # figures are read in one transaction of their own, holding no lock


def _year(query: AnnualQuery) -> Statistics:
    return statistics(date(query.year, 1, 1), date(query.year, 12, 31), query.programme)


@api.get("/reports/annual")
@operation(
    "A year's figures (activities that start in the year; drafts and cancelled left out) and "
    "the summary paragraph in ar, en and fr",
    query=AnnualQuery,
    access=Access.ORGANISER,
    responses={200: ReportOut, **UNAUTHORISED, **INVALID},
)
def get_annual() -> ResponseReturnValue:
    require_organiser()
    query: AnnualQuery = parse(AnnualQuery, request.args.to_dict())
    _read()
    return reply(ReportOut.of(_year(query)))


@api.get("/reports")
@operation(
    "A period's figures (activities that start between from and to, both included)",
    query=PeriodQuery,
    access=Access.ORGANISER,
    responses={200: ReportOut, **UNAUTHORISED, **INVALID},
)
def get_period() -> ResponseReturnValue:
    require_organiser()
    query: PeriodQuery = parse(PeriodQuery, request.args.to_dict())
    _read()
    return reply(ReportOut.of(statistics(query.start, query.end, query.programme)))


def annual_name(query: AnnualQuery, extension: str, table: str | None = None) -> str:
    parts = ["report", str(query.year), query.programme or "", table or ""]
    return "-".join(part for part in parts if part) + f".{extension}"


@api.get("/reports/annual.xlsx")
@operation(
    "A year's tables as an XLSX workbook (one sheet per table; headers in `lang`)",
    query=AnnualQuery,
    access=Access.ORGANISER,
    binary=XLSX,
    responses={200: "the workbook", **UNAUTHORISED, **INVALID},
)
def get_annual_xlsx() -> ResponseReturnValue:
    require_organiser()
    query: AnnualQuery = parse(AnnualQuery, request.args.to_dict())
    _read()
    stats = _year(query)
    language = str(get_locale())
    tables = annual_tables(stats, language, summary(stats.figures(), language))
    return xlsx_response(tables, annual_name(query, "xlsx"))


@api.get("/reports/annual.csv")
@operation(
    "One of a year's tables as CSV (UTF-8 with BOM; headers in `lang`)",
    query=AnnualCsvQuery,
    access=Access.ORGANISER,
    binary=CSV,
    responses={200: "the table", **UNAUTHORISED, **INVALID},
)
def get_annual_csv() -> ResponseReturnValue:
    require_organiser()
    query: AnnualCsvQuery = parse(AnnualCsvQuery, request.args.to_dict())
    _read()
    stats = _year(query)
    language = str(get_locale())
    tables = annual_tables(stats, language, summary(stats.figures(), language))
    table = next(t for t in tables if t.name == query.table)
    return csv_response(table, annual_name(query, "csv", query.table))


def _training_export(table: str, extension: str) -> Callable[[int], ResponseReturnValue]:
    def view(training_id: int) -> ResponseReturnValue:
        require_organiser()
        parse(ExportQuery, request.args.to_dict())
        _read()
        training = get_training(training_id, include_drafts=True)
        exported = training_table(training, table, str(get_locale()))
        name = f"training-{training.id}-{table}.{extension}"
        if extension == "xlsx":
            return xlsx_response([exported], name)
        return csv_response(exported, name)

    view.__name__ = f"get_training_{table}_{extension}"
    return view


for _table in TRAINING_TABLES:
    for _extension, _media in (("xlsx", XLSX), ("csv", CSV)):
        api.add_url_rule(
            f"/trainings/<int:training_id>/exports/{_table}.{_extension}",
            view_func=operation(
                f"A training's {_table} as {_extension.upper()}"
                + (" (anonymous: no name, e-mail or reference)" if _table == "evaluation" else "")
                + "; headers in `lang`",
                query=ExportQuery,
                access=Access.ORGANISER,
                binary=_media,
                responses={200: f"the {_table}", **UNAUTHORISED, **NOT_FOUND, **INVALID},
            )(_training_export(_table, _extension)),
        )
