from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))
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
