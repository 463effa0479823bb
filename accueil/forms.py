import uuid

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from accueil import services
from accueil.choix import (
    EXPLICATIONS_MOTIFS_REFUS,
    CadreRequisition,
    EtatSaisine,
    FondementJuridique,
    IssueOrientation,
    LieuRendezVous,
    ModeEntretien,
    MotifRefusRequisition,
    MotifSansSuite,
    NatureTransmission,
    OrigineSaisine,
    OuiNonInconnu,
    Problematique,
    QualiteRequerant,
    ReponseRequisition,
    Sexe,
    StatutAffaire,
    TrancheAge,
    TypeActe,
    TypePartenaire,
    Urgence,
    fondement_propose,
)
from accueil.models import Partenaire, Saisine, Situation
from intervenants.dates import ACTIVITE, DEBUT_ACTIVITE, HISTORIQUE, PlageDeDates, champ_date
from intervenants.forms import executer
from intervenants.versions import VersionForm

LONGUEUR_NOTES = 4000
LONGUEUR_RESUME = 2000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _champ_date(label, **kwargs):
    # A plausible range (no year 1 nor 9999), checked before the form's own clean().
    return champ_date(label, plage=HISTORIQUE, widget=DateInput(), **kwargs)


# Every required choice opens on an empty option: a select that starts on a real value
# records that value when the worker does not look at it (issue 16, item 6).
A_CHOISIR = "— choisir —"


def _choix(choices):
    return [("", A_CHOISIR), *choices]


def _site_unique(form, sites):
    """Preselect the site when there is only one: a fact, not a guess."""
    form.fields["site"].queryset = sites
    if not form.is_bound and not form.initial.get("site"):
        premiers = list(sites[:2])
        if len(premiers) == 1:
            form.fields["site"].initial = premiers[0].pk


def _pas_dans_le_futur(valeur):
    if valeur and valeur > timezone.localdate():
        raise forms.ValidationError("La date ne peut pas être dans le futur.")
    return valeur


class RechercheForm(forms.Form):
    """Caseload filters. Every field optional; bad values are reported, never a 500."""

    q = forms.CharField(label="Nom ou prénom", required=False, max_length=100)
    site = forms.ModelChoiceField(label="Site", queryset=None, required=False, empty_label="Tous")
    origine = forms.ChoiceField(
        label="Origine", required=False, choices=[("", "Toutes"), *OrigineSaisine.choices]
    )
    problematique = forms.ChoiceField(
        label="Problématique", required=False, choices=[("", "Toutes"), *Problematique.choices]
    )
    etat = forms.ChoiceField(
        label="État d'une saisine", required=False, choices=[("", "Tous"), *EtatSaisine.choices]
    )
    du = _champ_date("Ouverte depuis le", required=False)
    au = _champ_date("Ouverte jusqu'au", required=False)
    closes = forms.BooleanField(label="Situations closes", required=False)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            self.add_error("au", "La fin de la période précède son début.")
        return donnees


