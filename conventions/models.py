from django.db import models


class TypeEmployeur(models.TextChoices):
    COMMUNE = "commune", "commune"
    EPCI = "epci", "intercommunalité (EPCI)"
    CONSEIL_DEPARTEMENTAL = "conseil_departemental", "conseil départemental"
    ASSOCIATION = "association", "association"
    CCAS_CIAS = "ccas_cias", "CCAS / CIAS"
    AUTRE = "autre", "autre"


class Employeur(models.Model):
    """The body that employs the social worker (framework III.1)."""

    nom = models.CharField("nom", max_length=200, unique=True)
    type = models.CharField("type", max_length=32, choices=TypeEmployeur.choices)
    adresse = models.TextField("adresse", blank=True)
    departement = models.ForeignKey(
        "intervenants.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="employeurs",
    )

    class Meta:
        verbose_name = "employeur"
        verbose_name_plural = "employeurs"
        ordering = ["nom"]
        permissions = [
            ("voir_statistiques_employeur", "voir les statistiques des postes de l'employeur"),
            ("gerer_conventions_employeur", "gérer les conventions de l'employeur"),
            ("lire_rapports_employeur", "lire les rapports des postes de l'employeur"),
        ]

    def __str__(self):
        return self.nom
