app_name = "accueil"

urlpatterns: list = []
