"""Give an account a role that opens no file by itself, from the server's shell.

The Django admin gives no role any more (issue 12, item 3). The organisation's roles
(employer, coordinator, chief, officer, CLSPD reader, administrator) are set up by the
operator, who already holds the server; workers are named by their employer in the
application ("L'équipe"), never here.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from intervenants import services
from intervenants.models import Affectation, Departement, Employeur, Role, Site

PERIMETRES = {
    "site": Site,
    "employeur": Employeur,
    "departement": Departement,
}


def _date(texte: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(texte)
    except ValueError as erreur:
        raise CommandError(f"Date invalide : {texte!r} (attendu AAAA-MM-JJ).") from erreur


class Command(BaseCommand):
    help = (
        "Donne un rôle à un compte (employeur, coordinateur, autorité, agent, lecteur CLSPD, "
        "administrateur). Les intervenant·es sont nommé·es par leur employeur dans "
        "l'application (« L'équipe »)."
    )

    def add_arguments(self, parser):
        parser.add_argument("identifiant", help="identifiant exact du compte")
        roles = [r for r in Role.values if r != Role.INTERVENANT]
        parser.add_argument("role", choices=roles)
        parser.add_argument(
            "--site", type=int, help="identifiant du site (autorité, agent, lecteur CLSPD)"
        )
        parser.add_argument("--employeur", type=int, help="identifiant de l'employeur")
        parser.add_argument("--departement", help="code du département (coordinateur, lecteur CDP)")
        parser.add_argument("--debut", type=_date, help="AAAA-MM-JJ (par défaut : aujourd'hui)")
        parser.add_argument("--fin", type=_date, help="premier jour sans droits, AAAA-MM-JJ")

    def handle(self, *args, identifiant, role, **options):
        try:
            compte = get_user_model().objects.get(username=identifiant)
        except get_user_model().DoesNotExist as erreur:
            raise CommandError(f"Aucun compte n'a l'identifiant {identifiant!r}.") from erreur
        # The mirror of the naming's rule: a worker (named or substitute, today or from a
        # coming day) keeps an account of her own, never mixed with another role's rights.
        intervenante = (
            Affectation.objects.filter(utilisateur=compte, role=Role.INTERVENANT)
            .filter(Q(date_fin__isnull=True) | Q(date_fin__gt=timezone.localdate()))
            .first()
        )
        if intervenante is not None:
            raise CommandError(
                f"Ce compte est intervenant·e sur {intervenante.poste} : une intervenante a un "
                "compte à elle, qui n'a pas d'autre rôle. Son employeur termine d'abord sa "
                "nomination ou sa suppléance."
            )
        perimetre = self._perimetre(options)
        for champ in ("debut", "fin"):
            try:
                services.verifier_date_plausible(champ, options[champ])
            except ValidationError as erreur:
                raise CommandError(" ".join(erreur.messages)) from erreur
        try:
            affectation = services.creer_affectation(
                utilisateur=compte,
                role=role,
                perimetre=perimetre,
                date_debut=options["debut"],
                date_fin=options["fin"],
            )
        except ValidationError as erreur:
            raise CommandError(" ".join(erreur.messages)) from erreur
        self.stdout.write(f"Affectation n° {affectation.pk} créée : {affectation}.")

    def _perimetre(self, options):
        donnes = [(nom, options[nom]) for nom in PERIMETRES if options[nom] is not None]
        if not donnes:
            return None
        if len(donnes) > 1:
            raise CommandError("Un seul périmètre : --site, --employeur ou --departement.")
        nom, valeur = donnes[0]
        champ = "code" if nom == "departement" else "pk"
        objet = PERIMETRES[nom].objects.filter(**{champ: valeur}).first()
        if objet is None:
            raise CommandError(f"Aucun {nom} ne correspond à {valeur!r}.")
        return objet
