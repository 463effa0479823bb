"""Report output as plain exporter classes returning (filename, content type, bytes).

Views call them; they know nothing of requests or permissions (pretix's exporters).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils.text import slugify

from accueil.choix import ORIGINES_FORCES, ModeEntretien, OrigineSaisine
from rapports import statistiques as st
from rapports.suppression import PRIMAIRE, SEUIL_EXTERNE, masquer_1d

Export = tuple[str, str, bytes]

TYPE_CSV = "text/csv; charset=utf-8"
TYPE_PDF = "application/pdf"


def _csv(lignes: list[list]) -> bytes:
    tampon = io.StringIO()
    # UTF-8 with BOM and ";": what a French spreadsheet opens without an import wizard.
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerows(lignes)
    return ("\ufeff" + tampon.getvalue()).encode("utf-8")


@dataclass
class ExporteurCSVTableau:
    """One published (already suppressed) statistics table as CSV."""

    tableau: dict
    perimetre: str
    periode: str

    def exporter(self) -> Export:
        t = self.tableau
        lignes = [[t["titre"]], [self.perimetre], [self.periode], []]
        if "totaux" in t:  # cross-tab
            lignes.append(["", *t["entetes"], "Total"])
            for ligne in t["lignes"]:
                lignes.append(
                    [
                        ligne["libelle"],
                        *(c["texte"] for c in ligne["cellules"]),
                        ligne["total"]["texte"],
                    ]
                )
            lignes.append(["Total", *(c["texte"] for c in t["totaux"]), t["total"]["texte"]])
        else:
            lignes.append(["", *t["entetes"]])
            for ligne in t["lignes"]:
                lignes.append([ligne["libelle"], *(c["texte"] for c in ligne["cellules"])])
            if t["total"]:
                lignes.append(["Total", *(c["texte"] for c in t["total"]["cellules"])])
        nom = f"{slugify(t['cle'])}-{slugify(self.perimetre)}-{slugify(self.periode)}.csv"
        return nom, TYPE_CSV, _csv(lignes)


@dataclass
class ExporteurPDFRapport:
    """A report's frozen snapshot rendered as PDF with WeasyPrint."""

    instantane: dict
    nom_fichier: str

    def exporter(self) -> Export:
        from weasyprint import HTML

        html = render_to_string("rapports/pdf/rapport.html", {"doc": self.instantane})
        pdf = HTML(string=html).write_pdf()
        return self.nom_fichier, TYPE_PDF, pdf


# --- National indicator grid ------------------------------------------------------------

# (column, label); documented in docs/grille-nationale.md. Never reorder: the ministry's
# spreadsheets read columns by position.
COLONNES_GRILLE = [
    ("annee", "année"),
    ("departement", "département"),
    ("poste", "poste"),
    ("employeur", "employeur"),
    ("etp", "ETP"),
    ("personnes_rencontrees", "personnes rencontrées"),
    ("nouvelles_situations", "nouvelles situations"),
    ("situations_femmes", "dont femmes"),
    ("situations_hommes", "dont hommes"),
    ("situations_sexe_nr", "dont sexe non renseigné"),
    ("situations_mineurs", "dont mineurs"),
    ("situations_victimes", "dont victimes"),
    ("saisines", "saisines"),
    ("saisines_forces", "dont forces de l'ordre"),
    ("saisines_partenaires", "dont partenaires extérieurs"),
    ("saisines_personne", "dont personne ou entourage"),
    ("saisines_autres", "dont autres"),
    ("entretiens", "entretiens"),
    ("entretiens_physiques", "dont physiques"),
    ("orientations", "orientations"),
    ("orientations_relais", "dont relais effectif confirmé"),
    ("transmissions_ip", "informations préoccupantes"),
    ("transmissions_signalements", "signalements au procureur"),
    ("delai_median_jours", "délai médian saisine → premier contact (jours)"),
]

# Columns that add up to another one: protected together by secondary suppression.
GROUPES_ADDITIFS = [
    ("nouvelles_situations", ["situations_femmes", "situations_hommes", "situations_sexe_nr"]),
    (
        "saisines",
        ["saisines_forces", "saisines_partenaires", "saisines_personne", "saisines_autres"],
    ),
]
ORIGINES_PERSONNE = {OrigineSaisine.SPONTANEE, OrigineSaisine.ENTOURAGE}


def _par_poste(qs, **compteurs) -> dict[int, dict[str, int]]:
    champ = "poste" if "poste" in {f.name for f in qs.model._meta.fields} else "situation__poste"
    resultat: dict[int, dict[str, int]] = {}
    for ligne in qs.order_by().values(champ).annotate(**compteurs):
        resultat[ligne[champ]] = {k: ligne[k] for k in compteurs}
    return resultat


