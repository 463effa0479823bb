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
