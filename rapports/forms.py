import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from intervenants.dates import champ_date
from intervenants.versions import VersionModelForm
from rapports.models import LIBELLE_EVALUATION, BilanAnnuel, CompteRendu, Trimestre
from rapports.statistiques import MOIS, Periode

PREMIERE_ANNEE = 2015


def _annees():
    courante = timezone.localdate().year
    return [(a, str(a)) for a in range(courante, PREMIERE_ANNEE - 1, -1)]


class PeriodeForm(forms.Form):
    """The dashboard's scope and period selector (GET)."""

    NATURES = [
        ("annee", "année"),
        ("trimestre", "trimestre"),
        ("mois", "mois"),
        ("plage", "dates choisies"),
    ]

    perimetre = forms.ChoiceField(label="Périmètre", required=False)
    nature = forms.ChoiceField(label="Période", choices=NATURES, required=False)
    annee = forms.TypedChoiceField(label="Année", coerce=int, required=False)
    trimestre = forms.TypedChoiceField(
        label="Trimestre", coerce=int, choices=Trimestre.choices, required=False
    )
    mois = forms.TypedChoiceField(
        label="Mois",
        coerce=int,
        choices=[(i + 1, m) for i, m in enumerate(MOIS)],
        required=False,
    )
    debut = champ_date("Du", required=False)
    fin = champ_date("Au", required=False)

    def __init__(self, *args, perimetres=(), externe: bool = False, **kwargs):
        """``externe``: the chosen scope is read outside the post, by calendar quarter or
        year only (a month or a range of days would give masked cells back by
        difference: rapports/suppression.py)."""
        super().__init__(*args, **kwargs)
        self.fields["perimetre"].choices = [(p.cle, p.libelle) for p in perimetres]
        if externe:
            nature = self.fields["nature"]
            nature.choices = [c for c in self.NATURES if c[0] in ("annee", "trimestre")]
            nature.error_messages["invalid_choice"] = (
                "Hors du poste, les chiffres se lisent par trimestre ou par année civile seulement."
            )
            for champ in ("mois", "debut", "fin"):
                del self.fields[champ]
        self.fields["annee"].choices = _annees()
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row row-cols-lg-auto g-2 align-items-end selecteur-periode"
        self.helper.field_class = ""
        self.helper.add_input(Submit("", "Afficher", css_class="btn-primary"))

    def clean(self):
        donnees = super().clean()
        if donnees.get("nature") == "plage":
            debut, fin = donnees.get("debut"), donnees.get("fin")
            if not debut:
                self.add_error("debut", "Indiquez la date de début.")
            if not fin:
                self.add_error("fin", "Indiquez la date de fin.")
            if debut and fin and fin < debut:
                self.add_error("fin", "La date de fin précède la date de début.")
            if debut and fin and (fin - debut).days > 3 * 366:
                self.add_error("fin", "Choisissez une période de trois ans au plus.")
        return donnees

    def periode(self) -> Periode:
        """The chosen period; when the choice is refused, the chosen year (the error shows
        beside the field)."""
        if self.is_bound and not self.is_valid():
            d = {"annee": self.cleaned_data.get("annee")}
        else:
            d = self.cleaned_data if self.is_bound else {}
        aujourd_hui = timezone.localdate()
        annee = d.get("annee") or aujourd_hui.year
        nature = d.get("nature") or "annee"
        if nature == "trimestre":
            return Periode.du_trimestre(annee, d.get("trimestre") or 1)
        if nature == "mois":
            return Periode.du_mois(annee, d.get("mois") or 1)
        if nature == "plage":
            return Periode(d["debut"], d["fin"], "plage")
        return Periode.de_l_annee(annee)


