"""What a browser sends when a form is submitted as it stands: the "successful controls".

The test client posts whatever dict a test writes; a browser posts what the page holds.
Bugs that only a real submission shows (unchanged rows dropped, a hidden field missing)
need the second: ``formulaire(page)`` reads the page's POST form the way a browser would.

``Navigateur`` does the same over real HTTP, against a running server (the outage tests,
the benchmark's writers).
"""

import http.client
from html.parser import HTMLParser
from urllib.parse import urlencode

# Inputs whose value is sent as it stands (file inputs are sent empty by a browser).
TYPES_SANS_VALEUR = {"submit", "button", "reset", "image", "file"}


class _Lecteur(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.formulaires: list[dict] = []
        self._courant = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: ("" if v is None else v) for k, v in attrs}
        if tag == "form":
            self._courant = {
                "attrs": attrs,
                "controles": [],
                "boutons": [],
                "types": {},
                "options": {},
            }
            self.formulaires.append(self._courant)
            return
        if self._courant is None:
            return
        nom = attrs.get("name")
        desactive = "disabled" in attrs
        if tag == "input" and nom and not desactive:
            type_ = attrs.get("type", "text").lower()
            self._courant["types"][nom] = type_
            if type_ in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._courant["controles"].append((nom, attrs.get("value", "on")))
            elif type_ in ("submit", "image"):
                self._courant["boutons"].append((nom, attrs.get("value", "")))
            elif type_ in TYPES_SANS_VALEUR:
                return
            else:
                self._courant["controles"].append((nom, attrs.get("value", "")))
        elif tag == "button" and nom and not desactive:
            if attrs.get("type", "submit").lower() == "submit":
                self._courant["boutons"].append((nom, attrs.get("value", "")))
        elif tag == "select" and nom and not desactive:
            self._select = {"nom": nom, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append(
                {"value": attrs.get("value"), "selected": "selected" in attrs, "texte": ""}
            )
        elif tag == "textarea" and nom and not desactive:
            self._textarea = {"nom": nom, "texte": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["texte"] += data
        elif self._select is not None and self._select["options"]:
            self._select["options"][-1]["texte"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._courant = None
        elif tag == "select" and self._select is not None:
            self._fermer_select()
        elif tag == "textarea" and self._textarea is not None:
            # HTML drops one newline right after <textarea>.
            texte = self._textarea["texte"]
            texte = texte[1:] if texte.startswith("\n") else texte
            self._courant["controles"].append((self._textarea["nom"], texte))
            self._textarea = None

    def _fermer_select(self):
        select, self._select = self._select, None
        options = select["options"]
        self._courant["options"][select["nom"]] = [
            o["value"] if o["value"] is not None else o["texte"].strip() for o in options
        ]
        choisies = [o for o in options if o["selected"]]
        if not choisies and not select["multiple"] and options:
            choisies = options[:1]  # a single select always sends its first option
        if not select["multiple"]:
            choisies = choisies[-1:]
        for option in choisies:
            valeur = option["value"] if option["value"] is not None else option["texte"].strip()
            self._courant["controles"].append((select["nom"], valeur))


def formulaires_post(html: str) -> list[dict]:
    lecteur = _Lecteur()
    lecteur.feed(html)
    lecteur.close()
    return [f for f in lecteur.formulaires if f["attrs"].get("method", "").lower() == "post"]


def champs_de_type(page, type_: str) -> list[str]:
    """Names of the page's own form inputs of that type (``"date"``...)."""
    return [nom for nom, t in _le_formulaire(page)["types"].items() if t == type_]


def _le_formulaire(page) -> dict:
    html = page.content.decode() if hasattr(page, "content") else page
    chemin = page.wsgi_request.path if hasattr(page, "wsgi_request") else None
    siens = [f for f in formulaires_post(html) if f["attrs"].get("action", "") in ("", chemin)]
    assert len(siens) == 1, f"{len(siens)} formulaires renvoyés à la page elle-même"
    return siens[0]


def donnees_envoyees(form: dict) -> dict[str, list[str]]:
    """What a browser sends for one parsed form (see ``formulaires_post``), unchanged."""
    donnees: dict[str, list[str]] = {}
    for nom, valeur in form["controles"]:
        donnees.setdefault(nom, []).append(valeur)
    return donnees


def formulaire(page, *, bouton: str | None = None) -> dict[str, list[str]]:
    """The POST data of the page's own form (the POST form sent back to the page's URL),
    submitted unchanged.

    ``bouton`` names the submit button clicked; by default none is sent (Enter key
    in a field of a form whose first button has no name)."""
    form = _le_formulaire(page)
    donnees = donnees_envoyees(form)
    if bouton is not None:
        valeur = dict(form["boutons"])[bouton]
        donnees.setdefault(bouton, []).append(valeur)
    return donnees


class Navigateur:
    """What a browser does: a session cookie, the CSRF cookie, forms read then sent."""

    def __init__(self, port: int, session: str, *, hote: str = "127.0.0.1", delai: float = 60):
        self.hote, self.port, self.delai = hote, port, delai
        self.cookies = {"sessionid": session} if session else {}

    def demander(self, methode: str, chemin: str, donnees: dict | None = None):
        """(status, headers, body); ``donnees`` values may be lists (repeated fields)."""
        connexion = http.client.HTTPConnection(self.hote, self.port, timeout=self.delai)
        try:
            entetes = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            corps = None
            if donnees is not None:
                corps = urlencode(donnees, doseq=True)
                entetes["Content-Type"] = "application/x-www-form-urlencoded"
            connexion.request(methode, chemin, body=corps, headers=entetes)
            reponse = connexion.getresponse()
            contenu = reponse.read().decode(errors="replace")
            for entete in reponse.headers.get_all("Set-Cookie") or []:
                nom, _, reste = entete.partition("=")
                self.cookies[nom.strip()] = reste.split(";")[0]
            return reponse.status, reponse.headers, contenu
        finally:
            connexion.close()
