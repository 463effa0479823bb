"""Role × URL matrix of the reports (see tests/matrice.py)."""

from tests.matrice import OK, Ligne, connectes
from tests.rapports.factories import BilanAnnuelFactory, CompteRenduFactory

NON = 404
REDIRIGE = 302

INTERVENANTS = {"intervenante": OK, "intervenante_binome": OK, "intervenant_autre": OK}
STATISTIQUES = {**INTERVENANTS, "chef": OK, "employeur": OK, "coordinateur": OK}
LECTEURS_CR = {
    "intervenante": OK,
    "intervenante_binome": OK,
    "chef": OK,
    "employeur": OK,
    "coordinateur": OK,
}
# A site's report, transmitted to its CLSPD and to the CDP: its chief and the coordinator
# (writers), the CLSPD of the site, the CDP of the département, the employer of a post
# covering the site. The workers read the quarterly reports, not the annual one.
LECTEURS_BILAN = {"chef": OK, "coordinateur": OK, "clspd": OK, "cdp": OK, "employeur": OK}


def _cr(monde, **kwargs):
    return {"pk": CompteRenduFactory(poste=monde.poste, **kwargs).pk}


def _bilan(monde, **kwargs):
    bilan = BilanAnnuelFactory(site=monde.commissariat, departement=monde.departement, **kwargs)
    return {"pk": bilan.pk}


LIGNES = {
    "rapports:liste": Ligne(
        connectes(OK, agent=NON, admin=NON, sans_role=NON),
    ),
    "rapports:tableau_de_bord": Ligne(connectes(NON, **STATISTIQUES)),
    "rapports:export_csv": Ligne(
        connectes(NON, **STATISTIQUES), kwargs=lambda monde: {"cle": "origines"}
    ),
    "rapports:grille_nationale": Ligne(connectes(NON, coordinateur=OK)),
    "rapports:compte_rendu_creer": Ligne(connectes(NON, **INTERVENANTS)),
    "rapports:compte_rendu_detail": Ligne(
        connectes(NON, **LECTEURS_CR), kwargs=lambda m: _cr(m, transmis=True)
    ),
    "rapports:compte_rendu_modifier": Ligne(
        connectes(NON, intervenante=OK, intervenante_binome=OK), kwargs=_cr
    ),
    "rapports:compte_rendu_valider": Ligne(
        connectes(NON, intervenante=REDIRIGE, intervenante_binome=REDIRIGE),
        kwargs=_cr,
        methode="post",
    ),
    "rapports:compte_rendu_transmettre": Ligne(
        connectes(NON, intervenante=REDIRIGE, intervenante_binome=REDIRIGE),
        kwargs=lambda m: _cr(m, fige=True),
        methode="post",
    ),
    "rapports:compte_rendu_pdf": Ligne(
        connectes(NON, **LECTEURS_CR), kwargs=lambda m: _cr(m, transmis=True)
    ),
    "rapports:bilan_creer": Ligne(connectes(NON, chef=OK, coordinateur=OK)),
    "rapports:bilan_detail": Ligne(
        connectes(NON, **LECTEURS_BILAN), kwargs=lambda m: _bilan(m, transmis=True, pour_cdp=True)
    ),
    "rapports:bilan_modifier": Ligne(connectes(NON, chef=OK, coordinateur=OK), kwargs=_bilan),
    "rapports:bilan_valider": Ligne(
        connectes(NON, chef=REDIRIGE, coordinateur=REDIRIGE), kwargs=_bilan, methode="post"
    ),
    "rapports:bilan_transmettre": Ligne(
        connectes(NON, chef=REDIRIGE, coordinateur=REDIRIGE),
        kwargs=lambda m: _bilan(m, fige=True),
        methode="post",
    ),
    "rapports:bilan_pdf": Ligne(
        connectes(NON, **LECTEURS_BILAN), kwargs=lambda m: _bilan(m, transmis=True, pour_cdp=True)
    ),
    # The functional authority's assessment, on its site's draft: the chief only; the
    # coordinator writes the report, not the chief's word.
    "rapports:bilan_evaluation": Ligne(connectes(NON, chef=OK), kwargs=_bilan),
}