class RechercheRapideForm(forms.Form):
    """The navigation bar's search: one field, a name, a situation number or a phone."""

    q = forms.CharField(
        label="Nom, prénom, n° de situation ou téléphone",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class CompteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ReferentForm(forms.Form):
    referent = CompteChoiceField(
        label="Intervenant·e référent·e",
        queryset=None,
        empty_label=A_CHOISIR,
        error_messages={
            "required": "Choisissez l'intervenant·e qui suit la situation.",
            "invalid_choice": "Choisissez un·e intervenant·e affecté·e au poste de cette "
            "situation : seul·e un·e collègue du poste peut la suivre.",
        },
    )

    def __init__(self, *args, intervenants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = intervenants


class RecherchePersonneForm(forms.Form):
    nom = forms.CharField(label="Nom", max_length=100)
    annee = forms.IntegerField(
        label="Année de naissance", required=False, min_value=1900, max_value=2100
    )


class PersonneForm(forms.Form):
    nom = forms.CharField(label="Nom", max_length=100)
    prenom = forms.CharField(label="Prénom", max_length=100, required=False)
    sexe = forms.ChoiceField(label="Sexe", choices=_choix(Sexe.choices))
    date_naissance = _champ_date("Date de naissance", required=False)
    annee_naissance = forms.IntegerField(
        label="ou année de naissance",
        required=False,
        min_value=1900,
        max_value=2100,
        help_text="Si la date exacte n'est pas connue.",
    )
    telephone = forms.RegexField(
        label="Téléphone",
        required=False,
        max_length=30,
        regex=r"^\+?[0-9 .\-()]{6,30}$",
        error_messages={"invalid": "Saisissez un numéro de téléphone (chiffres, espaces, +)."},
    )
    commune = forms.CharField(label="Commune de résidence", max_length=100, required=False)

    def clean_date_naissance(self):
        return _pas_dans_le_futur(self.cleaned_data.get("date_naissance"))

    def clean(self):
        donnees = super().clean()
        annee = donnees.get("annee_naissance")
        if annee and annee > timezone.localdate().year:
            self.add_error("annee_naissance", "L'année de naissance ne peut pas être à venir.")
        date = donnees.get("date_naissance")
        if date and annee and date.year != annee:
            self.add_error("annee_naissance", "L'année ne correspond pas à la date de naissance.")
        if date:
            donnees["annee_naissance"] = None
        return donnees


class PersonneModifierForm(VersionForm, PersonneForm):
    pass


class SituationForm(forms.Form):
    statut_affaire = forms.ChoiceField(
        label="Statut dans l'affaire", choices=_choix(StatutAffaire.choices)
    )
    problematique_principale = forms.ChoiceField(
        label="Problématique principale", choices=_choix(Problematique.choices)
    )
    problematiques = forms.MultipleChoiceField(
        label="Autres problématiques",
        choices=Problematique.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    connu_service_social = forms.ChoiceField(
        label="Déjà connu d'un service social",
        choices=_choix(OuiNonInconnu.choices),
    )
    enfants_au_foyer = forms.IntegerField(
        label="Enfants au foyer", required=False, min_value=0, max_value=20
    )


class SituationModifierForm(VersionForm, SituationForm):
    pass


class ContactAnonymeForm(forms.Form):
    """A contact without identity, in one screen (issue 16, item 3).

    Every choice opens on « — choisir — »: nothing is guessed, not even the phone."""

    poste = forms.ModelChoiceField(label="Poste", queryset=None, empty_label=A_CHOISIR)
    date = _champ_date("Date du contact", initial=timezone.localdate)
    mode = forms.ChoiceField(
        label="Mode",
        choices=_choix(
            [(m.value, m.label) for m in ModeEntretien if m != ModeEntretien.SANS_REPONSE]
        ),
    )
    duree_minutes = forms.IntegerField(
        label="Durée (minutes)",
        min_value=1,
        max_value=services.DUREE_MAXIMALE,
        error_messages={
            "min_value": "La durée est d'au moins 1 minute.",
            "max_value": "La durée est d'au plus 600 minutes (10 heures).",
            "invalid": "Saisissez un nombre entier de minutes.",
        },
    )
    sexe = forms.ChoiceField(label="Sexe", choices=_choix(Sexe.choices))
    tranche_age = forms.ChoiceField(label="Tranche d'âge", choices=_choix(TrancheAge.choices))
    statut_affaire = forms.ChoiceField(
        label="Statut dans l'affaire", choices=_choix(StatutAffaire.choices)
    )
    problematique_principale = forms.ChoiceField(
        label="Problématique principale", choices=_choix(Problematique.choices)
    )
    problematiques = forms.MultipleChoiceField(
        label="Autres problématiques",
        choices=Problematique.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    adhesion = forms.BooleanField(
        label="La personne accepte l'échange (adhésion à l'accompagnement)",
        required=False,
        help_text="Comme pour tout entretien : sans adhésion, rien n'est enregistré.",
    )
    notes = forms.CharField(
        label="Notes (confidentielles, chiffrées)",
        required=False,
        max_length=LONGUEUR_NOTES,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Facultatives, courtes et factuelles.",
    )
    # One token per form shown: the same form posted twice records one contact.
    jeton = forms.UUIDField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": "Ce formulaire a été altéré : rechargez la page."},
    )

    def __init__(self, *args, postes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poste"].queryset = postes
        if not self.is_bound:
            self.fields["jeton"].initial = uuid.uuid4()
            premiers = list(postes[:2])
            if len(premiers) == 1:
                # A fact, not a guess: the worker's only post.
                self.fields["poste"].initial = premiers[0].pk
        if postes.count() == 1:
            self.fields["poste"].widget = forms.HiddenInput()

    def clean_date(self):
        return _pas_dans_le_futur(self.cleaned_data.get("date"))


class IdentifierForm(VersionForm, PersonneForm):
    """The anonymous person agrees to give their identity."""


class SaisineForm(forms.Form):
    site = forms.ModelChoiceField(label="Site", queryset=None, empty_label=A_CHOISIR)
    origine = forms.ChoiceField(
        label="Origine de la saisine", choices=_choix(OrigineSaisine.choices)
    )
    date_saisine = _champ_date("Date de la saisine", initial=timezone.localdate)
    urgence = forms.ChoiceField(label="Urgence", choices=_choix(Urgence.choices))
    motif = forms.CharField(
        label="Motif",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Court et factuel : 500 caractères au plus.",
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        _site_unique(self, sites)

    def clean_date_saisine(self):
        return _pas_dans_le_futur(self.cleaned_data.get("date_saisine"))


class SaisineFormBundle:
    """The three forms of a referral recorded by a worker, bound, validated and saved together.

    The referral itself, and, when it opens a new situation, the person and the situation.
    Serves both ways in: a new referral typed by the worker, and a referral of the inbox
    being qualified (``depuis_la_boite``)."""

    def __init__(self, donnees, *, sites, saisine_initiale=None, personne_initiale=None):
        self.saisine = SaisineForm(donnees, sites=sites, prefix="saisine", initial=saisine_initiale)
        self.personne = PersonneForm(donnees, prefix="personne", initial=personne_initiale)
        self.situation = SituationForm(donnees, prefix="situation")

    @classmethod
    def depuis_la_boite(cls, donnees, saisine: Saisine) -> "SaisineFormBundle":
        """Forms filled with what the officer declared, for the worker to check."""
        return cls(
            donnees,
            sites=saisine.poste.sites.all(),
            saisine_initiale={
                "site": saisine.site_id,
                "origine": saisine.origine,
                "date_saisine": saisine.date_saisine,
                "urgence": saisine.urgence,
                "motif": saisine.motif,
            },
            personne_initiale={
                "nom": saisine.nom_declare,
                "prenom": saisine.prenom_declare,
                "annee_naissance": saisine.annee_naissance_declaree,
                "telephone": saisine.telephone_declare,
            },
        )

    def enregistrer(
        self, *, auteur, poste, situation: Situation | None = None, saisine: Saisine | None = None
    ) -> Saisine | None:
        """Record the referral on ``situation``, or on a new one described by the person and
        situation forms. None when a form or the service refuses: errors are on the forms."""
        nouvelle = situation is None
        formulaires = [self.saisine, self.personne, self.situation] if nouvelle else [self.saisine]
        if not all(f.is_valid() for f in formulaires):
            return None
        return executer(
            self.saisine,
            services.enregistrer_saisine,
            auteur=auteur,
            poste=poste,
            situation=situation,
            saisine=saisine,
            donnees_personne=self.personne.cleaned_data if nouvelle else None,
            donnees_situation=self.situation.cleaned_data if nouvelle else None,
            **self.saisine.cleaned_data,
        )

    def contexte(self) -> dict:
        return {
            "saisine_form": self.saisine,
            "personne_form": self.personne,
            "situation_form": self.situation,
        }


class QualifierForm(forms.Form):
    """What the worker decides for a referral from the inbox."""

    DECISIONS = [
        ("existante", "Rattacher à la situation choisie"),
        ("nouvelle", "Ouvrir une nouvelle situation"),
        ("sans_suite", "Classer sans suite"),
    ]
    decision = forms.ChoiceField(label="Décision", choices=DECISIONS, widget=forms.RadioSelect)
    situation = forms.IntegerField(required=False, widget=forms.HiddenInput)
    motif_sans_suite = forms.ChoiceField(
        label="Motif du classement sans suite",
        required=False,
        choices=_choix(MotifSansSuite.choices),
    )
    precision_sans_suite = forms.CharField(
        label="Précision", max_length=200, required=False, help_text="Obligatoire pour « autre »."
    )

    def clean(self):
        donnees = super().clean()
        if donnees.get("decision") != "sans_suite":
            return donnees
        motif = donnees.get("motif_sans_suite")
        if not motif and "motif_sans_suite" not in self.errors:
            self.add_error("motif_sans_suite", "Choisissez le motif du classement sans suite.")
        if (
            motif == MotifSansSuite.AUTRE
            and not (donnees.get("precision_sans_suite") or "").strip()
        ):
            self.add_error("precision_sans_suite", "Précisez le motif « autre ».")
        return donnees


# --- Relevé des mains courantes ----------------------------------------------------------

LIGNES_PAR_RELEVE = 10
LIGNES_MAX = 50


class EnteteReleveForm(forms.Form):
    """What every line of a relevé shares: the day and the unit whose logbook is read."""

    date_saisine = _champ_date("Date des mains courantes", initial=timezone.localdate)
    site = forms.ModelChoiceField(label="Unité", queryset=None, empty_label=A_CHOISIR)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        _site_unique(self, sites)

    def clean_date_saisine(self):
        return _pas_dans_le_futur(self.cleaned_data.get("date_saisine"))


class LigneReleveForm(forms.Form):
    """One logbook line. Fields in typing order; every one a single-line input or a select,
    so that Enter anywhere sends the relevé."""

    reference_main_courante = forms.RegexField(
        label="Référence",
        max_length=30,
        regex=r"^[0-9A-Za-zÀ-ÖØ-öø-ÿ /.\-_]+$",
        error_messages={"invalid": "Lettres, chiffres, espaces et / . - _ seulement."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 12}),
    )
    motif = forms.CharField(
        label="Motif court",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    nom = forms.CharField(
        label="Nom", max_length=100, required=False, widget=forms.TextInput({"autocomplete": "off"})
    )
    prenom = forms.CharField(
        label="Prénom",
        max_length=100,
        required=False,
        widget=forms.TextInput({"autocomplete": "off"}),
    )
    annee_naissance = forms.IntegerField(
        label="Année de naissance",
        required=False,
        min_value=1900,
        max_value=2100,
        widget=forms.TextInput({"inputmode": "numeric", "autocomplete": "off", "size": 4}),
        error_messages={"invalid": "Une année en chiffres, par exemple 1985."},
    )
    # Labels whose first letters differ (d, a, o): one key picks the urgency. « à traiter
    # aujourd'hui » would start with a letter most keyboards type only through a dead key.
    urgence = forms.ChoiceField(
        label="Urgence",
        choices=_choix(
            [
                (Urgence.DANGER_IMMEDIAT.value, Urgence.DANGER_IMMEDIAT.label),
                (Urgence.AUJOURD_HUI.value, "aujourd'hui (à traiter dans la journée)"),
                (Urgence.ORDINAIRE.value, Urgence.ORDINAIRE.label),
            ]
        ),
    )
    motif_sans_suite = forms.ChoiceField(
        label="Classer sans suite ?",
        required=False,
        choices=[("", "non, à qualifier"), *MotifSansSuite.choices],
    )
    precision_sans_suite = forms.CharField(
        label="Précision (sans suite)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_reference_main_courante(self):
        return services.normaliser_reference(self.cleaned_data["reference_main_courante"])

    def clean_annee_naissance(self):
        annee = self.cleaned_data.get("annee_naissance")
        if annee and annee > timezone.localdate().year:
            raise forms.ValidationError("L'année de naissance ne peut pas être à venir.")
        return annee

    def clean(self):
        donnees = super().clean()
        motif = donnees.get("motif_sans_suite")
        precision = (donnees.get("precision_sans_suite") or "").strip()
        if motif == MotifSansSuite.AUTRE and not precision:
            self.add_error("precision_sans_suite", "Précisez le motif « autre ».")
        if precision and not motif and "motif_sans_suite" not in self.errors:
            self.add_error(
                "precision_sans_suite",
                "La précision accompagne un classement sans suite : choisissez-en le motif.",
            )
        return donnees


class BaseLignesReleve(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        vues = {}
        for i, form in enumerate(self.forms):
            reference = form.cleaned_data.get("reference_main_courante")
            if not reference:
                continue
            if reference in vues:
                form.add_error(
                    "reference_main_courante",
                    f"Même référence qu'à la ligne {vues[reference] + 1}.",
                )
            vues.setdefault(reference, i)
        if not vues:
            raise forms.ValidationError("Aucune ligne saisie : rien n'est enregistré.")

    def lignes(self) -> list[tuple[int, dict]]:
        """The lines typed, with their index on the page; blank lines left out."""
        return [(i, f.cleaned_data) for i, f in enumerate(self.forms) if f.cleaned_data]


def lignes_releve(donnees=None, *, nombre: int = LIGNES_PAR_RELEVE):
    classe = forms.formset_factory(
        LigneReleveForm,
        formset=BaseLignesReleve,
        extra=max(1, min(nombre, LIGNES_MAX)),
        max_num=LIGNES_MAX,
        absolute_max=LIGNES_MAX,
        validate_max=True,
    )
    return classe(donnees, prefix="ligne")


class SaisineAgentForm(forms.Form):
    """The officer's short referral form."""

    site = forms.ModelChoiceField(label="Votre unité", queryset=None, empty_label=A_CHOISIR)
    nom = forms.CharField(label="Nom de la personne", max_length=100)
    prenom = forms.CharField(label="Prénom", max_length=100, required=False)
    annee_naissance = forms.IntegerField(
        label="Année de naissance", required=False, min_value=1900, max_value=2100
    )
    telephone = forms.RegexField(
        label="Téléphone où la joindre",
        required=False,
        max_length=30,
        regex=r"^\+?[0-9 .\-()]{6,30}$",
        error_messages={"invalid": "Saisissez un numéro de téléphone (chiffres, espaces, +)."},
    )
    origine = forms.ChoiceField(
        label="Cadre",
        choices=[
            ("", A_CHOISIR),
            (OrigineSaisine.POLICIER_ACCUEIL.value, "accueil du public"),
            (OrigineSaisine.POLICIER_INTERVENTION.value, "patrouille / intervention"),
            (OrigineSaisine.ENQUETEUR.value, "enquête / OPJ"),
            (OrigineSaisine.BRIGADE_FAMILLES.value, "brigade de protection des familles"),
        ],
    )
    urgence = forms.ChoiceField(label="Urgence", choices=_choix(Urgence.choices))
    motif = forms.CharField(
        label="Motif",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Quelques mots factuels (500 caractères au plus). Pas de copie de procédure.",
    )
    personne_informee = forms.BooleanField(
        label="La personne est informée de cette orientation et l'accepte",
        error_messages={"required": "La personne doit être informée de l'orientation."},
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        _site_unique(self, sites)

    def clean_annee_naissance(self):
        annee = self.cleaned_data.get("annee_naissance")
        if annee and annee > timezone.localdate().year:
            raise forms.ValidationError("L'année de naissance ne peut pas être à venir.")
        return annee


class EntretienForm(forms.Form):
    date = _champ_date("Date", initial=timezone.localdate)
    mode = forms.ChoiceField(label="Mode", choices=_choix(ModeEntretien.choices))
    duree_minutes = forms.IntegerField(
        label="Durée (minutes)", required=False, min_value=1, max_value=600
    )
    adhesion = forms.BooleanField(
        label="La personne adhère à l'accompagnement",
        required=False,
        help_text="Obligatoire pour un entretien ; sans objet pour une tentative sans réponse.",
    )
    notes = forms.CharField(
        label="Notes (confidentielles, chiffrées)",
        required=False,
        max_length=LONGUEUR_NOTES,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "Courtes et factuelles. Jamais de copie de procédure ni de donnée de santé détaillée."
        ),
    )

    def clean_date(self):
        return _pas_dans_le_futur(self.cleaned_data.get("date"))


class EntretienModifierForm(VersionForm, EntretienForm):
    pass


class ActeForm(forms.Form):
    date = _champ_date("Date", initial=timezone.localdate)
    type = forms.ChoiceField(label="Acte", choices=_choix(TypeActe.choices))

    def clean_date(self):
        return _pas_dans_le_futur(self.cleaned_data.get("date"))


class OrientationForm(forms.Form):
    date = _champ_date("Date", initial=timezone.localdate)
    partenaire = forms.ModelChoiceField(
        label="Partenaire de l'annuaire",
        queryset=Partenaire.objects.none(),
        required=False,
        empty_label="— hors annuaire —",
    )
    type_partenaire = forms.ChoiceField(
        label="Type de partenaire",
        choices=[("", "—"), *TypePartenaire.choices],
        required=False,
        help_text="Seulement si le partenaire n'est pas dans l'annuaire.",
    )
    consentement = forms.BooleanField(
        label="La personne consent à cette orientation",
        required=False,
    )

    def __init__(self, *args, partenaires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partenaire"].queryset = partenaires

    def clean_date(self):
        return _pas_dans_le_futur(self.cleaned_data.get("date"))

    def clean(self):
        donnees = super().clean()
        if not donnees.get("partenaire") and not donnees.get("type_partenaire"):
            self.add_error(
                "type_partenaire",
                "Choisissez un partenaire de l'annuaire ou un type de partenaire.",
            )
        return donnees


class IssueForm(forms.Form):
    issue = forms.ChoiceField(label="Issue", choices=_choix(IssueOrientation.choices))
    date_issue = _champ_date("Date de l'issue", initial=timezone.localdate)


class _SelectPartenaire(forms.Select):
    """The directory's select, each option telling whether it is the CRIP (for the script
    that offers the copy to the CRIP only when the recipient is someone else)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and instance.type == TypePartenaire.CRIP:
            option["attrs"]["data-crip"] = "1"
        return option


class TransmissionForm(forms.Form):
    """A transmission: its nature proposes its legal basis (issue 17, item 4).

    Sent with a nature and no basis, the form comes back with the basis proposed for that
    nature filled in, to check and send again (``fondement_propose``; the view reports it
    beside the field with the service's other errors): the proposal needs no script. The script
    (static/js/transmission.js) does the same as soon as the nature changes."""

    nature = forms.ChoiceField(label="Nature", choices=_choix(NatureTransmission.choices))
    fondement = forms.ChoiceField(
        label="Fondement juridique",
        choices=_choix(FondementJuridique.choices),
        error_messages={"required": "Le fondement juridique de la transmission est obligatoire."},
        help_text="Proposé d'après la nature ; vérifiez-le.",
    )
    destinataire_partenaire = forms.ModelChoiceField(
        label="Destinataire (annuaire des partenaires)",
        queryset=Partenaire.objects.none(),
        required=False,
        empty_label="— hors annuaire —",
        widget=_SelectPartenaire,
    )
    destinataire = forms.CharField(
        label="Ou destinataire hors annuaire",
        max_length=200,
        required=False,
        help_text="Seulement si le destinataire n'est pas dans l'annuaire.",
    )
    date = _champ_date("Date", initial=timezone.localdate)
    resume = forms.CharField(
        label="Résumé (confidentiel, chiffré)",
        max_length=LONGUEUR_RESUME,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Seulement ce qui est strictement nécessaire au destinataire.",
    )
    copie_crip = forms.BooleanField(
        label="Copie adressée à la CRIP",
        required=False,
        help_text="Seulement quand le destinataire n'est pas la CRIP elle-même.",
    )
    date_copie_crip = _champ_date("Date de la copie à la CRIP", required=False)
    personne_informee = forms.BooleanField(
        label="La personne (ou ses parents) a été informée", required=False
    )
    motif_non_information = forms.CharField(
        label="Sinon, pourquoi",
        max_length=300,
        required=False,
        help_text="Par exemple : information contraire à l'intérêt de l'enfant.",
    )

    def __init__(self, *args, partenaires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destinataire_partenaire"].queryset = partenaires
        self.fondement_propose = ""
        if self.is_bound:
            nature = self.data.get("nature", "")
            if nature in NatureTransmission.values and not self.data.get("fondement"):
                # Kept input plus the proposal: the worker checks it and sends again.
                self.data = self.data.copy()
                self.data["fondement"] = self.fondement_propose = fondement_propose(nature)
        elif self.initial.get("nature") and not self.initial.get("fondement"):
            self.initial["fondement"] = fondement_propose(self.initial["nature"])

    @property
    def fondements_proposes(self) -> dict[str, str]:
        """{nature: proposed basis}, for the script."""
        return {nature: fondement_propose(nature) for nature in NatureTransmission.values}

    def clean_date(self):
        return _pas_dans_le_futur(self.cleaned_data.get("date"))

    def clean_date_copie_crip(self):
        return _pas_dans_le_futur(self.cleaned_data.get("date_copie_crip"))

    def clean(self):
        donnees = super().clean()
        partenaire = donnees.get("destinataire_partenaire")
        texte = (donnees.get("destinataire") or "").strip()
        if partenaire is None and not texte and "destinataire_partenaire" not in self.errors:
            self.add_error(
                "destinataire_partenaire",
                "Choisissez le destinataire dans l'annuaire, ou écrivez-le hors annuaire.",
            )
        elif partenaire is not None and texte:
            self.add_error(
                "destinataire",
                f"Un seul destinataire : {partenaire} est choisi dans l'annuaire ; "
                "videz ce champ ou choisissez « hors annuaire ».",
            )
        return donnees


class DateForm(forms.Form):
    jour = _champ_date("Date", initial=timezone.localdate)

    def clean_jour(self):
        return _pas_dans_le_futur(self.cleaned_data.get("jour"))


class ConfirmationForm(DateForm):
    """A second step before an act that cannot be undone in one click (issue 16, item 7).

    The dossier links to a page of this form; a POST without the box ticked changes nothing."""

    confirmation = forms.BooleanField(
        error_messages={"required": "Cochez la case pour confirmer."},
    )

    def __init__(self, *args, libelle: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmation"].label = libelle


class PartenaireForm(forms.ModelForm):
    class Meta:
        model = Partenaire
        fields = ["nom", "type", "telephone", "courriel", "adresse"]


class MotifEffacement(models.TextChoices):
    # A code, not free text: the reason is written in the journal, which holds no content.
    DEMANDE_PERSONNE = "demande_personne", "demande de la personne"
    DEMANDE_REPRESENTANT = "demande_representant", "demande de son représentant légal"
    ERREUR = "erreur", "personne enregistrée par erreur"
    AUTRE = "autre", "autre motif"


class EffacementForm(forms.Form):
    motif = forms.ChoiceField(label="Motif", choices=_choix(MotifEffacement.choices))
    confirmation = forms.BooleanField(
        label=(
            "Je confirme l'effacement définitif de l'identité, des coordonnées et des notes "
            "de cette personne."
        ),
        error_messages={"required": "Cochez la case pour confirmer l'effacement."},
    )


# --- Agenda (issue 16, item 1) ----------------------------------------------------------

# An appointment or a call-back is planned for the months ahead, not for years.
AGENDA = PlageDeDates(DEBUT_ACTIVITE, annees_a_venir=1)
LONGUEUR_MOTIF_AGENDA = 200


def _champ_motif_agenda():
    return forms.CharField(
        label="Motif (confidentiel, chiffré)",
        required=False,
        max_length=LONGUEUR_MOTIF_AGENDA,
        help_text="Quelques mots, facultatif : 200 caractères au plus.",
    )


def _pas_dans_le_passe(valeur):
    if valeur and valeur < timezone.localdate():
        raise forms.ValidationError(
            "La date est passée : choisissez aujourd'hui ou un jour à venir."
        )
    return valeur


class _AgendaForm(forms.Form):
    """The worker holding the entry: one of the post's, the author by default."""

    def __init__(self, *args, intervenants, auteur, **kwargs):
        super().__init__(*args, **kwargs)
        champ = self.fields["intervenant"]
        champ.queryset = intervenants
        champ.label_from_instance = lambda u: u.get_full_name() or u.get_username()
        if not self.is_bound and intervenants.filter(pk=auteur.pk).exists():
            champ.initial = auteur.pk


class RendezVousForm(_AgendaForm):
    date = champ_date("Date", plage=AGENDA, widget=DateInput(), initial=timezone.localdate)
    heure = forms.TimeField(
        label="Heure",
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={
            "required": "Indiquez l'heure du rendez-vous.",
            "invalid": "Saisissez une heure au format hh:mm (par exemple 14:30).",
        },
    )
    lieu = forms.ChoiceField(label="Lieu", choices=_choix(LieuRendezVous.choices))
    intervenant = forms.ModelChoiceField(label="Tenu par", queryset=None, empty_label=A_CHOISIR)
    motif = _champ_motif_agenda()

    def clean_date(self):
        return _pas_dans_le_passe(self.cleaned_data.get("date"))


class RappelForm(_AgendaForm):
    echeance = champ_date(
        "À rappeler le", plage=AGENDA, widget=DateInput(), initial=timezone.localdate
    )
    intervenant = forms.ModelChoiceField(label="Qui rappelle", queryset=None, empty_label=A_CHOISIR)
    motif = _champ_motif_agenda()

    def clean_echeance(self):
        return _pas_dans_le_passe(self.cleaned_data.get("echeance"))


class SemaineForm(forms.Form):
    """The week view's navigation: any day of the week shown, mine or the whole post's."""

    semaine = champ_date("Semaine du", plage=ACTIVITE, widget=DateInput(), required=False)
    tout = forms.BooleanField(label="Tout le poste", required=False)


# --- Passation (issue 17, item 1) -----------------------------------------------------------


class NotePassationForm(VersionForm):
    """The handover note of a file; the hidden version is the note's (0: none yet)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    texte = forms.CharField(
        label="Note de passation (confidentielle, chiffrée)",
        max_length=LONGUEUR_NOTES,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "Ce que la personne qui ouvrira le dossier après vous doit savoir d'abord : "
            "démarches en cours, rendez-vous pris, précautions. Courte et factuelle."
        ),
        error_messages={"required": "Écrivez la note, ou annulez."},
    )


# --- Registre des réquisitions (issue 17, item 5) ------------------------------------------

LONGUEUR_REQUISITION = 1000


def _explications_motifs():
    return format_html(
        "Pour choisir le motif :<ul class='mb-0'>{}</ul>",
        format_html_join(
            "",
            "<li><strong>{}</strong> : {}</li>",
            (
                (MotifRefusRequisition(code).label, texte)
                for code, texte in EXPLICATIONS_MOTIFS_REFUS.items()
            ),
        ),
    )


class RequisitionForm(forms.Form):
    """A requisition received by the post and what the worker answered."""

    poste = forms.ModelChoiceField(label="Poste", queryset=None, empty_label=A_CHOISIR)
    situation = forms.IntegerField(
        label="N° de la situation concernée",
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="Facultatif : le numéro affiché en tête du dossier, s'il y en a un.",
        error_messages={"invalid": "Saisissez un numéro de situation (chiffres seulement)."},
    )
    date = _champ_date("Reçue le", initial=timezone.localdate)
    qualite_requerant = forms.ChoiceField(
        label="Qualité du demandeur", choices=_choix(QualiteRequerant.choices)
    )
    requerant = forms.CharField(
        label="Nom et service du demandeur",
        max_length=200,
        help_text="Par exemple : capitaine Martin, brigade de protection des familles.",
    )
    cadre = forms.ChoiceField(
        label="Cadre de la réquisition", choices=_choix(CadreRequisition.choices)
    )
    ecrite = forms.BooleanField(label="Une réquisition écrite a été reçue", required=False)
    reference = forms.CharField(label="Référence de la procédure", max_length=100, required=False)
    objet = forms.CharField(
        label="Ce qui est demandé (confidentiel, chiffré)",
        max_length=LONGUEUR_REQUISITION,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Court et factuel : jamais de copie de la procédure.",
    )
    reponse = forms.ChoiceField(
        label="Réponse", choices=ReponseRequisition.choices, widget=forms.RadioSelect
    )
    date_reponse = _champ_date("Répondu le", initial=timezone.localdate)
    motif_refus = forms.ChoiceField(
        label="Motif du refus (total ou partiel)",
        choices=[("", "—"), *MotifRefusRequisition.choices],
        required=False,
    )
    precision_motif = forms.CharField(
        label="Précision sur le motif",
        max_length=300,
        required=False,
        help_text="Obligatoire pour « autre » ; jamais d'élément confié par la personne.",
    )
    transmis = forms.CharField(
        label="Ce qui a été transmis (confidentiel, chiffré)",
        max_length=LONGUEUR_REQUISITION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Le strict nécessaire ; vide pour un refus.",
    )

    def __init__(self, *args, postes, situations, **kwargs):
        super().__init__(*args, **kwargs)
        self.situations = situations
        self.fields["motif_refus"].help_text = _explications_motifs()
        champ = self.fields["poste"]
        champ.queryset = postes
        if not self.is_bound and not self.initial.get("poste"):
            premiers = list(postes[:2])
            if len(premiers) == 1:
                champ.initial = premiers[0].pk

    def clean_date(self):
        return _pas_dans_le_futur(self.cleaned_data.get("date"))

    def clean_date_reponse(self):
        return _pas_dans_le_futur(self.cleaned_data.get("date_reponse"))

    def clean_situation(self):
        numero = self.cleaned_data.get("situation")
        if numero is None:
            return None
        situation = self.situations.filter(pk=numero).first()
        if situation is None:
            raise forms.ValidationError(
                f"Aucune situation n° {numero} dans les dossiers de vos postes."
            )
        return situation


class RequisitionModifierForm(VersionForm, RequisitionForm):
    """The post of a requisition does not change: it is the register it was entered in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["poste"]
