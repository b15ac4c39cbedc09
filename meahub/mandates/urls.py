from django.urls import path

from meahub.mandates import views

app_name = "mandates"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("list/", views.mandate_list, name="mandate-list"),
    path("review/", views.review_list, name="review-list"),
    path("review/<int:pk>/settle/", views.review_settle, name="review-settle"),
    path("obligations/", views.obligation_list, name="obligation-list"),
    path("obligations/<int:pk>/decide/", views.obligation_decide, name="obligation-decide"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/new/", views.report_new, name="report-new"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("reports/<int:pk>/docx", views.report_docx, name="report-docx"),
    path("reports/<int:pk>/pdf", views.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/entries/<int:entry_pk>/", views.entry_detail, name="entry-detail"),
    path("reports/<int:pk>/entries/<int:entry_pk>/edit/", views.entry_edit, name="entry-edit"),
    path("<int:pk>/", views.mandate_detail, name="mandate-detail"),
    path("<int:pk>/edit/", views.mandate_edit, name="mandate-edit"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/remove/",
        views.evidence_remove,
        name="evidence-remove",
    ),
    path(
        "<int:pk>/suggestions/<int:suggestion_pk>/",
        views.suggestion_decide,
        name="suggestion-decide",
    ),
]
