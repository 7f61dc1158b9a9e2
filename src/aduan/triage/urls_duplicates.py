"""/kantor/triase/: duplicates (views in views_duplicates)."""

urlpatterns: list = []