def indicateurs_par_poste(postes, annee: int) -> dict[int, dict]:
    """Every numeric column of the grid for each post, one GROUP BY query per source."""
    periode = st.Periode.de_l_annee(annee)
    valeurs: dict[int, dict] = {p: {} for p in postes.values_list("pk", flat=True)}
    sources = [
        _par_poste(
            st.contacts(postes, periode),
            personnes_rencontrees=Count("situation__personne", distinct=True),
            entretiens=Count("pk"),
            entretiens_physiques=Count("pk", filter=Q(mode=ModeEntretien.PHYSIQUE)),
        ),
        _par_poste(
            st.situations_nouvelles(postes, periode),
            nouvelles_situations=Count("pk"),
            situations_femmes=Count("pk", filter=Q(sexe="F")),
            situations_hommes=Count("pk", filter=Q(sexe="M")),
            situations_sexe_nr=Count("pk", filter=Q(sexe="NR")),
            situations_mineurs=Count("pk", filter=Q(mineur=True)),
            situations_victimes=Count("pk", filter=Q(statut_affaire="victime")),
        ),
        _par_poste(
            st.saisines(postes, periode),
            saisines=Count("pk"),
            saisines_forces=Count("pk", filter=Q(origine__in=ORIGINES_FORCES)),
            saisines_personne=Count("pk", filter=Q(origine__in=ORIGINES_PERSONNE)),
            saisines_autres=Count("pk", filter=Q(origine=OrigineSaisine.AUTRE)),
        ),
        _par_poste(
            st.orientations(postes, periode),
            orientations=Count("pk"),
            orientations_relais=Count("pk", filter=Q(issue="relais_confirme")),
        ),
        _par_poste(
            st.transmissions(postes, periode),
            transmissions_ip=Count("pk", filter=Q(nature="ip_crip")),
            transmissions_signalements=Count("pk", filter=Q(nature="signalement_procureur")),
        ),
    ]
    for source in sources:
        for poste_id, compteurs in source.items():
            if poste_id in valeurs:
                valeurs[poste_id].update(compteurs)
    for v in valeurs.values():
        v["saisines_partenaires"] = (
            v.get("saisines", 0)
            - v.get("saisines_forces", 0)
            - v.get("saisines_personne", 0)
            - v.get("saisines_autres", 0)
        )
    return valeurs


@dataclass
class ExporteurGrilleNationale:
    """One row per post and year, fixed columns, suppressed at 11 (it leaves us)."""

    postes: object  # QuerySet[Poste]
    annee: int
    seuil: int = SEUIL_EXTERNE

    def lignes(self) -> list[list[str]]:
        valeurs = indicateurs_par_poste(self.postes, self.annee)
        postes = self.postes.select_related("departement", "employeur").order_by(
            "departement__code", "intitule"
        )
        periode = st.Periode.de_l_annee(self.annee)
        delais = dict(
            st.delais_premier_contact(self.postes, periode)
            .values("poste")
            .annotate(m=st.Mediane("delai"))
            .values_list("poste", "m")
        )
        resultat = []
        for poste in postes:
            v = valeurs.get(poste.pk, {})
            textes = self._proteger({c: v.get(c, 0) for c, _ in COLONNES_GRILLE[5:-1]})
            delai = delais.get(poste.pk)
            resultat.append(
                [
                    str(self.annee),
                    poste.departement.code,
                    poste.intitule,
                    poste.employeur.nom,
                    str(poste.etp).replace(".", ","),
                    *(textes[c] for c, _ in COLONNES_GRILLE[5:-1]),
                    (
                        ""
                        if delai is None or v.get("nouvelles_situations", 0) < self.seuil
                        else f"{delai:.1f}".replace(".", ",")
                    ),
                ]
            )
        return resultat

    def _proteger(self, v: dict[str, int]) -> dict[str, str]:
        s = self.seuil
        textes = {c: (f"< {s}" if 0 < n < s else str(n)) for c, n in v.items()}
        for total, parties in GROUPES_ADDITIFS:
            masques = masquer_1d([v[p] for p in parties], s)
            if masques is None:
                masques = dict.fromkeys(range(len(parties) + 1), "secondaire")
            for i, colonne in enumerate([*parties, total]):
                if i in masques:
                    textes[colonne] = f"< {s}" if masques[i] == PRIMAIRE else "masqué"
        return textes

    def exporter(self) -> Export:
        codes = [code for code, _ in COLONNES_GRILLE]
        contenu = _csv([codes, *self.lignes()])
        return f"grille-nationale-{self.annee}.csv", TYPE_CSV, contenu
