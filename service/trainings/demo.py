"""Demo data for `make run`: programmes and trainings from the centre's published activities."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from service.core.db import db
from service.trainings.models import Training, TrainingStatus
from service.trainings.operations import create_programme, create_training, find_programme
from service.trainings.schemas import ProgrammeIn, TrainingIn

DEMO_FILE = Path(__file__).parent / "demo-trainings.json"


def seed_demo(today: date) -> int:
    """Add the demo trainings if there are no trainings yet; returns how many were added.

    Each keeps its length but starts in the coming weeks (two weeks from ``today``, one a week
    apart), open for registration.
    """
    if db.session.scalar(select(func.count()).select_from(Training)):
        return 0
    demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    for programme in demo["programmes"]:
        if find_programme(programme["code"]) is None:
            create_programme(ProgrammeIn.model_validate(programme))
    for index, item in enumerate(demo["trainings"]):
        item = dict(item)
        note = item.pop("note", "")
        length = date.fromisoformat(item["ends_on"]) - date.fromisoformat(item["starts_on"])
        starts_on = today + timedelta(days=14 + 7 * index)
        item.update(
            starts_on=starts_on.isoformat(),
            ends_on=(starts_on + length).isoformat(),
            status=TrainingStatus.OPEN,
            description={"en": note} if note else {},
        )
        create_training(TrainingIn.model_validate(item))
    db.session.commit()
    return len(demo["trainings"])
