from django.urls import path

from meahub.documents import views

app_name = "documents"
# Symbols hold slashes and spaces ("UNEP/CMS/Resolution 11.10 (Rev.COP14)"), so they are
# matched with the path converter: the fixed addresses come first, then those that end in
# a fixed part, and the document itself last.
urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("upload/", views.upload, name="upload"),
    path("uploads/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("actors/", views.actor_index, name="actor-list"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor-detail"),
    path("<path:symbol>/para/<str:anchor>/", views.paragraph_detail, name="paragraph-detail"),
    path("<path:symbol>/versions/", views.document_versions, name="document-versions"),
    path("<path:symbol>/diff/", views.document_diff_view, name="document-diff"),
    path("<path:symbol>/original/", views.document_original, name="document-original"),
    path("<path:symbol>/edit/", views.document_edit, name="document-edit"),
    path("<path:symbol>/publish/", views.document_publish, name="document-publish"),
    path("<path:symbol>/akn.xml", views.document_akn, name="document-akn"),
    path("<path:symbol>/", views.document_detail, name="document-detail"),
]
