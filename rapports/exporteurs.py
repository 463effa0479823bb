"""Report output as plain exporter classes returning (filename, content type, bytes).

Views call them; they know nothing of requests or permissions (pretix's exporters). The CSV
writer and the PDF renderer are the house's (intervenants/exports.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.text import slugify

from accueil.choix import ORIGINES_FORCES, ModeEntretien, OrigineSaisine
from intervenants.exports import TYPE_CSV, TYPE_PDF, Export, ecrire_csv, nombre_fr, rendre_pdf
from rapports import cumuls, secret
from rapports.models import CumulAnnuel
from rapports.suppression import SEUIL_EXTERNE


@dataclass
class ExporteurCSVTableau:
    """One published (already suppressed) statistics table as CSV."""

    tableau: dict
    perimetre: str
    periode: str
    regle: str = ""

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
        if self.regle:
            lignes += [[], [self.regle]]
        nom = f"{slugify(t['cle'])}-{slugify(self.perimetre)}-{slugify(self.periode)}.csv"
        return nom, TYPE_CSV, ecrire_csv(lignes)


@dataclass
class ExporteurPDFRapport:
    """A report's frozen snapshot rendered as PDF with WeasyPrint."""

    instantane: dict
    nom_fichier: str

    def exporter(self) -> Export:
        pdf = rendre_pdf("rapports/pdf/rapport.html", {"doc": self.instantane})
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
    # Issue 19: appended, so that the columns above keep their positions.
    ("situations_femmes_majeures", "dont femmes majeures"),
    ("situations_connues_service_social", "dont déjà connues d'un service social"),
    ("situations_avec_enfants", "dont au moins un enfant au foyer"),
    ("situations_hors_penal", "dont hors champ pénal"),
    ("saisines_prises_en_charge", "saisines prises en charge"),
    ("saisines_sans_suite", "saisines closes sans suite"),
    ("saisines_police", "saisines reçues en site de police"),
    ("saisines_gendarmerie", "saisines reçues en site de gendarmerie"),
]
# The counted columns (read from the audited cube), in order.
RANG_DELAI = [c for c, _ in COLONNES_GRILLE].index("delai_median_jours")
COMPTES_GRILLE = [c for c, _ in COLONNES_GRILLE[5:] if c != "delai_median_jours"]

# Columns that add up to another one: protected together by secondary suppression.


def _cumules_par_poste(postes, annee: int, dimensions=None) -> dict[int, dict]:
    """The running totals of the year for each post, ``{post: {dimension: {code: n}}}``
    (the yearly ones, rapports/cumuls.py): one query for all the posts; only
    ``dimensions`` when given."""
    lignes = CumulAnnuel.objects.filter(poste__in=postes.values("pk"), annee=annee)
    if dimensions is not None:
        lignes = lignes.filter(dimension__in=dimensions)
    lignes = lignes.order_by().values_list("poste", "dimension", "code", "n")
    cumules: dict[int, dict] = {p: defaultdict(dict) for p in postes.values_list("pk", flat=True)}
    for poste_id, dimension, code, n in lignes:
        if poste_id in cumules:
            cumules[poste_id][dimension][code] = n
    return cumules


def indicateurs_par_poste(postes, annee: int) -> dict[int, dict]:
    """Every column of the grid for each post, from the running totals of the year."""
    return {p: _colonnes_grille(c) for p, c in _cumules_par_poste(postes, annee).items()}


def delais_medians_par_poste(postes, annee: int) -> dict[int, float | None]:
    """The median delay to a first contact of each post over the year: the grid's one
    column that is not a count of the cube (its other columns are read there)."""
    return {
        p: cumuls.mediane(c["delai"])
        for p, c in _cumules_par_poste(postes, annee, ["delai"]).items()
    }