class CompteRenduCreationForm(forms.ModelForm):
    class Meta:
        model = CompteRendu
        fields = ["poste", "annee", "trimestre"]

    def __init__(self, *args, postes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poste"].queryset = postes
        self.fields["poste"].empty_label = None
        self.fields["annee"] = forms.TypedChoiceField(label="Année", coerce=int, choices=_annees())
        if not self.is_bound:
            jour = timezone.localdate() - datetime.timedelta(days=31)
            self.initial.setdefault("annee", jour.year)
            self.initial.setdefault("trimestre", (jour.month - 1) // 3 + 1)
        self.helper = FormHelper()
        self.helper.add_input(Submit("creer", "Créer le brouillon", css_class="btn-primary"))


class BilanCreationForm(forms.Form):
    perimetre = forms.ChoiceField(label="Périmètre du bilan")
    annee = forms.TypedChoiceField(label="Année", coerce=int)

    def __init__(self, *args, perimetres, **kwargs):
        super().__init__(*args, **kwargs)
        self.perimetres = {p.cle: p for p in perimetres}
        self.fields["perimetre"].choices = [(p.cle, p.libelle) for p in perimetres]
        self.fields["annee"].choices = _annees()
        if not self.is_bound:
            self.initial.setdefault("annee", timezone.localdate().year - 1)
        self.helper = FormHelper()
        self.helper.add_input(Submit("creer", "Créer le brouillon", css_class="btn-primary"))

    def clean_perimetre(self):
        return self.perimetres[self.cleaned_data["perimetre"]]


class TextesForm(VersionModelForm, forms.ModelForm):
    """The qualitative sections; the guard runs again at validation. Versioned: a save
    over a draft changed since it was opened is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in self.fields.values():
            champ.widget.attrs["rows"] = 4
        for champ, libelle in self.instance.sections:
            self.fields[champ].label = libelle
        self.helper = FormHelper()
        self.helper.add_input(Submit("enregistrer", "Enregistrer", css_class="btn-primary"))


class TextesCompteRenduForm(TextesForm):
    class Meta:
        model = CompteRendu
        fields = [champ for champ, _ in CompteRendu.sections]
        help_texts = dict.fromkeys(fields, "Aucun nom, prénom ni numéro de téléphone.")


class TextesBilanForm(TextesForm):
    """The texts, and to whom the report is presented: the commune's CLSPD and/or the
    CDP for a site's report; the CDP only for the département's (no field then)."""

    class Meta:
        model = BilanAnnuel
        fields = [*(champ for champ, _ in BilanAnnuel.sections), "pour_clspd", "pour_cdp"]
        help_texts = dict.fromkeys(
            (champ for champ, _ in BilanAnnuel.sections),
            "Aucun nom, prénom ni numéro de téléphone.",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.site_id:
            del self.fields["pour_clspd"]
            del self.fields["pour_cdp"]
        for champ in ("pour_clspd", "pour_cdp"):
            if champ in self.fields:
                self.fields[champ].widget.attrs.pop("rows", None)

    def clean(self):
        donnees = super().clean()
        if "pour_clspd" in self.fields and not (
            donnees.get("pour_clspd") or donnees.get("pour_cdp")
        ):
            self.add_error(
                "pour_clspd",
                "Choisissez au moins un destinataire : le CLSPD de la commune, "
                "le conseil départemental de prévention, ou les deux.",
            )
        return donnees


class EvaluationAutoriteForm(VersionModelForm, forms.ModelForm):
    """The functional authority's section of a site's report. Versioned, like the texts:
    two sessions do not overwrite each other."""

    class Meta:
        model = BilanAnnuel
        fields = ["evaluation_autorite"]
        labels = {"evaluation_autorite": LIBELLE_EVALUATION}
        help_texts = {
            "evaluation_autorite": (
                "Votre appréciation du travail de l'intervenant·e social·e sur l'année "
                "(cadre de référence, III.6). Aucun nom, prénom ni numéro de téléphone "
                "d'une personne suivie : le texte est vérifié à l'enregistrement."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluation_autorite"].widget.attrs["rows"] = 8
        self.helper = FormHelper()
        self.helper.add_input(Submit("enregistrer", "Enregistrer", css_class="btn-primary"))
