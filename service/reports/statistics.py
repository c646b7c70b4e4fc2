"""A period's figures, as the README defines them (section "Reports"), computed with a fixed
number of aggregate queries whatever the number of trainings and registrations:

- an activity is a training, counted in the period in which it starts; drafts and cancelled
  trainings are not counted;
- a participant counts once per activity: a confirmed registration as participant whose
  attendance summary counts at least one session (``registered``: every confirmed participant;
  ``certified``: those with a standing certificate — not revoked);
- experts: confirmed experts and speakers, once per activity;
- countries: the distinct countries of the participants counted (member countries: those of
  them in the member-state list);
- certificates: standing certificates of the period's activities, whatever the year they were
  issued, of every design (participation, attendance, appreciation);
- satisfaction: the mean of the evaluation's overall-satisfaction answers (1–5).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, extract, func, select

from service.attendance.models import AttendanceSummary
from service.certification.models import WITH_PDF, Certificate
from service.core.countries import member_states
from service.core.db import db
from service.evaluation.questionnaire import SATISFACTION
from service.evaluation.results import Results, results_for
from service.registrations.models import Registration, RegistrationStatus, Role
from service.reports.paragraph import Figures
from service.trainings.models import Kind, Modality, Programme, Training
from service.trainings.operations import counted_trainings


@dataclass
class KindRow:
    activities: int = 0
    registered: int = 0
    participants: int = 0
    certified: int = 0
    experts: int = 0
    by_modality: dict[str, int] = field(default_factory=lambda: {m.value: 0 for m in Modality})


@dataclass
class ProgrammeRow:
    code: str
    name: dict[str, str]
    activities: int = 0
    participants: int = 0


@dataclass
class Statistics:
    start: date
    end: date
    programme: str | None
    kinds: dict[str, KindRow]
    countries: dict[str, int]  # participants per country, largest first
    member_countries: int
    certificates: dict[str, int]  # by design
    programmes: list[ProgrammeRow]
    months: dict[str, dict[str, int]]  # "2020-03" -> modality -> activities
    evaluation: Results

    def total(self, figure: str) -> int:
        return sum(getattr(row, figure) for row in self.kinds.values())

    @property
    def satisfaction(self) -> tuple[float | None, int]:
        for result in self.evaluation.questions:
            if result.question.key == SATISFACTION:
                return result.mean, result.answers
        return None, 0

    def figures(self) -> Figures:
        mean, answers = self.satisfaction
        modalities: dict[str, int] = defaultdict(int)
        for row in self.kinds.values():
            for modality, n in row.by_modality.items():
                modalities[modality] += n
        return Figures(
            start=self.start,
            end=self.end,
            activities={k: row.activities for k, row in self.kinds.items()},
            modalities=dict(modalities),
            participants={k: row.participants for k, row in self.kinds.items()},
            countries=len(self.countries),
            member_countries=self.member_countries,
            experts=self.total("experts"),
            certificates=sum(self.certificates.values()),
            satisfaction=mean,
            responses=answers,
            programme=self.programme,
        )


def attended() -> Any:
    """A registration counted as participant: confirmed, as participant, at least one session."""
    return and_(
        Registration.status == RegistrationStatus.CONFIRMED,
        Registration.role == Role.PARTICIPANT,
        AttendanceSummary.sessions_attended > 0,
    )


def statistics(start: date, end: date, programme: str | None = None) -> Statistics:
    ids = counted_trainings(start, end, programme)
    kinds = {kind.value: KindRow() for kind in Kind}
    programmes: dict[int, ProgrammeRow] = {}
    months: dict[str, dict[str, int]] = {}
    names = {
        p.id: ProgrammeRow(p.code, p.name)
        for p in db.session.scalars(
            select(Programme).where(
                Programme.id.in_(select(Training.programme_id).where(Training.id.in_(ids)))
            )
        )
    }
    year, month = extract("year", Training.starts_on), extract("month", Training.starts_on)
    for kind, modality, programme_id, y, m, n in db.session.execute(
        select(Training.kind, Training.modality, Training.programme_id, year, month, func.count())
        .where(Training.id.in_(ids))
        .group_by(Training.kind, Training.modality, Training.programme_id, year, month)
    ):
        kinds[kind].activities += n
        kinds[kind].by_modality[modality] += n
        row = programmes.setdefault(programme_id, names[programme_id])
        row.activities += n
        key = f"{int(y):04d}-{int(m):02d}"
        months.setdefault(key, {mode.value: 0 for mode in Modality})[modality] += n

    confirmed = Registration.status == RegistrationStatus.CONFIRMED
    counted = attended()
    for kind, programme_id, registered, participants, certified, experts in db.session.execute(
        select(
            Training.kind,
            Training.programme_id,
            func.sum(case((and_(confirmed, Registration.role == Role.PARTICIPANT), 1), else_=0)),
            func.sum(case((counted, 1), else_=0)),
            func.sum(case((and_(counted, Certificate.id.is_not(None)), 1), else_=0)),
            func.sum(
                case(
                    (and_(confirmed, Registration.role.in_((Role.EXPERT, Role.SPEAKER))), 1),
                    else_=0,
                )
            ),
        )
        .select_from(Registration)
        .join(Training, Training.id == Registration.training_id)
        .outerjoin(AttendanceSummary, AttendanceSummary.registration_id == Registration.id)
        .outerjoin(
            Certificate,
            and_(Certificate.registration_id == Registration.id, Certificate.status.in_(WITH_PDF)),
        )
        .where(Registration.training_id.in_(ids))
        .group_by(Training.kind, Training.programme_id)
    ):
        kind_row = kinds[kind]
        kind_row.registered += registered or 0
        kind_row.participants += participants or 0
        kind_row.certified += certified or 0
        kind_row.experts += experts or 0
        programmes.setdefault(programme_id, names[programme_id]).participants += participants or 0

    by_country = db.session.execute(
        select(Registration.country, func.count())
        .join(AttendanceSummary, AttendanceSummary.registration_id == Registration.id)
        .where(Registration.training_id.in_(ids), counted)
        .group_by(Registration.country)
    ).all()
    countries = dict(sorted(((c, n) for c, n in by_country), key=lambda cn: (-cn[1], cn[0])))
    certificates = dict(
        db.session.execute(
            select(Certificate.template, func.count())
            .where(Certificate.training_id.in_(ids), Certificate.status.in_(WITH_PDF))
            .group_by(Certificate.template)
        ).all()
    )
    return Statistics(
        start=start,
        end=end,
        programme=programme,
        kinds=kinds,
        countries=countries,
        member_countries=len(member_states() & countries.keys()),
        certificates=certificates,
        programmes=sorted(programmes.values(), key=lambda p: (-p.participants, p.code)),
        months=dict(sorted(months.items())),
        evaluation=results_for(ids),
    )
