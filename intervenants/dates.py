"""Plausible ranges for the dates people type (issue 12, item 4).

A year 9999 or 0001 is a slip of the keyboard or an attack; stored, it broke every page
doing date arithmetic on it (``year 10000 is out of range``). Every date field of every form
gets a range, checked before the form's own ``clean()``, with a French message beside the
field; models of long-lived records carry the same validators, and database constraints a
fixed ceiling. The bounds are explained in docs/decisions.md.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# Nobody alive was born before.
DEBUT_NAISSANCES = datetime.date(1900, 1, 1)
# The records of the service (referrals, interviews, conventions, reports) start here.
DEBUT_ACTIVITE = datetime.date(2000, 1, 1)
# A convention runs three years and amendments extend it: twenty years ahead is generous.
ANNEES_A_VENIR = 20
# The fixed ceiling of the database constraints, and of date computations on stored rows.
FIN_ABSOLUE = datetime.date(2100, 12, 31)


@deconstructible
class PlageDeDates:
    """A date between ``debut`` and today (``annees_a_venir=0``), the 31 December
    ``annees_a_venir`` years ahead, or a fixed ``fin``. A moving bound is stored as its
    arguments, never as a date computed the day a migration was written."""

    def __init__(
        self,
        debut: datetime.date,
        annees_a_venir: int = 0,
        fin: datetime.date | None = None,
    ):
        self.debut = debut
        self.annees_a_venir = annees_a_venir
        self.fin_fixe = fin

    def fin(self) -> datetime.date:
        if self.fin_fixe:
            return self.fin_fixe
        aujourd_hui = timezone.localdate()
        if not self.annees_a_venir:
            return aujourd_hui
        return datetime.date(aujourd_hui.year + self.annees_a_venir, 12, 31)

    def __call__(self, valeur):
        if valeur is None:
            return
        fin = self.fin()
        if not self.debut <= valeur <= fin:
            raise ValidationError(
                "Saisissez une date entre le %(debut)s et le %(fin)s.",
                code="date_hors_plage",
                params={"debut": f"{self.debut:%d/%m/%Y}", "fin": f"{fin:%d/%m/%Y}"},
            )

    def __eq__(self, autre):
        if not isinstance(autre, PlageDeDates):
            return NotImplemented
        return self._cle() == autre._cle()

    def __hash__(self):
        return hash(self._cle())

    def _cle(self):
        return (self.debut, self.annees_a_venir, self.fin_fixe)


ACTIVITE = PlageDeDates(DEBUT_ACTIVITE, ANNEES_A_VENIR)
# Naming a worker on a post (or ending it): an affectation is planned months ahead, not years.
AFFECTATION = PlageDeDates(DEBUT_ACTIVITE, 5)
# A person's file (birth dates and events as old as a birth): up to the fixed ceiling only,
# since the forms and services refuse the future, and a date before the birth, with their
# own, more precise, messages ("ne peut pas être dans le futur", "précède la naissance").
HISTORIQUE = PlageDeDates(DEBUT_NAISSANCES, fin=FIN_ABSOLUE)


def plage_de(champ) -> PlageDeDates | None:
    """The range a (model or form) field carries, if any."""
    return next((v for v in champ.validators if isinstance(v, PlageDeDates)), None)


def avec_plage(champ: forms.Field, plage: PlageDeDates = ACTIVITE) -> forms.Field:
    """Give a form's date field its range (once), checked before the form's ``clean()``."""
    if isinstance(champ, forms.DateField) and plage_de(champ) is None:
        champ.validators.append(plage)
    return champ


def champ_date(label: str, *, plage: PlageDeDates = ACTIVITE, **kwargs) -> forms.DateField:
    """A form date field typed in a browser date picker, within ``plage``."""
    kwargs.setdefault("widget", forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    return avec_plage(forms.DateField(label=label, **kwargs), plage)


def formfield_callback(champ_du_modele, **kwargs):
    """``ModelForm.Meta.formfield_callback``: date fields keep their model's range (the
    activity range by default) at the form's level, before its ``clean()`` runs."""
    champ = champ_du_modele.formfield(**kwargs)
    if champ is not None:
        avec_plage(champ, plage_de(champ_du_modele) or ACTIVITE)
    return champ