def _colonnes_grille(c: dict[str, dict[str, int]]) -> dict:
    def somme(dimension: str, codes=None, sauf=()) -> int:
        return sum(
            n
            for code, n in c[dimension].items()
            if (codes is None or code in codes) and code not in sauf
        )

    v = {
        "personnes_rencontrees": somme("personnes_annee"),
        "entretiens": somme("mode", sauf={ModeEntretien.SANS_REPONSE}),
        "entretiens_physiques": somme("mode", {ModeEntretien.PHYSIQUE}),
        "nouvelles_situations": somme("sexe"),
        "situations_femmes": somme("sexe", {"F"}),
        "situations_hommes": somme("sexe", {"M"}),
        "situations_sexe_nr": somme("sexe", {"NR"}),
        "situations_mineurs": somme("mineur", {"mineur"}),
        "situations_victimes": somme("statut", {"victime"}),
        "saisines": somme("origine"),
        "saisines_forces": somme("origine", ORIGINES_FORCES),
        "saisines_personne": somme("origine", secret.ORIGINES_PERSONNE),
        "saisines_autres": somme("origine", {OrigineSaisine.AUTRE}),
        "orientations": somme("partenaire"),
        "orientations_relais": somme("issue", {"relais_confirme"}),
        "transmissions_ip": somme("transmission", {"ip_crip"}),
        "transmissions_signalements": somme("transmission", {"signalement_procureur"}),
        "delai_median_jours": cumuls.mediane(c["delai"]),
        "situations_femmes_majeures": somme("femme_majeure", {"oui"}),
        "situations_connues_service_social": somme("connu_ss", {"oui"}),
        "situations_avec_enfants": somme("enfants", {"au_moins_un"}),
        "situations_hors_penal": somme("statut", set(secret.TETES["hors_penal"][1])),
        "saisines_prises_en_charge": somme("etat", {"prise_en_charge"}),
        "saisines_sans_suite": somme("etat", {"sans_suite"}),
        "saisines_police": sum(n for s, n in c["site"].items() if s.startswith("police-")),
        "saisines_gendarmerie": sum(
            n for s, n in c["site"].items() if s.startswith("gendarmerie-")
        ),
    }
    v["saisines_partenaires"] = (
        v["saisines"] - v["saisines_forces"] - v["saisines_personne"] - v["saisines_autres"]
    )
    return v


@dataclass
class ExporteurGrilleNationale:
    """One row per post and year, fixed columns. It leaves us: every count is read from
    the component's audited cube (rapports/secret.py), as every external output."""

    postes: object  # QuerySet[Poste]
    annee: int
    seuil: int = SEUIL_EXTERNE

    def lignes(self) -> list[list]:
        delais = delais_medians_par_poste(self.postes, self.annee)
        postes = self.postes.select_related("departement", "employeur").order_by(
            "departement__code", "intitule"
        )
        composante_de = {p: c for c in secret.composantes() for p in c}
        masques: dict[int, secret.Masque] = {}
        resultat = []
        for poste in postes:
            if poste.pk not in masques:
                c = composante_de[poste.pk]
                masque = secret.masque(c, self.annee, postes=c)
                masques.update(dict.fromkeys(c, masque))
            masque = masques[poste.pk]
            textes = {}
            for colonne in COMPTES_GRILLE:
                cachee, valeur = masque.case((poste.pk,), "A", colonne)
                textes[colonne] = "masqué" if cachee else str(valeur)
            cachee, situations = masque.case((poste.pk,), "A", "nouvelles_situations")
            delai = delais.get(poste.pk)
            resultat.append(
                [
                    self.annee,
                    poste.departement.code,
                    poste.intitule,
                    poste.employeur.nom,
                    poste.etp,
                    *(textes[c] for c, _ in COLONNES_GRILLE[5:RANG_DELAI]),
                    (
                        ""
                        if delai is None or cachee or situations < self.seuil
                        else nombre_fr(delai, 1)
                    ),
                    *(textes[c] for c, _ in COLONNES_GRILLE[RANG_DELAI + 1 :]),
                ]
            )
        return resultat

    def exporter(self) -> Export:
        # The ministry's spreadsheets read the first line as column codes: the rule goes
        # in the file name's documentation (docs/grille-nationale.md), not in the file.
        codes = [code for code, _ in COLONNES_GRILLE]
        contenu = ecrire_csv([codes, *self.lignes()])
        return f"grille-nationale-{self.annee}.csv", TYPE_CSV, contenu
