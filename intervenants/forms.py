from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from intervenants.dates import AFFECTATION, champ_date
from intervenants.models import StatutSecret
from intervenants.versions import VersionForm


def erreurs_du_service(form, erreur: ValidationError) -> None:
    """A service's refusal beside the field it names when the form has it, on top otherwise."""
    if hasattr(erreur, "error_dict"):
        for champ, liste in erreur.error_dict.items():
            form.add_error(champ if champ in form.fields else None, liste)
    else:
        form.add_error(None, erreur)


def executer(form, service, *args, **kwargs):
    """Call a service; its ValidationError goes beside the fields, the input is kept.

    Returns the service's result, or None when it refused."""
    try:
        return service(*args, **kwargs)
    except ValidationError as erreur:
        erreurs_du_service(form, erreur)
        return None


class ConnexionForm(AuthenticationForm):
    """Login form. The error never says whether the account or the password was wrong."""

    error_messages = {
        "invalid_login": (
            "Identifiant ou mot de passe incorrect. "
            "Vérifiez votre saisie (les majuscules comptent)."
        ),
        "inactive": (
            "Identifiant ou mot de passe incorrect. "
            "Vérifiez votre saisie (les majuscules comptent)."
        ),
    }

    username = forms.CharField(
        label="Identifiant",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class JournalFiltreForm(forms.Form):
    du = champ_date("Du", required=False)
    au = champ_date("Au", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    poste = forms.ModelChoiceField(label="Poste", queryset=None, required=False, empty_label="Tous")
    compte = forms.CharField(label="Compte", required=False, max_length=150)

    def __init__(self, *args, postes, **kwargs):
        from intervenants.models import ActionJournal

        super().__init__(*args, **kwargs)
        self.fields["poste"].queryset = postes
        self.fields["action"].choices = [("", "Toutes"), *ActionJournal.choices]

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            self.add_error("au", "La fin de la période précède son début.")
        return donnees


class CodeOTPForm(forms.Form):
    code = forms.CharField(
        label="Code à usage unique",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text="Les 6 chiffres affichés par votre application, ou un code de secours.",
    )


def _champ_date(label, **kwargs):
    # Within the affectation range (intervenants/dates.py): no year 1 nor 9999.
    return champ_date(label, plage=AFFECTATION, **kwargs)


COMPTE_INTROUVABLE = (
    "Aucun compte ne porte cet identifiant avec cette adresse électronique. Vérifiez les deux "
    "avec l'intervenante, lettre par lettre (les majuscules de l'identifiant comptent) ; si son "
    "compte n'existe pas encore ou porte une autre adresse, demandez à l'administrateur de le "
    "créer ou de corriger l'adresse."
)


class NommerIntervenantForm(forms.Form):
    """Name an existing account intervenant on one of the user's posts."""

    compte = forms.CharField(
        label="Identifiant du compte",
        max_length=150,
        help_text="L'identifiant exact créé par l'administrateur (les majuscules comptent).",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    courriel = forms.EmailField(
        label="Adresse électronique de l'intervenante",
        max_length=254,
        help_text="Pour vérifier qu'il s'agit bien de son compte : c'est à cette adresse "
        "qu'elle reçoit ses liens d'accès.",
    )
    poste = forms.ModelChoiceField(label="Poste", queryset=None, empty_label=None)
    date_debut = _champ_date("Début")
    date_fin = _champ_date(
        "Fin des droits le",
        required=False,
        help_text="Premier jour sans accès. Laisser vide tant que la nomination dure.",
    )

    def __init__(self, *args, postes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poste"].queryset = postes
        self.fields["poste"].error_messages["invalid_choice"] = (
            "Choisissez l'un de vos postes dans la liste."
        )

    def clean(self):
        donnees = super().clean()
        identifiant, courriel = donnees.get("compte"), donnees.get("courriel")
        if identifiant and courriel:
            # One answer whether the account does not exist, has no address or another one:
            # the form tells an employer nothing about accounts it cannot name (no list of
            # identifiers, no check of someone's address), only that this pair is not one.
            compte = get_user_model().objects.filter(username=identifiant).first()
            if (
                compte is None
                or not compte.email
                or compte.email.strip().lower() != courriel.strip().lower()
            ):
                self.add_error("compte", COMPTE_INTROUVABLE)
            else:
                donnees["compte"] = compte
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", "La fin ne peut pas précéder le début.")
        return donnees


class TerminerAffectationForm(forms.Form):
    date_fin = _champ_date(
        "Fin des droits le",
        help_text="Premier jour sans accès : aujourd'hui retire l'accès tout de suite.",
    )


# --- Substitutes and profiles (issue 17, items 1 and 7) -------------------------------------


class SuppleanceForm(forms.Form):
    """Name an existing worker substitute on one of the user's posts, for a dated period."""

    compte = forms.CharField(
        label="Identifiant du compte du suppléant ou de la suppléante",
        max_length=150,
        help_text="Un compte d'intervenant·e existant (les majuscules comptent).",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    poste = forms.ModelChoiceField(label="Poste suppléé", queryset=None, empty_label=None)
    date_debut = _champ_date("Premier jour de la suppléance")
    dernier_jour = _champ_date(
        "Dernier jour de la suppléance",
        help_text="Inclus : le lendemain, l'accès aux dossiers du poste s'arrête de lui-même.",
    )

    def __init__(self, *args, postes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poste"].queryset = postes
        self.fields["poste"].error_messages["invalid_choice"] = (
            "Choisissez l'un de vos postes dans la liste."
        )

    def clean_compte(self):
        # Only a worker's account is looked for: an unknown identifier and the account of
        # a chief, an officer or an administrator get the same answer, so that the form
        # does not tell which identifiers exist.
        identifiant = self.cleaned_data["compte"]
        compte = (
            get_user_model()
            .objects.filter(username=identifiant, profil_intervenant__isnull=False)
            .first()
        )
        if compte is None:
            raise forms.ValidationError(
                "Aucun compte d'intervenant·e n'a cet identifiant. Vérifiez-le lettre par "
                "lettre, ou demandez à l'administrateur de créer le compte."
            )
        return compte

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("date_debut"), donnees.get("dernier_jour")
        if debut and fin and fin < debut:
            self.add_error("dernier_jour", "Le dernier jour ne peut pas précéder le début.")
        return donnees


class ProfilForm(VersionForm):
    """The worker's profile, edited by her or by her employer (versioned; 0: none yet)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    diplome = forms.CharField(label="Diplôme", max_length=200, required=False)
    statut_secret = forms.ChoiceField(
        label="Statut au regard du secret professionnel",
        choices=[("", "— non renseigné —"), *StatutSecret.choices],
        required=False,
        help_text="Soumis au secret par profession (assistant·e de service social…), par "
        "mission, ou non soumis : il décide de ce que vous pouvez partager et avec qui.",
    )
    date_prise_fonction = champ_date("Date de prise de fonction", required=False)
    formation_sur_site = forms.BooleanField(
        label="Formation préalable sur site suivie", required=False
    )
    formation_debut = champ_date(
        "Formation sur site : premier jour",
        required=False,
        help_text="Stages d'observation auprès des services de police ou de gendarmerie et "
        "des partenaires, avant la prise de fonction (cadre de référence, III.3).",
    )
    formation_fin = champ_date("Formation sur site : dernier jour", required=False)

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("formation_debut"), donnees.get("formation_fin")
        if debut and fin and fin < debut:
            self.add_error("formation_fin", "La fin de la formation précède son début.")
        return donnees
