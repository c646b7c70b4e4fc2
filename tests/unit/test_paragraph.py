"""The summary paragraph (``service.reports.paragraph``): the centre's 2020 sentence, small
numbers, mixed modalities, a period that is not a year, an empty year."""

from __future__ import annotations

from datetime import date

from service.reports.paragraph import Figures, summary

YEAR_2020 = Figures(
    start=date(2020, 1, 1),
    end=date(2020, 12, 31),
    activities={"training_course": 27, "workshop": 2, "webinar": 10, "meeting": 3},
    modalities={"virtual": 42},
    participants={"training_course": 648, "workshop": 58, "meeting": 186},
    countries=54,
    member_countries=54,
)


def test_the_centres_2020_sentence():
    assert summary(YEAR_2020, "ar") == (
        "خلال عام 2020، نظّم المركز 27 دورة تدريبية وورشتي عمل تدريبيتين و10 ندوات عبر الإنترنت "
        "و3 اجتماعات، وقد عُقدت جميعها افتراضيًا. وبلغ عدد المشاركين فيها 892 مشاركًا من 54 "
        "بلدًا عضوًا، بواقع 648 مشاركًا في الدورات التدريبية و58 مشاركًا في ورشتي العمل "
        "التدريبيتين و186 مشاركًا في الاجتماعات."
    )
    assert summary(YEAR_2020, "en") == (
        "In 2020, the centre held 27 training courses, 2 workshops, 10 webinars and 3 meetings, "
        "all of them online. These activities brought together 892 participants from 54 member "
        "countries: 648 participants in the training courses, 58 in the workshops and 186 in the "
        "meetings."
    )


def test_one_of_everything():
    one = Figures(
        start=date(2025, 1, 1),
        end=date(2025, 6, 30),
        activities={"meeting": 1},
        modalities={"onsite": 1},
        participants={"meeting": 1},
        countries=1,
        member_countries=1,
        experts=2,
        certificates=1,
        satisfaction=4.25,
        responses=2,
    )
    assert summary(one, "ar") == (
        "خلال الفترة من 1 يناير إلى 30 يونيو 2025، نظّم المركز اجتماعًا واحدًا، وقد عُقد "
        "حضوريًا. وبلغ عدد المشاركين فيه مشاركًا واحدًا من بلد عضو واحد. وأسهم فيه خبيران. "
        "وأصدر المركز شهادة واحدة. وبلغ متوسط الرضا العام 4.3 من 5، بحسب إجابتين على استبيان "
        "التقييم."
    )
    assert summary(one, "fr") == (
        "Du 1er janvier au 30 juin 2025, le centre a organisé 1 réunion, en présentiel. Cette "
        "activité a réuni 1 participant venu de 1 pays membre. 2 experts y ont contribué. Le "
        "centre a délivré 1 certificat. D’après 2 réponses à l’enquête d’évaluation, la "
        "satisfaction globale moyenne est de 4,3 sur 5."
    )
    assert summary(one, "en").startswith(
        "From 1 January to 30 June 2025, the centre held 1 meeting, on site. This activity "
        "brought together 1 participant from 1 member country. 2 experts contributed."
    )


def test_an_empty_year():
    empty = Figures(date(2021, 1, 1), date(2021, 12, 31), {}, {}, {}, 0, 0)
    assert summary(empty, "ar") == "خلال عام 2021، لم ينظّم المركز أي نشاط."
    assert summary(empty, "fr") == "En 2021, le centre n’a organisé aucune activité."
