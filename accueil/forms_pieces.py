"""Forms of the attachments (issue 17, item 2)."""

from django import forms
from django.template.defaultfilters import filesizeformat

from accueil.pieces import TITRE_MAX, taille_max_piece, valider_piece


class PieceForm(forms.Form):
    titre = forms.CharField(
        label="Intitulé",
        max_length=TITRE_MAX,
        help_text="Par exemple « Certificat médical » : ce que la pièce est, en quelques mots.",
    )
    fichier = forms.FileField(
        label="Fichier",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichier"].help_text = (
            f"PDF, JPEG ou PNG, {filesizeformat(taille_max_piece())} au plus ; le contenu est "
            "vérifié, pas seulement le nom. Le fichier est chiffré dès sa réception."
        )
        self.fields["fichier"].error_messages["required"] = "Choisissez le fichier à déposer."
        self.fields["fichier"].error_messages["empty"] = "Le fichier est vide."

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        valider_piece(fichier)
        return fichier


class GenererForm(forms.Form):
    """A confirmation with nothing to type: the page says what the letter will hold."""
