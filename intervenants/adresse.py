"""The client's address, for the login lockout (django-axes).

Behind N trusted proxies, each appends the address it received the request from to
X-Forwarded-For: the entry N places from the right is the client as our outermost proxy
saw it. Anything further left was written by the client and is never trusted.
"""

from django.conf import settings


def adresse_du_client(request) -> str:
    distante = request.META.get("REMOTE_ADDR", "")
    proxys = settings.AXES_IPWARE_PROXY_COUNT
    if not proxys:
        return distante
    chaine = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chaine = [a for a in chaine if a]
    if len(chaine) < proxys:
        # Fewer hops than configured: the request did not come through all our proxies.
        return distante
    return chaine[-proxys]
