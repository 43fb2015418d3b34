"""Pages of the placement team (team members and team leads). URLs carry opaque references only."""

from django.urls import path

from plaatsregie.web.team import lists, pool, reports, reviews, workqueue, youth

app_name = "team"
urlpatterns = [
    path("", workqueue.workqueue, name="workqueue"),
    path("wachtpool/", pool.pool, name="pool"),
    path("melding/<str:ref>/", reports.report, name="report"),
    path("melding/<str:ref>/lijst-maken/", reports.list_generate, name="list_generate"),
    path("melding/<str:ref>/afspraak/", reports.agreement_record, name="agreement"),
    path("lijst/<str:ref>/niet-in-aanmerking/", reports.excluded, name="excluded"),
    path("lijst/<str:ref>/volgorde/", lists.list_reorder, name="list_reorder"),
    path("lijst/<str:ref>/toevoegen/", lists.list_add, name="list_add"),
    path("lijst/<str:ref>/schrappen/", lists.list_remove, name="list_remove"),
    path("lijst/<str:ref>/goedkeuren/", lists.list_approve, name="list_approve"),
    path("lijst/<str:ref>/voorstel/", lists.offer_create, name="offer_make"),
    path("voorstel/<str:ref>/intrekken/", lists.offer_withdrawal, name="offer_withdraw"),
    path("voorstel/<str:ref>/bespreking/", reviews.review, name="review"),
    path("voorstel/<str:ref>/mandaat/", reviews.mandate, name="mandate"),
    path("voorstel/<str:ref>/collectief-overleg/", reviews.consultation, name="consultation"),
    path("aanmelding/<str:ref>/", youth.youth_file, name="youth"),
]
