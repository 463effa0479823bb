from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory

from conventions import selectors
from conventions.models import (
    Avenant,
    Convention,
    DocumentConvention,
    Financement,
    PartieConvention,
    ReunionComite,
    SiteConvention,
    date_fin_par_defaut,
)
from conventions.services import verifier_financements
from conventions.validators import valider_pdf
from intervenants.dates import avec_plage, formfield_callback
from intervenants.versions import VersionModelForm


class ChampDate(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MontantField(forms.DecimalField):
    """Euros typed the French way ("1 234,56") or the browser way ("1234.56")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u202f", "").replace("\xa0", "").replace(" ", "")
            value = value.replace("€", "").replace(",", ".")
        try:
            return super().to_python(value)
        except ValidationError:
            raise
        except InvalidOperation as exc:  # pragma: no cover - DecimalField already guards
            raise ValidationError("Saisissez un montant en euros.") from exc


class ConventionForm(forms.ModelForm):
    date_fin = avec_plage(
        forms.DateField(
            label="Fin (dernier jour couvert)",
            required=False,
            widget=ChampDate(),
            help_text="Laisser vide : trois ans après le début.",
        )
    )

    class Meta:
        model = Convention
        formfield_callback = formfield_callback
        fields = [
            "titre",
            "reference",
            "employeur",
            "date_signature",
            "date_debut",
            "date_fin",
            "date_resiliation",
            "motif_resiliation",
            "cout_annuel",
            "postes",
            "temps_de_travail",
            "gestion_courante_deleguee",
            "delegation_details",
            "comite_suivi",
        ]
        widgets = {
            "date_signature": ChampDate(),
            "date_debut": ChampDate(),
            "date_resiliation": ChampDate(),
            "postes": forms.CheckboxSelectMultiple,
            "delegation_details": forms.Textarea(attrs={"rows": 3}),
            "comite_suivi": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"cout_annuel": MontantField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employeur"].queryset = selectors.employeurs_pour_creation(user)
        self.fields["postes"].queryset = selectors.postes_pour_creation(user)
        self.fields["postes"].required = False

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and not fin and "date_fin" not in self.errors:
            donnees["date_fin"] = fin = date_fin_par_defaut(debut)
            self.instance.date_fin = fin
        if debut and fin and fin < debut:
            self.add_error("date_fin", "La date de fin précède la date de début.")
        resiliation = donnees.get("date_resiliation")
        if resiliation:
            if not donnees.get("date_signature"):
                self.add_error(
                    "date_resiliation",
                    "Une convention non signée ne se résilie pas : laissez-la en brouillon.",
                )
            elif debut and resiliation <= debut:
                self.add_error(
                    "date_resiliation", "La résiliation doit prendre effet après le début."
                )
        employeur, postes = donnees.get("employeur"), donnees.get("postes")
        if employeur and postes:
            etrangers = [p for p in postes if p.employeur_id != employeur.pk]
            if etrangers:
                self.add_error(
                    "postes",
                    f"Le poste « {etrangers[0]} » ne relève pas de l'employeur « {employeur} ».",
                )
        return donnees

    def _post_clean(self):
        # The end date may have been defaulted in clean(): give it to the instance first.
        if self.cleaned_data.get("date_fin"):
            self.instance.date_fin = self.cleaned_data["date_fin"]
        super()._post_clean()


class ConventionModifierForm(VersionModelForm, ConventionForm):
    """Editing: a save over a convention changed since it was opened is refused."""


class PartieForm(forms.ModelForm):
    class Meta:
        model = PartieConvention
        fields = ["role", "nom", "signataire"]


class SiteConventionForm(forms.ModelForm):
    class Meta:
        model = SiteConvention
        fields = ["site", "horaires_permanence", "autorite_fonctionnelle"]


class FinancementForm(forms.ModelForm):
    montant = MontantField(
        label="Montant (€)",
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        error_messages={"min_value": "Le montant ne peut pas être négatif."},
    )

    class Meta:
        model = Financement
        formfield_callback = formfield_callback
        fields = ["financeur", "libelle_financeur", "annee", "montant"]


class LignesFormSet(BaseInlineFormSet):
    """Inline lines handed to the service.

    A browser sends every existing line back, changed or not: each one is kept (with its
    ``id``, so the service updates it in place) unless its "supprimer" box is ticked.
    Only blank extra lines are ignored."""

    def formulaires_gardes(self):
        for form in self.forms:
            if self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            yield form

    def lignes(self) -> list[dict]:
        champs = [c for c in self.form._meta.fields if c not in (self.fk.name, "id")]
        return [
            {"id": form.instance.pk, **{champ: form.cleaned_data[champ] for champ in champs}}
            for form in self.formulaires_gardes()
        ]

    def supprimees(self) -> list[int]:
        """Existing lines whose "supprimer" box is ticked: the only lines deleted."""
        return [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk is not None and self._should_delete_form(form)
        ]


class SitesFormSet(LignesFormSet):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        sites = selectors.sites_pour_creation(user)
        for form in self.forms + [self.empty_form]:
            form.fields["site"].queryset = sites

    def clean(self):
        # Before the parent's unique check, so that the message sits beside the field.
        vus = set()
        for form in self.formulaires_gardes():
            site = form.cleaned_data.get("site")
            if site is None:
                continue
            if site in vus:
                form.add_error("site", "Ce site figure déjà dans la convention.")
            vus.add(site)
        super().clean()


class FinancementsFormSet(LignesFormSet):
    """Checks the funding lines against the convention: years, and shares of at most 100 %."""

    convention_valide: dict | None = None

    def clean(self):
        super().clean()
        if any(self.errors) or not self.convention_valide:
            return
        erreurs = verifier_financements(
            financements=self.lignes(),
            date_debut=self.convention_valide["date_debut"],
            date_fin=self.convention_valide["date_fin"],
            cout_annuel=self.convention_valide["cout_annuel"],
        )
        if not erreurs:
            return
        for form in self.formulaires_gardes():
            annee = form.cleaned_data.get("annee")
            if annee in erreurs:
                champ = "montant" if "dépassent" in erreurs[annee] else "annee"
                form.add_error(champ, erreurs[annee])
        raise ValidationError(sorted(set(erreurs.values())))


PartiesFormSet = inlineformset_factory(
    Convention,
    PartieConvention,
    form=PartieForm,
    formset=LignesFormSet,
    extra=2,
    can_delete=True,
)
SitesConventionFormSet = inlineformset_factory(
    Convention,
    SiteConvention,
    form=SiteConventionForm,
    formset=SitesFormSet,
    extra=2,
    can_delete=True,
)


def financements_formset(*, extra: int):
    """Funding lines; no JavaScript adds lines, so the view chooses how many blank ones show."""
    return inlineformset_factory(
        Convention,
        Financement,
        form=FinancementForm,
        formset=FinancementsFormSet,
        extra=extra,
        can_delete=True,
    )


# Creation: three years with two funders (State and département "often 50/50", framework II).
LIGNES_VIDES_CREATION = 6
LIGNES_VIDES_MODIFICATION = 3


class AvenantForm(forms.ModelForm):
    class Meta:
        model = Avenant
        formfield_callback = formfield_callback
        fields = ["date_signature", "objet", "modifications", "nouvelle_date_fin"]
        widgets = {
            "date_signature": ChampDate(),
            "nouvelle_date_fin": ChampDate(),
            "modifications": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.convention = convention

    def clean_nouvelle_date_fin(self):
        fin = self.cleaned_data.get("nouvelle_date_fin")
        if fin and fin < self.convention.date_debut:
            raise ValidationError("La nouvelle date de fin précède le début de la convention.")
        return fin


class DocumentForm(forms.ModelForm):
    fichier = forms.FileField(
        label="Fichier PDF",
        validators=[valider_pdf],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text="PDF uniquement ; le contenu est vérifié, pas seulement le nom.",
    )

    class Meta:
        model = DocumentConvention
        fields = ["type", "titre", "avenant"]

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["avenant"].queryset = convention.avenants.all()
        self.fields["avenant"].required = False


class ReunionComiteForm(forms.ModelForm):
    class Meta:
        model = ReunionComite
        formfield_callback = formfield_callback
        fields = ["date", "participants", "releve_decisions"]
        widgets = {"date": ChampDate(), "releve_decisions": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.convention = convention


class FiltreConventionsForm(forms.Form):
    """The list's filters; every choice comes from the user's own scope."""

    statut = forms.ChoiceField(label="Statut", required=False)
    employeur = forms.ModelChoiceField(
        label="Employeur", required=False, queryset=None, empty_label="Tous"
    )
    finit_bientot = forms.BooleanField(label="Fin dans les 6 mois", required=False)

    def __init__(self, *args, employeurs, **kwargs):
        from conventions.models import StatutConvention

        super().__init__(*args, **kwargs)
        self.fields["statut"].choices = [("", "Tous"), *StatutConvention.choices]
        self.fields["employeur"].queryset = employeurs
