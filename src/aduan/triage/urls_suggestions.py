"""/kantor/triase/: suggestions (views in views_suggestions)."""

urlpatterns: list = []
