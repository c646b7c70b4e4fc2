"""The organisers' reports page: a year's (or a programme's year) figures, the summary paragraph
with a copy button, charts beside tables, and links to every export; plus each training's
exports, and the charts as SVG images."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext

from service.core.clock import utcnow
from service.core.db import begin_read_only, db
from service.core.errors import ServiceError
from service.core.i18n import country_name, pick
from service.evaluation.questions import QuestionKind
from service.organisers.auth import organiser_required
from service.reports import charts
from service.reports.exports import annual_tables, csv_response, training_table, xlsx_response
from service.reports.labels import ANNUAL_TABLES, DESIGNS, TRAINING_TABLES
from service.reports.paragraph import summary
from service.reports.statistics import Statistics, statistics
from service.trainings.labels import KINDS, MODALITIES
from service.trainings.models import CertificateTemplate, Kind, Modality
from service.trainings.operations import all_programmes, get_training
from service.web.locale import text_direction
from service.web.site import page_blueprint

pages = page_blueprint("reports", __name__, static=True)

CHARTS = ("months", "programmes", "satisfaction", "map")


def _year() -> int:
    try:
        year = int(request.args.get("year", utcnow().year))
    except ValueError:
        abort(404)
    if not 2000 <= year <= 2100:
        abort(404)
    return year


def _programme() -> str | None:
    return request.args.get("programme") or None


def _statistics(year: int, programme: str | None) -> Statistics:
    db.session.rollback()
    begin_read_only()
    try:
        return statistics(date(year, 1, 1), date(year, 12, 31), programme)
    except ServiceError:
        abort(404)


def _chart_titles() -> dict[str, str]:
    return {
        "months": gettext("Activities per month, by modality"),
        "programmes": gettext("Participants per programme"),
        "satisfaction": gettext("Satisfaction per question (mean, 1 to 5)"),
        "map": gettext("Participants per member country"),
    }


@pages.get("/organiser/reports")
@organiser_required
def report() -> ResponseReturnValue:
    language = str(get_locale())
    year, programme = _year(), _programme()
    stats = _statistics(year, programme)
    figures = stats.figures()
    args: dict[str, Any] = {"year": year, "lang": language}
    if programme:
        args["programme"] = programme
    return render_template(
        "reports/report.html",
        year=year,
        programme=programme,
        programmes=[(p.code, pick(p.name, language)) for p in all_programmes()],
        stats=stats,
        figures=figures,
        paragraph=summary(figures, language),
        direction=text_direction(language),
        kinds=[(k, KINDS[k]) for k in Kind],
        modalities=[(m, MODALITIES[m]) for m in Modality],
        designs=[(t, DESIGNS[t]) for t in CertificateTemplate],
        countries=[(code, country_name(code, language), n) for code, n in stats.countries.items()],
        months=[(charts.month_label(m, language), c) for m, c in stats.months.items()],
        scales=[r for r in stats.evaluation.questions if r.question.kind == QuestionKind.SCALE],
        label=lambda question: pick(question.label.as_dict(), language),
        chart_titles=_chart_titles(),
        chart_urls={name: url_for("reports.chart", name=name, **args) for name in CHARTS},
        tables=ANNUAL_TABLES,
        xlsx_url=url_for("reports.annual_xlsx", **args),
        csv_urls={t: url_for("reports.annual_csv", table=t, **args) for t in ANNUAL_TABLES},
    )


@pages.get("/organiser/reports/charts/<name>.svg")
@organiser_required
def chart(name: str) -> ResponseReturnValue:
    if name not in CHARTS:
        abort(404)
    language = str(get_locale())
    stats = _statistics(_year(), _programme())
    draw = {
        "months": charts.months_chart,
        "programmes": charts.programmes_chart,
        "satisfaction": charts.satisfaction_chart,
        "map": charts.map_chart,
    }[name]
    svg = draw(stats, language, _chart_titles()[name])
    response = Response(svg, mimetype="image/svg+xml")
    # An image of its own: its pygal <style> applies, and nothing in it runs.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@pages.get("/organiser/reports/report.xlsx")
@organiser_required
def annual_xlsx() -> ResponseReturnValue:
    language = str(get_locale())
    year, programme = _year(), _programme()
    stats = _statistics(year, programme)
    tables = annual_tables(stats, language, summary(stats.figures(), language))
    return xlsx_response(tables, f"report-{year}{'-' + programme if programme else ''}.xlsx")


@pages.get("/organiser/reports/<table>.csv")
@organiser_required
def annual_csv(table: str) -> ResponseReturnValue:
    if table not in ANNUAL_TABLES:
        abort(404)
    language = str(get_locale())
    year, programme = _year(), _programme()
    stats = _statistics(year, programme)
    tables = annual_tables(stats, language, summary(stats.figures(), language))
    chosen = next(t for t in tables if t.name == table)
    return csv_response(chosen, f"report-{year}{'-' + programme if programme else ''}-{table}.csv")


@pages.get("/organiser/trainings/<int:training_id>/exports/<table>.<fmt>")
@organiser_required
def training_export(training_id: int, table: str, fmt: str) -> ResponseReturnValue:
    if table not in TRAINING_TABLES or fmt not in ("xlsx", "csv"):
        abort(404)
    db.session.rollback()
    begin_read_only()
    training = get_training(training_id, include_drafts=True)
    exported = training_table(training, table, str(get_locale()))
    name = f"training-{training.id}-{table}.{fmt}"
    return xlsx_response([exported], name) if fmt == "xlsx" else csv_response(exported, name)
