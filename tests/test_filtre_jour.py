"""The ``jour`` filter prints exactly what ``date:"d/m/Y"`` prints (intervenants/templatetags/
dates.py), whatever it is given."""

import datetime
import zoneinfo

import pytest
from django.template import engines

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = datetime.UTC


def _rendu(gabarit: str, valeur) -> str:
    return engines["django"].from_string(gabarit).render({"v": valeur})


@pytest.mark.parametrize(
    "valeur",
    [
        datetime.date(2026, 12, 5),
        datetime.date(1, 1, 1),
        datetime.date(2024, 2, 29),
        datetime.datetime(2026, 3, 9, 8, 30),
        # Aware datetimes: on either side of midnight in Paris, in summer and in winter.
        datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
        datetime.datetime(2026, 6, 30, 22, 30, tzinfo=UTC),
        datetime.datetime(2026, 6, 30, 21, 59, tzinfo=UTC),
        datetime.datetime(2026, 1, 1, 0, 30, tzinfo=PARIS),
        None,
        "",
        "pas une date",
        42,
    ],
)
def test_meme_sortie_que_le_filtre_date(valeur):
    assert _rendu("{{ v|jour }}", valeur) == _rendu('{{ v|date:"d/m/Y" }}', valeur)


def test_la_date_locale_d_un_instant_utc():
    # 23:30 UTC on 31 December is 00:30 on 1 January in Paris.
    instant = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert _rendu("{{ v|jour }}", instant) == "01/01/2027"
